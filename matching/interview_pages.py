"""Interview pages: staff set, move or cancel a candidate's interview; the worker confirms it or asks for
another time from their applications page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from enterprises.selectors import vacancy_manageable_list
from hrmatch.actors import Role
from hrmatch.pages import actor_of, form_add_service_errors, role_required
from matching.forms import InterviewCancelForm, InterviewForm, RescheduleRequestForm
from matching.models import Application, Interview
from matching.selectors import application_identity_list, interview_own_list
from matching.services import interviews
from matching.services.interviews import InterviewTerms


def _managed_application(request: HttpRequest, pk: int) -> Application:
    actor = actor_of(request)
    if not (actor.agency_ids or actor.enterprise_ids or actor.is_admin):
        raise Http404
    managed = vacancy_manageable_list(actor=actor).values("pk")
    applications = application_identity_list(actor=actor).filter(vacancy__in=managed)
    return get_object_or_404(applications.select_related("vacancy__city"), pk=pk)


def _initial(request: HttpRequest, interview: Interview | None) -> dict[str, object]:
    if interview is not None:
        return {
            name: getattr(interview, name)
            for name in ("starts_at", "mode", "place", "contact_name", "contact_phone", "note")
        }
    user = request.user
    name = (user.get_full_name() or user.get_username()) if user.is_authenticated else ""
    return {"mode": Interview.Mode.ON_SITE, "contact_name": name[:50]}


def _save(
    request: HttpRequest, application: Application, interview: Interview | None, form: InterviewForm
) -> bool:
    """Set or move the interview; False with the errors on the form when it is refused."""
    if not form.is_valid():
        return False
    actor = actor_of(request)
    terms: InterviewTerms = form.terms()
    try:
        if interview is None:
            interviews.interview_schedule(application=application, terms=terms, actor=actor)
            messages.success(request, _("Interview set. The worker is asked to confirm it."))
        else:
            interviews.interview_reschedule(interview=interview, terms=terms, actor=actor)
            messages.success(request, _("Interview changed. The worker is asked to confirm it again."))
    except ValidationError as exc:
        form_add_service_errors(form, exc)
        return False
    return True


def _cancel(request: HttpRequest, interview: Interview, form: InterviewCancelForm) -> bool:
    if not form.is_valid():
        return False
    try:
        interviews.interview_cancel(
            interview=interview, reason=form.cleaned_data["reason"], actor=actor_of(request)
        )
    except ValidationError as exc:
        form_add_service_errors(form, exc)
        return False
    messages.success(request, _("Interview cancelled. The worker is told why."))
    return True


@login_required
@require_http_methods(["GET", "POST"])
def interview_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate's interview: set it, move it, or cancel it with a reason (factory HR, the vacancy's agency)."""
    application = _managed_application(request, pk)
    history = list(application.interviews.order_by("-created_at", "-id"))
    interview = next((i for i in history if i.is_open), None)
    form = InterviewForm(initial=_initial(request, interview))
    cancel_form = InterviewCancelForm()
    if request.method == "POST" and request.POST.get("action") == "cancel" and interview is not None:
        cancel_form = InterviewCancelForm(request.POST)
        if _cancel(request, interview, cancel_form):
            return redirect("interviews:manage", pk=application.pk)
    elif request.method == "POST":
        form = InterviewForm(request.POST)
        if _save(request, application, interview, form):
            return redirect("interviews:manage", pk=application.pk)
    return render(
        request,
        "matching/interview_manage.html",
        {
            "application": application,
            "vacancy": application.vacancy,
            "interview": interview,
            "history": [i for i in history if i is not interview],
            "form": form,
            "cancel_form": cancel_form,
            "may_schedule": application.stage == Application.Stage.INTERVIEWING,
        },
    )


def _own_interview(request: HttpRequest, pk: int) -> Interview:
    return get_object_or_404(interview_own_list(actor=actor_of(request)), pk=pk)


def _back(interview: Interview) -> HttpResponse:
    return redirect(f"{reverse('matching:my-applications')}#application-{interview.application_id}")


@role_required(Role.WORKER)
@require_POST
def interview_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The worker confirms they will come to the interview."""
    interview = _own_interview(request, pk)
    try:
        interviews.interview_confirm(interview=interview, actor=actor_of(request))
        messages.success(request, _("Thank you: the interview is confirmed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(interview)


@role_required(Role.WORKER)
@require_POST
def interview_ask_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """The worker asks for another interview time, saying which times suit them."""
    interview = _own_interview(request, pk)
    form = RescheduleRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say which days and times suit you."))
        return _back(interview)
    try:
        interviews.interview_request_reschedule(
            interview=interview, note=form.cleaned_data["note"], actor=actor_of(request)
        )
        messages.success(request, _("Your request is sent: the factory will propose another time."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(interview)
