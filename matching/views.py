"""Matching pages: a worker's recommendations and applications; candidates, shortlists,
the pipeline board and comparison for agencies and factories; match-run progress."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.models import Agency
from enterprises.models import Vacancy
from enterprises.selectors import vacancy_manageable_list, vacancy_public_list, vacancy_workable_list
from hrmatch.access import log_access
from hrmatch.actors import Role
from hrmatch.pages import HtmxRequest, actor_of, current_role, paginate, role_required
from matching.forms import MoveForm, withdraw_reasons
from matching.masking import candidate_handle, handle_resolve, handles_resolve
from matching.models import Application, JobMark, Match, MatchRun
from matching.selectors import (
    application_list,
    match_run_list,
    missing_skills,
    open_interviews,
    recommendation_list,
    shortlist,
    shortlist_waiting_counts,
)
from matching.services import pipeline
from matching.services.runs import RunAlreadyActive
from talent.models import WorkerProfile, WorkerSkill
from talent.selectors import worker_manageable_list
from training.selectors import pair_gaps, programmes_for_gaps

Stage = Application.Stage

# ---------------------------------------------------------------------------------------------------
# Worker
# ---------------------------------------------------------------------------------------------------


def _worker(request: HttpRequest) -> WorkerProfile:
    actor = actor_of(request)
    if actor.worker_id is None:
        raise Http404
    return get_object_or_404(worker_manageable_list(actor=actor), pk=actor.worker_id)


@role_required(Role.WORKER)
@require_GET
def recommendations(request: HttpRequest) -> HttpResponse:
    """Jobs recommended for the worker, best first, each with the reasons in plain words."""
    worker = _worker(request)
    page = paginate(request, recommendation_list(actor=actor_of(request)), per_page=10)
    missing = missing_skills(list(page))
    pairs = [(match.vacancy_id, match.worker_id) for match in page]
    programmes = programmes_for_gaps(pair_gaps(pairs), workers={worker.pk: worker})
    rows = [
        (match, missing.get(pair, []), programmes.get(pair, []))
        for match, pair in zip(page, pairs, strict=True)
    ]
    applied = set(
        Application.objects.filter(worker=worker, vacancy_id__in=[m.vacancy_id for m in page])
        .exclude(stage__in=pipeline.OPEN_TO_APPLY)
        .values_list("vacancy_id", flat=True)
    )
    saved = set(
        JobMark.objects.filter(
            worker=worker, vacancy_id__in=[m.vacancy_id for m in page], kind=JobMark.Kind.SAVED
        ).values_list("vacancy_id", flat=True)
    )
    return render(
        request,
        "matching/match_recommendations.html",
        {
            "worker": worker,
            "page": page,
            "rows": rows,
            "applied": applied,
            "saved": saved,
            "skill_count": worker.skills.count(),
            "invitations": _invitations(request).count(),
        },
    )


def _own_applications(request: HttpRequest) -> QuerySet[Application]:
    actor = actor_of(request)
    return application_list(actor=actor).filter(worker_id=actor.worker_id)


def _invitations(request: HttpRequest) -> QuerySet[Application]:
    return _own_applications(request).filter(stage=Stage.INVITED, vacancy__status=Vacancy.Status.OPEN)


@role_required(Role.WORKER)
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    """The worker's invitations to apply, to accept or decline, and their applications with their stage
    and any interview set, to confirm or move."""
    rows = (
        _own_applications(request)
        .exclude(stage__in=[Stage.SUGGESTED, Stage.INVITED, Stage.DECLINED])
        .select_related("vacancy__city", "vacancy__district")
        .prefetch_related(open_interviews())
        .order_by("-updated_at", "-id")
    )
    invitations = _invitations(request).select_related("vacancy__city", "vacancy__district")
    return render(
        request,
        "matching/application_mine.html",
        {
            "page": paginate(request, rows),
            "invitations": invitations.order_by("-updated_at", "-id")[:50],
            "withdraw_reasons": withdraw_reasons(),
        },
    )


@role_required(Role.WORKER)
@require_POST
def answer_invitation(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    """The worker accepts an invitation to apply (it becomes their application) or declines it."""
    application = get_object_or_404(_own_applications(request), pk=pk)
    actor = actor_of(request)
    try:
        if answer == "accept":
            pipeline.application_invitation_accept(application=application, actor=actor)
            messages.success(
                request, _("You applied. The factory now sees your profile and will contact you.")
            )
        else:
            pipeline.application_invitation_decline(
                application=application, actor=actor, reason=request.POST.get("reason", "")[:200]
            )
            messages.success(
                request, _("You declined the invitation. The factory does not learn who you are.")
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("matching:my-applications")


@role_required(Role.WORKER)
@require_POST
def apply(request: HtmxRequest, pk: int) -> HttpResponse:
    """The worker applies for an open job."""
    worker = _worker(request)
    vacancy = get_object_or_404(vacancy_public_list(), pk=pk)
    error = ""
    application: Application | None
    try:
        application = pipeline.application_apply(worker=worker, vacancy=vacancy, actor=actor_of(request))
    except ValidationError as exc:
        error = " ".join(exc.messages)
        application = Application.objects.filter(worker=worker, vacancy=vacancy).first()
    if request.htmx:
        return render(
            request,
            "enterprises/partials/apply_box.html",
            {"vacancy": vacancy, "application": application, "is_worker": True, "error": error},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("You applied. The factory will contact you."))
    return redirect("enterprises:job-detail", pk=vacancy.pk)


# ---------------------------------------------------------------------------------------------------
# Candidates: agencies and factories
# ---------------------------------------------------------------------------------------------------


def _managed_vacancy(request: HttpRequest, pk: int) -> Vacancy:
    actor = actor_of(request)
    if not (actor.agency_ids or actor.enterprise_ids or actor.is_admin):
        raise Http404
    return get_object_or_404(vacancy_manageable_list(actor=actor), pk=pk)


def _worked_vacancy(request: HttpRequest, pk: int) -> Vacancy:
    """A vacancy whose shortlist the reader works: managed, or granted to their agency by its enterprise."""
    actor = actor_of(request)
    if not (actor.agency_ids or actor.enterprise_ids or actor.is_admin):
        raise Http404
    return get_object_or_404(vacancy_workable_list(actor=actor), pk=pk)


def _shortlist(request: HttpRequest, vacancy: Vacancy) -> QuerySet[Match]:
    skills = Prefetch(
        "worker__skills", queryset=WorkerSkill.objects.select_related("skill").order_by("-level")
    )
    return shortlist(actor=actor_of(request), vacancy=vacancy).prefetch_related(skills)


def _candidate(vacancy: Vacancy, handle: str) -> int:
    """The worker behind a candidate handle of this vacancy (matching.masking), or a 404."""
    worker_id = handle_resolve(vacancy_id=vacancy.pk, city_id=vacancy.city_id, handle=handle)
    if worker_id is None:
        raise Http404
    return worker_id


def _rows(request: HttpRequest, vacancy: Vacancy, matches: list[Match]) -> list[dict[str, Any]]:
    """Each shortlist line with its handle, its application (if any) and the required skills the
    candidate lacks."""
    missing = missing_skills(matches)
    programmes = programmes_for_gaps(
        pair_gaps((m.vacancy_id, m.worker_id) for m in matches),
        workers={m.worker_id: m.worker for m in matches},
    )
    applications = {
        app.worker_id: app
        for app in Application.objects.filter(vacancy=vacancy, worker_id__in=[m.worker_id for m in matches])
    }
    return [
        {
            "match": m,
            "handle": candidate_handle(vacancy.pk, m.worker_id),
            "application": applications.get(m.worker_id),
            "missing": missing.get((m.vacancy_id, m.worker_id), []),
            "programmes": programmes.get((m.vacancy_id, m.worker_id), []),
        }
        for m in matches
    ]


def _role(request: HttpRequest) -> str | None:
    actor = actor_of(request)
    return Role.FACTORY if actor.is_admin else current_role(request, actor)


@login_required
@require_GET
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """A vacancy's ranked candidates with reasons; masked until they applied or consented."""
    vacancy = _worked_vacancy(request, pk)
    manages = vacancy_manageable_list(actor=actor_of(request)).filter(pk=vacancy.pk).exists()
    page = paginate(request, _shortlist(request, vacancy), per_page=20)
    counts = dict(
        Application.objects.filter(vacancy=vacancy)
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    log_access(
        request,
        what=_("Shortlist of %(vacancy)s") % {"vacancy": vacancy.title},
        worker_ids=[m.worker_id for m in page if m.identity_visible],
        city_id=vacancy.city_id,
    )
    return render(
        request,
        "matching/match_shortlist.html",
        {
            "vacancy": vacancy,
            "page": page,
            "rows": _rows(request, vacancy, list(page)),
            "role": _role(request),
            "counts": counts,
            "form": MoveForm(),
            "manages": manages,
        },
    )


def _row_response(request: HttpRequest, vacancy: Vacancy, worker_id: int, error: str = "") -> HttpResponse:
    match = _shortlist(request, vacancy).filter(worker_id=worker_id).first()
    if match is None:
        raise Http404
    row = _rows(request, vacancy, [match])[0]
    row["error"] = error
    return render(
        request,
        "matching/partials/shortlist_row.html",
        {"row": row, "vacancy": vacancy, "role": _role(request), "form": MoveForm()},
    )


@login_required
@require_POST
def move(request: HtmxRequest, pk: int, handle: str) -> HttpResponse:
    """Move a candidate: invite to apply, shortlist, interview, offer, hire, or reject with a reason."""
    vacancy = _managed_vacancy(request, pk)
    worker_id = _candidate(vacancy, handle)
    match = shortlist(actor=actor_of(request), vacancy=vacancy).filter(worker_id=worker_id).first()
    application = Application.objects.filter(vacancy=vacancy, worker_id=worker_id).first()
    if match is None and application is None:
        raise Http404
    form = MoveForm(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        move = {
            "to": form.cleaned_data["to"],
            "actor": actor_of(request),
            "reason": form.cleaned_data["reason_text"],
        }
        try:
            if application is not None:
                pipeline.application_move(application=application, **move)
            elif match is not None:
                pipeline.application_shortlist_from_match(match=match, **move)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx and match is not None:
        return _row_response(request, vacancy, worker_id, error)
    if error:
        messages.error(request, error)
    next_url = "matching:board" if request.POST.get("from") == "board" else "matching:candidates"
    return redirect(next_url, pk=vacancy.pk)


@login_required
@require_POST
def refer(request: HtmxRequest, pk: int, handle: str) -> HttpResponse:
    """An agency refers a worker of its pool to the vacancy's factory."""
    vacancy = _worked_vacancy(request, pk)
    worker_id = _candidate(vacancy, handle)
    actor = actor_of(request)
    worker = get_object_or_404(worker_manageable_list(actor=actor), pk=worker_id)
    agency = (
        Agency.objects.filter(pk__in=actor.agency_ids)
        .filter(Q(client_links__enterprise_id=vacancy.enterprise_id) | Q(vacancies=vacancy))
        .order_by("pk")
        .first()
    )
    error = ""
    if agency is None:
        error = _("Your agency does not serve this factory.")
    else:
        try:
            pipeline.application_refer(worker=worker, vacancy=vacancy, agency=agency, actor=actor)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:
        return _row_response(request, vacancy, worker_id, error)
    if error:
        messages.error(request, error)
    return redirect("matching:candidates", pk=vacancy.pk)


BOARD_STAGES = (
    Stage.SUGGESTED,
    Stage.INVITED,
    Stage.APPLIED,
    Stage.SHORTLISTED,
    Stage.INTERVIEWING,
    Stage.OFFERED,
    Stage.HIRED,
    Stage.REJECTED,
)


@login_required
@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """A vacancy's pipeline: one column per stage."""
    vacancy = _managed_vacancy(request, pk)
    from matching.selectors import application_identity_list

    applications = (
        application_identity_list(actor=actor_of(request))
        .filter(vacancy=vacancy)
        .select_related("worker__home_district")
        .order_by("-updated_at")[:500]
    )
    columns: dict[str, list[Application]] = defaultdict(list)
    for app in applications:
        app.handle = candidate_handle(vacancy.pk, app.worker_id)  # type: ignore[attr-defined]
        columns[app.stage].append(app)
    log_access(
        request,
        what=_("Applications to %(vacancy)s") % {"vacancy": vacancy.title},
        worker_ids=[app.worker_id for app in applications if getattr(app, "identity_visible", False)],
        city_id=vacancy.city_id,
    )
    return render(
        request,
        "matching/application_board.html",
        {
            "vacancy": vacancy,
            "columns": [(stage, Stage(stage).label, columns.get(stage, [])) for stage in BOARD_STAGES],
            "waiting": shortlist_waiting_counts(vacancies=[vacancy]).get(vacancy.pk, 0),
            "form": MoveForm(),
            "withdrawn": columns.get(Stage.WITHDRAWN, []),
            "declined": columns.get(Stage.DECLINED, []),
        },
    )


@login_required
@require_GET
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two or three candidates of a shortlist side by side."""
    vacancy = _worked_vacancy(request, pk)
    ids = handles_resolve(
        vacancy_id=vacancy.pk, city_id=vacancy.city_id, handles=request.GET.getlist("w")[:3]
    )
    matches = list(_shortlist(request, vacancy).filter(worker_id__in=ids)) if ids else []
    required = list(vacancy.skill_requirements.select_related("skill").order_by("importance", "skill__code"))
    return render(
        request,
        "matching/match_compare.html",
        {"vacancy": vacancy, "rows": _rows(request, vacancy, matches), "required": required},
    )


@role_required(Role.FACTORY)
@require_GET
def factory_workspace(request: HttpRequest) -> HttpResponse:
    """The factory's vacancies with the number of candidates at each stage."""
    actor = actor_of(request)
    vacancies = vacancy_manageable_list(actor=actor)
    if actor.enterprise_ids:
        vacancies = vacancies.filter(enterprise_id__in=actor.enterprise_ids)
    status = request.GET.get("status", "open")
    if status in Vacancy.Status.values:
        vacancies = vacancies.filter(status=status)
    counted = {
        f"n_{stage}": Count("applications", filter=Q(applications__stage=stage)) for stage in BOARD_STAGES
    }
    vacancies = vacancies.annotate(**counted).order_by("-published_at", "-id")
    page = paginate(request, vacancies)
    waiting = shortlist_waiting_counts(vacancies=page)
    for (
        vacancy
    ) in page:  # the engine's suggestions not acted on yet count as suggested, as the shortlist shows them
        vacancy.n_suggested += waiting.get(vacancy.pk, 0)
    return render(
        request,
        "matching/factory_workspace.html",
        {
            "page": page,
            "status": status,
            "statuses": Vacancy.Status.choices,
            "stages": [(stage, Stage(stage).label) for stage in BOARD_STAGES],
        },
    )


# ---------------------------------------------------------------------------------------------------
# Match runs
# ---------------------------------------------------------------------------------------------------


def _run_context(run: MatchRun | None) -> dict[str, Any]:
    seconds_left = None
    if run is not None and run.status in MatchRun.ACTIVE_STATUSES and run.started_at and run.chunks_done:
        elapsed = (timezone.now() - run.started_at).total_seconds()
        seconds_left = max(0, round(elapsed / run.chunks_done * (run.chunks_total - run.chunks_done)))
    return {
        "run": run,
        "active": run is not None and run.status in MatchRun.ACTIVE_STATUSES,
        "seconds_left": seconds_left,
    }


def _agency_city_id(request: HttpRequest) -> int:
    actor = actor_of(request)
    city_id = (
        Agency.objects.filter(pk__in=actor.agency_ids)
        .order_by("pk")
        .values_list("city_id", flat=True)
        .first()
    )
    if city_id is None:
        raise Http404
    return city_id


@role_required(Role.AGENCY)
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    """Match runs of the agency's city."""
    runs = match_run_list(actor=actor_of(request)).order_by("-created_at", "-id")
    return render(request, "matching/matchrun_list.html", {"page": paginate(request, runs)})


@role_required(Role.AGENCY)
@require_GET
def run_latest(request: HttpRequest) -> HttpResponse:
    """htmx: the latest run of the agency's city, with a button to start one."""
    run = (
        match_run_list(actor=actor_of(request))
        .filter(city_id=_agency_city_id(request))
        .order_by("-created_at", "-id")
        .first()
    )
    return render(request, "matching/partials/run_progress.html", _run_context(run))


@login_required
@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx (polled): a run's progress read from its own row, for those who may see the run."""
    run = get_object_or_404(match_run_list(actor=actor_of(request)), pk=pk)
    return render(request, "matching/partials/run_progress.html", _run_context(run))


@role_required(Role.AGENCY)
@require_POST
def run_start(request: HtmxRequest) -> HttpResponse:
    """Start a match run for the agency's city (or show the one under way)."""
    from matching.services import match_run_request

    city_id = _agency_city_id(request)
    try:
        run = match_run_request(city_id=city_id, actor=actor_of(request))
    except RunAlreadyActive as exc:
        run = exc.run
    run = match_run_list(actor=actor_of(request)).get(pk=run.pk)
    if request.htmx:
        return render(request, "matching/partials/run_progress.html", _run_context(run))
    return redirect("matching:run-list")
