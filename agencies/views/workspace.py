"""Agency workspace pages: the overview of clients and vacancies, and placements with the dispatch check."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies import services
from agencies.forms import PlacementForm
from agencies.selectors import placement_list
from agencies.views import staff_agency
from enterprises.models import Vacancy
from enterprises.selectors import (
    enterprise_list,
    vacancy_manageable_list,
    vacancy_workable_list,
    with_managed,
)
from hrmatch.actors import Role
from hrmatch.pages import actor_of, form_add_service_errors, paginate, role_required
from talent.selectors import worker_manageable_list
from talent.work_terms import EmploymentForm


@role_required(Role.AGENCY)
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    """The agency's day: its client factories, vacancies to fill, pool size, the latest match run."""
    agency = staff_agency(request)
    actor = actor_of(request)
    clients = (
        enterprise_list(actor=actor)
        .filter(agency_links__agency=agency)
        .annotate(
            open_vacancies=Count("vacancies", filter=Q(vacancies__status=Vacancy.Status.OPEN), distinct=True)
        )
        .order_by("name")
    )
    vacancies = with_managed(
        vacancy_workable_list(actor=actor).filter(status=Vacancy.Status.OPEN).order_by("-published_at"),
        actor=actor,
    )  # with the vacancies an enterprise granted the agency (worked, not edited)
    return render(
        request,
        "agencies/agency_workspace.html",
        {
            "agency": agency,
            "clients": paginate(request, clients, per_page=10),
            "vacancies": vacancies[:8],
            "open_count": vacancies.count(),
            "pool_count": worker_manageable_list(actor=actor).count(),
            "placement_count": placement_list(actor=actor).filter(agency=agency).count(),
        },
    )


@role_required(Role.AGENCY)
@require_GET
def placement_list_view(request: HttpRequest) -> HttpResponse:
    """Placements this agency made, newest first."""
    rows = (
        placement_list(actor=actor_of(request))
        .select_related("vacancy__enterprise")
        .order_by("-started_on", "-id")
    )
    return render(request, "agencies/placement_list.html", {"page": paginate(request, rows)})


def _placement_form(request: HttpRequest, data=None) -> PlacementForm:
    actor = actor_of(request)
    return PlacementForm(
        data,
        workers=worker_manageable_list(actor=actor)
        .select_related("home_district")
        .order_by("full_name", "id"),
        vacancies=vacancy_manageable_list(actor=actor).filter(status=Vacancy.Status.OPEN).order_by("title"),
    )


@role_required(Role.AGENCY)
def placement_create(request: HttpRequest) -> HttpResponse:
    """Record a placement; the dispatch-ratio check is shown as the form is filled and enforced on save."""
    agency = staff_agency(request)
    form = _placement_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_create(
                worker=data["worker"],
                vacancy=data["vacancy"],
                employment_form=data["employment_form"],
                started_on=data["started_on"],
                agency=agency,
                actor=actor_of(request),
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("The placement is recorded."))
            return redirect("agencies:placement-list")
    return render(request, "agencies/placement_form.html", {"form": form, "check": _check(request, form)})


def _check(request: HttpRequest, form: PlacementForm) -> dict | None:
    """What the dispatch rule says about the chosen vacancy's enterprise, before anything is saved."""
    vacancy_id = form["vacancy"].value()
    if not vacancy_id or not str(vacancy_id).isdigit() or len(str(vacancy_id)) > 9:
        return None
    vacancy = (
        vacancy_manageable_list(actor=actor_of(request))
        .select_related("enterprise")
        .filter(pk=int(vacancy_id))
        .first()
    )
    if vacancy is None:
        return None
    enterprise = vacancy.enterprise
    dispatch = form["employment_form"].value() == EmploymentForm.DISPATCH
    problem = ""
    if dispatch:
        try:
            services.dispatch_check(enterprise)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
    return {"enterprise": enterprise, "dispatch": dispatch, "problem": problem, "vacancy": vacancy}


@role_required(Role.AGENCY)
@require_GET
def placement_check(request: HttpRequest) -> HttpResponse:
    """htmx: the dispatch-ratio check for the vacancy and employment form chosen so far."""
    form = _placement_form(request, request.GET)
    return render(request, "agencies/partials/dispatch_check.html", {"check": _check(request, form)})
