"""Vacancy pages: the public job board and job page, and vacancy management for agencies and factories."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from enterprises import board, services
from enterprises.filtersets import VacancyFilterSet
from enterprises.forms import (
    JOB_ORDERING,
    BaseSkillFormSet,
    VacancyForm,
    VacancySkillFormSet,
    VacancyTransitionForm,
)
from enterprises.models import Enterprise, Vacancy
from enterprises.selectors import enterprise_list, vacancy_manageable_list, vacancy_public_list
from hrmatch.actors import Role
from hrmatch.pages import PER_PAGE, HtmxRequest, actor_of, current_role, form_add_service_errors, paginate
from pilots.models import District, PilotCity
from talent.coding.suggest import suggest_occupations
from talent.models import CURRENT_EDITION, Occupation


def _city_choices() -> list[tuple[str, str]]:
    return [(city.code, str(city)) for city in PilotCity.objects.filter(is_active=True).order_by("code")]


def _district_choices(city_code: str) -> list[tuple[str, str]]:
    return [(d.code, str(d)) for d in District.objects.filter(city__code=city_code).order_by("code")]


def _occupation_group_choices() -> list[tuple[str, str]]:
    groups = Occupation.objects.filter(
        edition=CURRENT_EDITION, level=Occupation.Level.MIDDLE, code__startswith="6-"
    ).order_by("code")
    return [(group.code, group.display_name) for group in groups]


def _reference(name: str, build: Any) -> list[tuple[str, str]]:
    """A choice list of the board's filters from the board's reference cache, in the visitor's language."""
    return cast(list[tuple[str, str]], board.reference(f"{name}:{get_language()}", build))


def _job_filterset(request: HttpRequest, queryset: QuerySet[Vacancy]) -> VacancyFilterSet:
    """The shared VacancyFilterSet, its free-text codes shown as choices a worker can pick from.

    The choice lists (cities, a city's districts, occupation groups) come from the board's reference
    cache: built once an hour, not on every request.
    """
    data = request.GET.copy()
    city_code = data.get("city", "")
    districts = (
        _reference(f"districts:{city_code}", partial(_district_choices, city_code))
        if city_code.isdigit() and len(city_code) == 6
        else []
    )
    # A district left over from the previously chosen city would silently empty the results.
    for name in ("district", "near_district"):
        if data.get(name) and data[name] not in {code for code, _label in districts}:
            del data[name]
    filterset = VacancyFilterSet(data or None, queryset=queryset)
    fields = filterset.form.fields
    cities = _reference("cities", _city_choices)
    fields["city"].widget = forms.Select(choices=[("", _("All cities")), *cities])
    fields["city"].label = _("City")
    fields["district"].label = _("District")
    fields["within_km"].label = _("Within (km)")
    fields["pay_min"].label = _("Pay at least (¥/month)")
    fields["pay_max"].label = _("Starting pay at most (¥/month)")
    fields["district"].widget = forms.Select(choices=[("", _("All districts")), *districts])
    fields["near_district"].widget = forms.Select(choices=[("", _("Anywhere")), *districts])
    fields["near_district"].label = _("Near district")
    fields["occupation"] = forms.MultipleChoiceField(
        choices=_reference("occupation-groups", _occupation_group_choices),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Occupation groups"),
        help_text=_("Tick one or more; none ticked means every occupation."),
    )
    fields["dormitory"].widget = forms.Select(
        choices=[("", _("Either")), ("true", _("Dormitory provided")), ("false", _("No dormitory"))]
    )
    fields["employment_form"].widget = forms.CheckboxSelectMultiple(choices=fields["employment_form"].choices)
    fields["shift_pattern"].widget = forms.CheckboxSelectMultiple(choices=fields["shift_pattern"].choices)
    fields["ordering"].widget = forms.Select(choices=[("", _("Newest first")), *JOB_ORDERING[1:]])
    fields["ordering"].label = _("Sort by")
    for name in ("status", "enterprise", "published_after", "published_before", "skill"):
        fields[name].widget = forms.HiddenInput()
    return filterset


PLACE_FIELDS = ("district", "near_district", "within_km")


def _job_results(request: HttpRequest, filterset: VacancyFilterSet) -> str:
    """The board's results (count, cards, pages) as HTML; anonymous readers get it from the board cache."""
    key = board.board_key("page", request) if not request.user.is_authenticated else None
    html = board.board_cache_get(key) if key else None
    if html is None:
        rows = filterset.qs
        if not request.GET.get("ordering"):
            rows = rows.order_by("-published_at", "-id")
        page = board.CappedPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        html = render_to_string(
            "enterprises/partials/job_results.html",
            {"filter": filterset, "page": page, "place_fields": PLACE_FIELDS},
            request=request,
        )
        if key:
            board.board_cache_set(key, html)
    return cast(str, html)


@require_GET
def job_list(request: HtmxRequest) -> HttpResponse:
    """The public job board: open vacancies, filtered, searched and sorted, a page at a time."""
    filterset = _job_filterset(request, vacancy_public_list())
    results = _job_results(request, filterset)
    if request.htmx:
        return HttpResponse(results)
    # The filter panel depends only on the query and the language: anonymous visitors get it from the cache.
    form_key = board.board_key("filters", request) if not request.user.is_authenticated else ""
    context = {
        "filter": filterset,
        "results": mark_safe(results),
        "place_fields": PLACE_FIELDS,
        "form_key": form_key,
    }
    return render(request, "enterprises/vacancy_board.html", context)


@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One open job: the factory, pay, shifts, requirements and place, with an apply button."""
    vacancy = get_object_or_404(
        vacancy_public_list().select_related("enterprise__district", "enterprise__park"), pk=pk
    )
    actor = actor_of(request)
    application = None
    mark = None  # the worker's own mark on the job: saved or not interested (matching.JobMark)
    if actor.worker_id is not None:
        application = vacancy.applications.filter(worker_id=actor.worker_id).first()
        mark = vacancy.worker_marks.filter(worker_id=actor.worker_id).values_list("kind", flat=True).first()
    return render(
        request,
        "enterprises/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "skills": vacancy.skill_requirements.select_related("skill").order_by(
                "importance", "skill__code"
            ),
            "is_worker": actor.worker_id is not None,
            "application": application,
            "is_saved": mark == "saved",
            "not_interested": mark == "not_interested",
            "applied": application is not None and application.stage != "suggested",
        },
    )


def _manageable(request: HttpRequest) -> QuerySet[Vacancy]:
    actor = actor_of(request)
    if not (actor.agency_ids or actor.enterprise_ids or actor.is_admin):
        raise Http404
    return vacancy_manageable_list(actor=actor)


@login_required
@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    """The vacancies an agency or factory manages, in every status, filtered."""
    filterset = VacancyFilterSet(request.GET or None, queryset=_manageable(request))
    rows = filterset.qs
    if not request.GET.get("ordering"):
        rows = rows.order_by("-updated_at", "-id")
    return render(
        request, "enterprises/vacancy_list.html", {"filter": filterset, "page": paginate(request, rows)}
    )


@login_required
def vacancy_create(request: HttpRequest) -> HttpResponse:
    """Write a new vacancy as a draft: title with occupation suggestions, pay, terms and required skills."""
    actor = actor_of(request)
    enterprises = enterprise_list(actor=actor)
    if not actor.is_admin:
        if current_role(request, actor) == Role.FACTORY or not actor.agency_ids:
            enterprises = enterprises.filter(pk__in=actor.enterprise_ids)
        if not (actor.agency_ids or actor.enterprise_ids):
            raise Http404
    form = VacancyForm(request.POST or None, enterprises=enterprises)
    skills = cast(BaseSkillFormSet, VacancySkillFormSet(request.POST or None, prefix="skills"))
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        data = form.vacancy_data()
        if actor.agency_ids and current_role(request, actor) == Role.AGENCY:
            data["agency_id"] = sorted(actor.agency_ids)[0]
        try:
            vacancy = services.vacancy_create(
                enterprise=form.cleaned_data["enterprise"],
                data=data,
                skills=skills.triples(),
                actor=actor_of(request),
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("The vacancy is saved as a draft. Publish it when it is ready."))
            return redirect("enterprises:vacancy-manage", pk=vacancy.pk)
    return render(request, "enterprises/vacancy_form.html", {"form": form, "skills": skills})


@login_required
def vacancy_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """A managed vacancy: its details, skills, status buttons and links to its candidates; for the
    enterprise's HR, the agencies it granted the vacancy (when an agency posted it)."""
    vacancy = get_object_or_404(_manageable(request), pk=pk)
    return render(
        request,
        "enterprises/vacancy_manage.html",
        {
            "vacancy": vacancy,
            "skills": vacancy.skill_requirements.select_related("skill").order_by(
                "importance", "skill__code"
            ),
            "transitions": sorted(services.TRANSITIONS[vacancy.status] - {Vacancy.Status.FILLED}),
            "history": vacancy.status_changes.select_related("changed_by")[:20],
            **_grants(request, vacancy),
        },
    )


def _grants(request: HttpRequest, vacancy: Vacancy) -> dict[str, Any]:
    """For the enterprise's HR, on a vacancy an agency posted: the agencies granted it and those it may
    grant (agencies.VacancyGrant, read through the relations: enterprises does not import agencies)."""
    actor = actor_of(request)
    if vacancy.agency_id is None or not (actor.is_admin or vacancy.enterprise_id in actor.enterprise_ids):
        return {"grants_shown": False}
    grants = vacancy.agency_grants.select_related("agency").order_by("agency__name", "pk")  # type: ignore[attr-defined]
    serving = (
        vacancy.enterprise.agency_links.exclude(agency_id=vacancy.agency_id)  # type: ignore[attr-defined]
        .exclude(agency__vacancy_grants__vacancy=vacancy)
        .select_related("agency")
        .order_by("agency__name", "agency_id")
    )
    return {"grants_shown": True, "grants": grants, "serving": serving}


def _skill_initial(vacancy: Vacancy) -> list[dict[str, Any]]:
    return [
        {"skill": link.skill_id, "importance": link.importance, "min_level": link.min_level}
        for link in vacancy.skill_requirements.order_by("importance", "skill__code")
    ]


@login_required
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a managed vacancy's terms and skills; an open one is re-matched when matching terms change."""
    vacancy = get_object_or_404(_manageable(request).select_related("occupation"), pk=pk)
    if vacancy.status == Vacancy.Status.CLOSED:
        messages.error(request, _("A closed vacancy cannot be edited."))
        return redirect("enterprises:vacancy-manage", pk=vacancy.pk)
    # The vacancy is managed, so its enterprise is the one choice (shown, never changed).
    enterprises = Enterprise.objects.filter(pk=vacancy.enterprise_id)
    form = VacancyForm(request.POST or None, instance=vacancy, enterprises=enterprises)
    skills = cast(
        BaseSkillFormSet,
        VacancySkillFormSet(request.POST or None, prefix="skills", initial=_skill_initial(vacancy)),
    )
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        try:
            services.vacancy_update(
                vacancy=vacancy, data=form.vacancy_data(), skills=skills.triples(), actor=actor_of(request)
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("The vacancy is saved."))
            return redirect("enterprises:vacancy-manage", pk=vacancy.pk)
    return render(
        request, "enterprises/vacancy_form.html", {"form": form, "skills": skills, "vacancy": vacancy}
    )


@login_required
@require_POST
def vacancy_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish, pause or close a managed vacancy."""
    vacancy = get_object_or_404(_manageable(request), pk=pk)
    form = VacancyTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose publish, pause or close."))
    else:
        try:
            services.vacancy_transition(vacancy=vacancy, to=form.cleaned_data["to"], actor=actor_of(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The vacancy is now %(status)s.") % {"status": vacancy.get_status_display()}
            )
    return redirect("enterprises:vacancy-manage", pk=vacancy.pk)


def _suggest_context(request: HttpRequest) -> dict[str, Any]:
    """City and industry of the enterprise chosen in the vacancy form, when the user may post for it."""
    enterprise_id = request.GET.get("enterprise") or ""
    if not (enterprise_id.isdigit() and request.user.is_authenticated):
        return {}
    enterprise = enterprise_list(actor=actor_of(request)).filter(pk=int(enterprise_id)).first()
    return {"city_id": enterprise.city_id, "industry": enterprise.industry} if enterprise else {}


@require_GET
def occupation_suggest(request: HttpRequest) -> HttpResponse:
    """htmx: occupations suggested for the job title typed so far."""
    title = (request.GET.get("title") or "")[:80]
    suggestions = suggest_occupations(title, limit=5, **_suggest_context(request)) if title.strip() else []
    return render(
        request,
        "enterprises/partials/occupation_suggestions.html",
        {"suggestions": suggestions, "chosen": request.GET.get("occupation_code", "")},
    )
