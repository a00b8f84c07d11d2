"""Pages of training: programmes and enrolling (workers, agency staff), one's enrolments, the provider's
workspace with its trainees' progress and assessment, and the outcomes officials and providers follow."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enterprises.models import Vacancy
from enterprises.selectors import vacancy_manageable_list
from hrmatch.actors import Actor, Role
from hrmatch.pages import actor_of, csv_response, paginate, role_required
from talent.models import WorkerProfile
from talent.selectors import worker_list
from training import selectors, services
from training.forms import AdvanceForm, CommitmentForm, CompleteForm, EnrolForm
from training.models import Cohort, Enrolment, Provider


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    """Programmes open for enrolment, with their next cohorts."""
    actor = actor_of(request)
    programmes = selectors.programme_list(actor=actor).filter(is_active=True).order_by("title", "id")
    return render(request, "training/programme_list.html", {"page": paginate(request, programmes)})


@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme, its cohorts with seats left, and the enrol form (a worker; agency staff for `?worker=`)."""
    actor = actor_of(request)
    programme = get_object_or_404(selectors.programme_list(actor=actor), pk=pk)
    cohorts = selectors.cohort_list(actor=actor).filter(programme=programme).order_by("starts_on")
    for_worker = _worker_for(request, request.GET.get("worker"))
    return render(
        request,
        "training/programme_detail.html",
        {
            "programme": programme,
            "cohorts": cohorts,
            "form": EnrolForm(),
            "for_worker": for_worker,
            "enrolling_self": for_worker is not None and for_worker.pk == actor.worker_id,
        },
    )


def _worker_for(request: HttpRequest, worker_id: str | None) -> WorkerProfile | None:
    """The worker an enrolment is for: one of the agency's pool when named, else the signed-in worker."""
    actor = actor_of(request)
    if worker_id and worker_id.isdigit():
        return worker_list(actor=actor).filter(pk=int(worker_id)).first()
    if actor.worker_id is not None:
        return WorkerProfile.objects.filter(pk=actor.worker_id).first()
    return None


@login_required
@require_POST
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol oneself, or a worker of one's pool, in a cohort."""
    actor = actor_of(request)
    cohort = get_object_or_404(selectors.cohort_list(actor=actor), pk=pk)
    worker = _worker_for(request, request.POST.get("worker"))
    if worker is None:
        raise Http404
    form = EnrolForm(request.POST)
    consent = form.is_valid() and form.cleaned_data["consent_to_profile"] and worker.pk == actor.worker_id
    try:
        services.enrolment_create(cohort=cohort, worker=worker, actor=actor, consent_to_profile=consent)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("training:programme-detail", cohort.programme_id)
    messages.success(
        request,
        _("%(name)s is enrolled in %(programme)s.")
        % {"name": worker.full_name, "programme": cohort.programme},
    )
    return redirect("training:enrolment-list")


@login_required
@require_GET
def enrolment_list(request: HttpRequest) -> HttpResponse:
    """Enrolments one takes part in: one's own, one's pool's, one's trainees (provider staff)."""
    actor = actor_of(request)
    enrolments = selectors.enrolment_list(actor=actor).order_by("-enrolled_at", "-id")
    managed = set(selectors.programme_manageable_list(actor=actor).values_list("pk", flat=True))
    return render(
        request,
        "training/enrolment_list.html",
        {
            "page": paginate(request, enrolments),
            "managed": managed,
            "advance_form": AdvanceForm(),
            "complete_form": CompleteForm(),
            "worker_id": actor.worker_id,
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page the form was on (`next`, this site's only), else to the enrolments."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("training:enrolment-list")


@role_required(Role.PROVIDER)
@require_GET
def provider_workspace(request: HttpRequest) -> HttpResponse:
    """Provider staff's day: their programmes, the running and coming cohorts with their trainees by
    status, and the trainees whose attendance, and then assessment, is to be recorded."""
    actor = actor_of(request)
    recent = timezone.localdate() - dt.timedelta(days=60)
    return render(
        request,
        "training/provider_workspace.html",
        {
            "providers": Provider.objects.filter(pk__in=actor.provider_ids).order_by("name"),
            "programmes": selectors.programme_manageable_list(actor=actor)
            .annotate(cohort_count=Count("cohorts"))
            .order_by("title", "id"),
            "cohorts": selectors.cohort_progress_list(actor=actor)
            .filter(ends_on__gte=recent)
            .order_by("starts_on", "id")[:20],
            "page": paginate(
                request,
                selectors.enrolment_to_record_list(actor=actor).order_by(
                    "cohort__starts_on", "worker_id", "id"
                ),
            ),
        },
    )


def _managed_enrolment(request: HttpRequest, pk: int) -> Enrolment:
    actor = actor_of(request)
    programmes = selectors.programme_manageable_list(actor=actor).values("pk")
    return get_object_or_404(
        selectors.enrolment_list(actor=actor).filter(cohort__programme__in=programmes), pk=pk
    )


@login_required
@require_POST
def enrolment_advance(request: HttpRequest, pk: int) -> HttpResponse:
    """Provider staff: a trainee starts attending, or drops out."""
    enrolment = _managed_enrolment(request, pk)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            services.enrolment_advance(
                enrolment=enrolment, to=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return _back(request)


@login_required
@require_POST
def enrolment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Provider staff: record the assessment; a pass goes to the worker's profile with their consent."""
    enrolment = _managed_enrolment(request, pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the assessment: %(errors)s") % {"errors": form.errors.as_text()})
        return _back(request)
    try:
        done = services.enrolment_complete(enrolment=enrolment, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Completion recorded and added to the worker's profile.")
            if done.written_to_profile_at
            else _("Completion recorded."),
        )
    return _back(request)


@login_required
@require_POST
def enrolment_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The worker agrees that a programme's result goes to their profile."""
    actor = actor_of(request)
    enrolment = get_object_or_404(selectors.enrolment_list(actor=actor), pk=pk, worker_id=actor.worker_id)
    services.enrolment_consent(enrolment=enrolment)
    return redirect("training:enrolment-list")


@login_required
@require_http_methods(["GET", "POST"])
def commitment_list(request: HttpRequest) -> HttpResponse:
    """Order-based training: the cohorts one's vacancies are committed to, their progress, and committing."""
    actor = actor_of(request)
    vacancies = (
        vacancy_manageable_list(actor=actor).filter(status=Vacancy.Status.OPEN).select_related("enterprise")
    )
    cities = set(vacancies.values_list("city_id", flat=True))
    cohorts = (
        Cohort.objects.filter(
            programme__is_active=True,
            programme__provider__city_id__in=cities,
            ends_on__gte=timezone.localdate(),
        )
        .select_related("programme__provider")
        .order_by("starts_on")
    )
    form = CommitmentForm(request.POST or None, vacancies=vacancies, cohorts=cohorts)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_commit(**form.cleaned_data, actor=actor)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Places committed to the cohort."))
            return redirect("training:commitment-list")
    commitments = selectors.commitment_list(actor=actor).order_by("cohort__starts_on", "id")
    return render(
        request,
        "training/commitment_list.html",
        {"page": paginate(request, commitments), "form": form, "can_commit": vacancies.exists()},
    )


def _outcome_cells(o: selectors.Outcome) -> list[object]:
    return [
        o.enrolments,
        o.completions,
        o.placed,
        round(o.pay_before) if o.pay_before else "",
        round(o.pay_after) if o.pay_after else "",
        round(o.subsidy_per_placement) if o.subsidy_per_placement else "",
    ]


def _outcomes_csv(actor: Actor, by: str) -> HttpResponse:
    """The outcomes by programme, provider or occupation as a CSV download."""
    figures = [
        _("Enrolments"),
        _("Completions"),
        _("Placed within 90 days"),
        _("Pay before"),
        _("Pay after"),
        _("Subsidy per placement"),
    ]
    if by == "provider":
        providers = selectors.provider_outcome_list(actor=actor)
        rows = [[o.provider.name, *_outcome_cells(o)] for o in providers]
        return csv_response("training-outcomes-by-provider.csv", [_("Provider"), *figures], rows)
    if by == "occupation":
        occupations = selectors.occupation_outcome_list(actor=actor)
        rows = [
            [o.occupation.display_name if o.occupation else _("No certificate"), *_outcome_cells(o)]
            for o in occupations
        ]
        return csv_response("training-outcomes-by-occupation.csv", [_("Occupation"), *figures], rows)
    programmes = selectors.programme_outcome_list(actor=actor)
    rows = [[o.programme.title, o.programme.provider.name, *_outcome_cells(o)] for o in programmes]
    return csv_response("training-outcomes.csv", [_("Programme"), _("Provider"), *figures], rows)


@login_required
@require_GET
def outcomes(request: HttpRequest) -> HttpResponse:
    """Officials and provider staff: enrolments, completions, placements within 90 days, pay before and
    after, subsidy per placement, by programme, provider and occupation; each drive's invitations,
    attendance and hires (CSV too). Everyone else: 403."""
    actor = actor_of(request)
    if not (actor.is_official or actor.provider_ids or actor.is_admin):
        raise PermissionDenied
    if request.GET.get("format") == "csv":
        return _outcomes_csv(actor, request.GET.get("by", "programme"))
    programmes = selectors.programme_outcome_list(actor=actor)
    return render(
        request,
        "training/outcomes.html",
        {
            "programmes": programmes,
            "providers": selectors.by_provider(programmes),
            "occupations": selectors.by_occupation(programmes),
            "drives": selectors.drive_outcome_list(actor=actor).order_by("-held_on", "-id"),
            "window": selectors.PLACEMENT_WINDOW_DAYS,
        },
    )
