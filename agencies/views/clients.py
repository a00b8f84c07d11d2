"""The agency's client factories: the list, registering a new one (its credit code checked) and editing one.

The enterprise is the enterprises app's; these pages are the agency's room for it, through its services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies.views import staff_agency
from enterprises import services
from enterprises.forms import EnterpriseForm
from enterprises.models import Vacancy
from enterprises.selectors import enterprise_client_list
from hrmatch.actors import Role
from hrmatch.pages import actor_of, form_add_service_errors, paginate, role_required


@role_required(Role.AGENCY)
@require_GET
def client_list(request: HttpRequest) -> HttpResponse:
    """The factories the agency serves, with their open vacancies and dispatch headroom."""
    agency = staff_agency(request)
    clients = (
        enterprise_client_list(actor=actor_of(request))
        .filter(agency_links__agency=agency)
        .annotate(
            open_vacancies=Count("vacancies", filter=Q(vacancies__status=Vacancy.Status.OPEN), distinct=True)
        )
        .order_by("name", "id")
    )
    query = (request.GET.get("q") or "").strip()[:60]
    if query:
        clients = clients.filter(Q(name__icontains=query) | Q(credit_code__icontains=query))
    return render(
        request,
        "agencies/client_list.html",
        {"page": paginate(request, clients), "agency": agency, "q": query},
    )


@role_required(Role.AGENCY)
def client_create(request: HttpRequest) -> HttpResponse:
    """Register a factory as the agency's client; a wrong credit code names the check character it needs."""
    agency = staff_agency(request)
    form = EnterpriseForm(request.POST or None, city=agency.city)
    if request.method == "POST" and form.is_valid():
        data = form.enterprise_data()
        place = data["district"] or agency.city
        data.update(city=agency.city, latitude=place.latitude, longitude=place.longitude)
        try:
            enterprise = services.enterprise_create(data=data, agency=agency)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered as a client.") % {"name": enterprise.name})
            return redirect("agencies:client-list")
    return render(request, "agencies/client_form.html", {"form": form, "enterprise": None})


@role_required(Role.AGENCY)
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a client factory; another agency's client is a 404."""
    enterprise = get_object_or_404(enterprise_client_list(actor=actor_of(request)), pk=pk)
    form = EnterpriseForm(request.POST or None, instance=enterprise, city=enterprise.city)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(
                enterprise=enterprise, data=form.enterprise_data(), actor=actor_of(request)
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("agencies:client-list")
    return render(request, "agencies/client_form.html", {"form": form, "enterprise": enterprise})
