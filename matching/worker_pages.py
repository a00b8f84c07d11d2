"""A worker's everyday actions on their applications and jobs: withdrawing an application, saving a job,
saying "not interested" (which hides it from the recommendations and teaches the nightly refit)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from enterprises.models import Vacancy
from enterprises.selectors import vacancy_public_list
from hrmatch.actors import Role
from hrmatch.pages import HtmxRequest, actor_of, form_add_service_errors, paginate, role_required
from matching.forms import WithdrawForm
from matching.models import Application, JobMark
from matching.selectors import application_list, job_mark_list
from matching.services import job_marks, pipeline
from talent.models import WorkerProfile
from talent.selectors import worker_manageable_list


def _own_worker(request: HttpRequest) -> WorkerProfile:
    actor = actor_of(request)
    if actor.worker_id is None:
        raise Http404
    return get_object_or_404(worker_manageable_list(actor=actor), pk=actor.worker_id)


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go back after an action: the page it came from, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@role_required(Role.WORKER)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw one of my applications, after confirming with a reason (GET shows the confirmation)."""
    actor = actor_of(request)
    application = get_object_or_404(
        application_list(actor=actor)
        .filter(worker_id=actor.worker_id)
        .exclude(stage=Application.Stage.SUGGESTED)
        .select_related("vacancy__enterprise"),
        pk=pk,
    )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pipeline.application_withdraw(application=application, actor=actor, reason=form.reason_text())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your application for %(job)s is withdrawn. The factory sees that you withdrew.")
                % {"job": application.vacancy.title},
            )
            return redirect(_next_url(request, "matching:my-applications"))
    return render(
        request,
        "matching/application_withdraw.html",
        {"application": application, "form": form, "next": _next_url(request, "")},
    )


MARK_ACTIONS = {
    "save": (job_marks.job_save, gettext_lazy("The job is saved. Find it under Saved jobs.")),
    "unsave": (job_marks.job_unsave, gettext_lazy("The job is no longer saved.")),
    "not_interested": (
        job_marks.job_not_interested,
        gettext_lazy(
            "This job is hidden from your recommendations. Saved jobs lists it if you change your mind."
        ),
    ),
    "restore": (job_marks.job_interest_restore, gettext_lazy("The job may be recommended to you again.")),
}


@role_required(Role.WORKER)
@require_POST
def job_mark(request: HtmxRequest, pk: int) -> HttpResponse:
    """Save a job, unsave it, say "not interested", or take that back (from a recommendation or the job page)."""
    actor = actor_of(request)
    worker = _own_worker(request)
    # A job on the board, or one the worker marked before it left the board (to unmark it).
    on_board = vacancy_public_list().filter(pk=pk).exists()
    marked = JobMark.objects.filter(worker=worker, vacancy_id=pk).exists()
    if not (on_board or marked):
        raise Http404
    vacancy = Vacancy.objects.get(pk=pk)
    action = request.POST.get("action", "")
    if action not in MARK_ACTIONS:
        raise Http404
    service, done = MARK_ACTIONS[action]
    if action in ("save", "not_interested") and not on_board:
        messages.error(request, _("This job is no longer on the job board."))
    else:
        try:
            service(actor=actor, worker=worker, vacancy=vacancy)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
    return redirect(_next_url(request, "matching:saved-jobs"))


@role_required(Role.WORKER)
@require_GET
def saved_jobs(request: HttpRequest) -> HttpResponse:
    """My saved jobs, and the jobs I said I am not interested in (to show them again)."""
    actor = actor_of(request)
    return render(
        request,
        "matching/saved_jobs.html",
        {
            "page": paginate(request, job_mark_list(actor=actor, kind=JobMark.Kind.SAVED)),
            "hidden": job_mark_list(actor=actor, kind=JobMark.Kind.NOT_INTERESTED)[:50],
            "open_status": Vacancy.Status.OPEN,
        },
    )
