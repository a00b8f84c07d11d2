"""The factory's page actions on its vacancy's grants: let a second agency help, or end that."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.grants import NOT_SERVING, grantable_agencies, vacancy_grant_create, vacancy_grant_revoke
from agencies.models import VacancyGrant
from enterprises.models import Vacancy
from enterprises.selectors import vacancy_manageable_list
from hrmatch.pages import actor_of


def _enterprise_vacancy(request: HttpRequest, pk: int) -> Vacancy:
    """A vacancy of the signed-in HR's enterprise (or any, for an administrator); else a 404."""
    actor = actor_of(request)
    if not (actor.enterprise_ids or actor.is_admin):
        raise Http404
    vacancies = vacancy_manageable_list(actor=actor)
    if not actor.is_admin:
        vacancies = vacancies.filter(enterprise_id__in=actor.enterprise_ids)
    return get_object_or_404(vacancies, pk=pk)


@login_required
@require_POST
def vacancy_grant(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = _enterprise_vacancy(request, pk)
    value = request.POST.get("agency", "")
    agency = (
        grantable_agencies(vacancy=vacancy).filter(pk=int(value)).first()
        if value.isdigit() and len(value) < 19
        else None
    )
    if agency is None:
        messages.error(request, NOT_SERVING)
    else:
        try:
            vacancy_grant_create(actor=actor_of(request), vacancy=vacancy, agency=agency)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("%(agency)s can now work this vacancy.") % {"agency": agency.name})
    return redirect("enterprises:vacancy-manage", pk=vacancy.pk)


@login_required
@require_POST
def vacancy_grant_end(request: HttpRequest, pk: int, grant_id: int) -> HttpResponse:
    vacancy = _enterprise_vacancy(request, pk)
    grant = get_object_or_404(
        VacancyGrant.objects.select_related("agency", "vacancy"), pk=grant_id, vacancy=vacancy
    )
    vacancy_grant_revoke(actor=actor_of(request), grant=grant)
    messages.success(request, _("%(agency)s no longer works this vacancy.") % {"agency": grant.agency.name})
    return redirect("enterprises:vacancy-manage", pk=vacancy.pk)
