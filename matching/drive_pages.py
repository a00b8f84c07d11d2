"""Pages of joint recruitment drives and of what training would change (officials, parks, agencies):
a drive's invitations are planned by the engine across all its vacancies at once and exported; the
city's programmes are ranked by the extra posts their graduates could fill per 10,000 yuan of subsidy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hrmatch.pages import actor_of, csv_response, paginate
from matching.services.drives import drive_plan
from matching.services.training_effect import programme_ranking
from pilots.models import Park
from talent.models import Occupation
from training.forms import DriveForm
from training.models import Programme
from training.selectors import drive_invitation_list, drive_list, drive_manageable_list
from training.services import drive_create


def _city_of(request: HttpRequest) -> int:
    """The city whose drives an actor may create: the official's, or their agency's."""
    actor = actor_of(request)
    if actor.official_city_id is not None:
        return actor.official_city_id
    if actor.agency_ids:
        from agencies.models import Agency

        city_id = Agency.objects.filter(pk__in=actor.agency_ids).values_list("city_id", flat=True).first()
        if city_id is not None:
            return city_id
    raise Http404


@login_required
@require_GET
def drive_list_page(request: HttpRequest) -> HttpResponse:
    """Drives one organises or takes part in."""
    actor = actor_of(request)
    drives = drive_list(actor=actor).order_by("-held_on", "-id")
    can_create = actor.official_city_id is not None or bool(actor.agency_ids)
    return render(
        request, "matching/drive_list.html", {"page": paginate(request, drives), "can_create": can_create}
    )


@login_required
@require_http_methods(["GET", "POST"])
def drive_create_page(request: HttpRequest) -> HttpResponse:
    """A city official (for the city or a park) or agency staff creates a drive."""
    actor = actor_of(request)
    city_id = _city_of(request)
    form = DriveForm(request.POST or None, city_id=city_id)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("vacancies", "agencies")}
        if actor.official_city_id is None and actor.agency_ids:
            data["organiser_agency_id"] = sorted(actor.agency_ids)[0]
        drive = drive_create(
            data={**data, "city_id": city_id},
            vacancy_ids=[v.pk for v in form.cleaned_data["vacancies"]],
            agency_ids=[a.pk for a in form.cleaned_data["agencies"]],
            actor=actor,
        )
        return redirect("drives:detail", drive.pk)
    return render(request, "matching/drive_form.html", {"form": form})


@login_required
@require_GET
def drive_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A drive: its vacancies, the plan compared with each factory taking its own top, the invitations."""
    actor = actor_of(request)
    drive = get_object_or_404(drive_list(actor=actor), pk=pk)
    invitations = drive_invitation_list(actor=actor, drive=drive)
    return render(
        request,
        "matching/drive_detail.html",
        {
            "drive": drive,
            "vacancies": drive.vacancies.select_related("enterprise").order_by("enterprise__name", "title"),
            "page": paginate(request, invitations, per_page=50),
            "can_plan": drive_manageable_list(actor=actor).filter(pk=pk).exists(),
            "summary": drive.plan_summary,
            "columns": [
                ("plan", _("Planned together")),
                ("each_takes_its_top", _("Each factory takes its own top")),
                ("greedy_in_turn", _("Factories in turn, at most k each")),
            ],
        },
    )


@login_required
@require_POST
def drive_plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan (or plan again) a drive's invitations."""
    drive = get_object_or_404(drive_manageable_list(actor=actor_of(request)), pk=pk)
    drive = drive_plan(drive=drive)
    messages.success(
        request,
        _("%(count)s invitations planned for %(workers)s workers.")
        % {
            "count": drive.plan_summary["plan"]["invitations"],
            "workers": drive.plan_summary["plan"]["distinct_workers"],
        },
    )
    return redirect("drives:detail", drive.pk)


@login_required
@require_GET
def drive_export_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The invitation list as CSV: names and mobiles only of the exporting agency's own pool."""
    actor = actor_of(request)
    drive = get_object_or_404(drive_list(actor=actor), pk=pk)
    header = [
        _("Enterprise"),
        _("Vacancy"),
        _("Rank"),
        _("Score"),
        _("Candidate"),
        _("Mobile"),
        _("Agency"),
    ]
    rows = (
        [
            i.vacancy.enterprise.name,
            i.vacancy.title,
            i.rank + 1,
            f"{i.score:.3f}",
            i.worker.full_name if visible else _("Candidate %(ref)s") % {"ref": f"W{i.worker_id}"},
            i.worker.mobile if visible else "",
            i.worker.managing_agency.name if i.worker.managing_agency else "",
        ]
        for i in drive_invitation_list(actor=actor, drive=drive)
        for visible in [bool(getattr(i, "identity_visible", False))]
    )
    return csv_response(f"drive-{drive.pk}-invitations.csv", header, rows)


def _park_of(request: HttpRequest, city_id: int) -> Park | None:
    """The park `?park=` names, which must be one of the city's (else 404); None for the whole city."""
    park_id = request.GET.get("park", "")
    if not park_id:
        return None
    if not park_id.isdigit():
        raise Http404
    return get_object_or_404(Park, pk=int(park_id), city_id=city_id)


@login_required
@require_GET
def training_effect_page(request: HttpRequest) -> HttpResponse:
    """City officials: the city's programmes ranked by extra posts filled per 10,000 yuan of subsidy; a
    park's officer (`?park=`) sees the extra posts of that park's open vacancies only."""
    actor = actor_of(request)
    if actor.official_city_id is None and not actor.is_admin:
        raise Http404
    city_id = actor.official_city_id or int(request.GET.get("city", "0") or 0)
    park = _park_of(request, city_id)
    trainees = request.GET.get("trainees", "")
    ranking = programme_ranking(
        city_id=city_id,
        trainees=int(trainees) if trainees.isdigit() and 0 < int(trainees) <= 5000 else None,
        park_id=park.pk if park else None,
    )
    programmes = Programme.objects.select_related("provider").in_bulk([e.programme_id for e in ranking])
    names = {
        occupation.code: occupation.display_name
        for occupation in Occupation.objects.filter(
            code__in={c for e in ranking for c in e.extra_by_occupation}
        )
    }
    rows = [
        {
            "effect": e,
            "programme": programmes[e.programme_id],
            "occupations": [(names.get(code, code), n) for code, n in e.extra_by_occupation.items()],
        }
        for e in ranking
    ]
    parks = Park.objects.filter(city_id=city_id).order_by("name_zh")
    return render(request, "matching/training_effect.html", {"rows": rows, "park": park, "parks": parks})
