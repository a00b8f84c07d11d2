"""The candidate page of an application, for the vacancy's factory and agency once the candidate applied.

Keyed by the application, never by the worker: factory URLs carry no worker ids."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hrmatch.access import log_access
from hrmatch.pages import actor_of
from matching.applicants import applicant_get, candidate_detail
from matching.models import Application


@login_required
@require_GET
def applicant_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    """A candidate who applied: profile, skills against the vacancy, certificates, work history, history."""
    actor = actor_of(request)
    if not (actor.agency_ids or actor.enterprise_ids or actor.is_admin):
        raise Http404
    try:
        application = applicant_get(actor=actor, application_id=application_id)
    except Application.DoesNotExist:
        raise Http404 from None
    detail = candidate_detail(application)
    vacancy = application.vacancy
    log_access(
        request,
        what=_("Candidate for %(vacancy)s") % {"vacancy": vacancy.title},
        worker_ids=[application.worker_id],
        city_id=vacancy.city_id,
    )
    return render(
        request,
        "matching/applicant_detail.html",
        {"detail": detail, "app": application, "worker": application.worker, "vacancy": vacancy},
    )
