"""The candidate pipeline: how a worker becomes a candidate for a vacancy and moves to hired or out.

One Application per worker and vacancy, whatever its source:
- the worker applied (`application_apply`), stage `applied`;
- an agency referred the worker (`application_refer`), stage `applied` as well: a referral is an
  application the agency makes on the worker's behalf, and the factory still decides who is shortlisted;
- the engine suggested the worker (`application_suggest`), stage `suggested`.
A suggested candidate who then applies or is referred moves to `applied`; the source stays what it was
first (so the engine keeps the credit for finding them) and the event history shows the step.

A suggestion is not yet the worker's candidacy: the factory (or the agency managing the vacancy) may
only invite the worker to apply (`invited`) or set the suggestion aside (`rejected`). The worker then
accepts (`application_invitation_accept`: the invitation becomes their application, `applied`, and
their identity reaches the factory, see matching.masking) or declines (`declined`: final, and the
candidate leaves the vacancy's shortlist). So every candidate shortlisted, interviewed, offered or
hired applied, was referred by their agency, or accepted an invitation; a placement needs that too.

Only people move candidates (`application_move` needs a user): the engine suggests, it never rejects.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyClient, VacancyGrant
from agencies.services import placement_create
from enterprises.models import Vacancy
from hrmatch.actors import Actor, person_of
from hrmatch.workflows import TransitionError
from matching.feedback import normalize_features
from matching.models import Application, ApplicationEvent, Interview, Match
from matching.notices import tell_moved, tell_new_candidate
from talent.models import WorkerProfile

Stage = Application.Stage
Source = Application.Source

# Which stage may follow which; hired, rejected and withdrawn are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.SUGGESTED: frozenset({Stage.INVITED, Stage.REJECTED}),
    # Accepting (→ applied) and declining are the worker's: application_invitation_accept / _decline.
    Stage.INVITED: frozenset({Stage.REJECTED}),
    Stage.APPLIED: frozenset({Stage.SHORTLISTED, Stage.REJECTED, Stage.WITHDRAWN}),
    Stage.SHORTLISTED: frozenset({Stage.INTERVIEWING, Stage.REJECTED, Stage.WITHDRAWN}),
    Stage.INTERVIEWING: frozenset({Stage.OFFERED, Stage.REJECTED, Stage.WITHDRAWN}),
    Stage.OFFERED: frozenset({Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN}),
    Stage.HIRED: frozenset(),
    Stage.REJECTED: frozenset(),
    Stage.WITHDRAWN: frozenset(),
    Stage.DECLINED: frozenset(),
}
FINAL_STAGES = frozenset(stage for stage, targets in TRANSITIONS.items() if not targets)
REASON_REQUIRED = frozenset({Stage.REJECTED, Stage.WITHDRAWN})
# The moves a factory or agency makes on a candidate (withdrawing and answering an invitation are the worker's).
MOVES = (Stage.INVITED, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFERED, Stage.HIRED, Stage.REJECTED)
# Stages in which the worker may still take the candidacy up themself (apply, be referred, accept).
OPEN_TO_APPLY = frozenset({Stage.SUGGESTED, Stage.INVITED})


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError on one field whose code survives into error_dict (for the API's error codes)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _require_open(vacancy: Vacancy, *, today: dt.date | None = None) -> None:
    """Read the status afresh: the caller's copy may predate a pause or a close."""
    today = today or timezone.localdate()
    status, closing_date = Vacancy.objects.values_list("status", "closing_date").get(pk=vacancy.pk)
    if status != Vacancy.Status.OPEN:
        raise field_error("vacancy", _("This vacancy is not open for applications."), "vacancy_not_open")
    if closing_date and closing_date < today:
        raise field_error(
            "vacancy",
            _("Applications for this vacancy closed on %(date)s.") % {"date": closing_date},
            "vacancy_closed",
        )


def _worker_applied(application: Application) -> bool:
    """Whether the worker applied to this vacancy themselves (not put forward by an agency or the engine)."""
    if application.source == Source.APPLIED:
        return True
    return application.referred_by_id is None and application.events.filter(to_stage=Stage.APPLIED).exists()


def _require_consent(worker: WorkerProfile, *, own_application: bool = False) -> None:
    """Refuse a worker who may not be put forward now: an erased or inactive profile always, and one
    without matching consent unless this is their own application (applying is consent for that one
    vacancy). Read afresh: the caller's copy may predate a revocation in another request."""
    consent, status = WorkerProfile.objects.values_list("consent_to_matching", "status").get(pk=worker.pk)
    if status == WorkerProfile.Status.INACTIVE:
        raise field_error("worker", _("This worker's profile is closed."), "worker_inactive")
    if not consent and not own_application:
        raise field_error(
            "worker",
            _("This worker has not consented to matching: only they can apply to this vacancy."),
            "no_matching_consent",
        )


def _require_person(actor: Actor | None) -> None:
    if person_of(actor) is None:
        raise field_error(
            "actor", _("Only a signed-in person can move a candidate through the pipeline."), "actor_required"
        )


def _already_candidate() -> ValidationError:
    return field_error("worker", _("This worker has already applied for this vacancy."), "already_applied")


def _record(
    application: Application, from_stage: str, actor: Actor | None, reason: str = ""
) -> ApplicationEvent:
    event = ApplicationEvent(
        application=application,
        from_stage=from_stage,
        to_stage=application.stage,
        actor=person_of(actor),
        reason=reason,
    )
    event.full_clean(exclude=["application", "actor"])
    event.save()
    return event


def _create(application: Application, actor: Actor | None) -> Application:
    """Insert a new application and its first event; a concurrent insert for the pair raises IntegrityError."""
    application.full_clean(exclude=["worker", "vacancy", "referred_by"], validate_constraints=False)
    with transaction.atomic():
        application.save()
    _record(application, "", actor)
    if application.stage == Stage.APPLIED:
        tell_new_candidate(application, actor)
    return application


def _promote_suggestion(
    application: Application, actor: Actor | None, *, agency: Agency | None = None
) -> Application:
    """A suggested or invited candidate applies (or is referred): → applied, source kept."""
    from_stage = application.stage
    application.stage = Stage.APPLIED
    fields = ["stage", "updated_at"]
    if agency is not None:
        application.referred_by = agency
        fields.append("referred_by")
    application.save(update_fields=fields)
    _record(application, from_stage, actor)
    tell_new_candidate(application, actor)
    return application


def _locked(worker: WorkerProfile, vacancy: Vacancy) -> Application | None:
    return Application.objects.select_for_update().filter(worker=worker, vacancy=vacancy).first()


@transaction.atomic
def application_apply(*, worker: WorkerProfile, vacancy: Vacancy, actor: Actor | None = None) -> Application:
    """The worker applies to an open vacancy; a standing suggestion for the pair becomes the application."""
    _require_open(vacancy)
    _require_consent(worker, own_application=True)
    existing = _locked(worker, vacancy)
    if existing is not None:
        if existing.stage not in OPEN_TO_APPLY:
            raise _already_candidate()
        return _promote_suggestion(existing, actor)
    try:
        return _create(
            Application(worker=worker, vacancy=vacancy, source=Source.APPLIED, stage=Stage.APPLIED), actor
        )
    except IntegrityError:
        raise _already_candidate() from None


def agency_may_refer(agency: Agency, vacancy: Vacancy) -> bool:
    """An agency refers candidates to vacancies it posted, to those its client enterprises posted
    themselves, and to those another agency posted for a client that granted it that vacancy."""
    if vacancy.agency_id == agency.pk:
        return True
    if not AgencyClient.objects.filter(agency=agency, enterprise_id=vacancy.enterprise_id).exists():
        return False
    return vacancy.agency_id is None or VacancyGrant.objects.filter(vacancy=vacancy, agency=agency).exists()


@transaction.atomic
def application_refer(
    *, worker: WorkerProfile, vacancy: Vacancy, agency: Agency, actor: Actor | None
) -> Application:
    """An agency puts a worker forward for an open vacancy it serves; the candidate starts at `applied`.

    The referring agency is kept on the application and becomes the placing agency at hire. Whether the
    actor works for the agency is the caller's permission check, as for every service.
    """
    _require_open(vacancy)
    _require_consent(worker)
    if not agency_may_refer(agency, vacancy):
        if AgencyClient.objects.filter(agency=agency, enterprise_id=vacancy.enterprise_id).exists():
            raise field_error(
                "agency",
                _("Another agency posted this vacancy: %(enterprise)s has not granted it to %(agency)s.")
                % {"agency": agency.name, "enterprise": vacancy.enterprise.name},
                "agency_not_granted",
            )
        raise field_error(
            "agency",
            _("%(agency)s does not serve %(enterprise)s, so it cannot refer candidates to it.")
            % {"agency": agency.name, "enterprise": vacancy.enterprise.name},
            "agency_not_serving",
        )
    existing = _locked(worker, vacancy)
    if existing is not None:
        if existing.stage not in OPEN_TO_APPLY:
            raise _already_candidate()
        return _promote_suggestion(existing, actor, agency=agency)
    try:
        return _create(
            Application(
                worker=worker,
                vacancy=vacancy,
                source=Source.REFERRED,
                stage=Stage.APPLIED,
                referred_by=agency,
            ),
            actor,
        )
    except IntegrityError:
        raise _already_candidate() from None


@transaction.atomic
def application_suggest(
    *, worker: WorkerProfile, vacancy: Vacancy, score: float, features: Mapping[str, float]
) -> Application:
    """The engine proposes a candidate; safe to repeat, and it never changes an existing application's stage.

    An application that already exists (any stage) is returned unchanged, except that its match score and
    parts are filled in when it has none yet (a worker who applied before the engine scored the pair), so
    factory HR decisions on it still teach the nightly refit.
    """
    score = float(score)
    if not math.isfinite(score):
        raise field_error("match_score", _("The match score must be a number."), "score")
    try:
        parts = normalize_features(features)
    except (TypeError, ValueError) as exc:
        raise field_error("match_features", str(exc), "features") from None
    existing = _locked(worker, vacancy)
    if existing is None:
        _require_open(vacancy)
        _require_consent(worker)
        try:
            return _create(
                Application(
                    worker=worker,
                    vacancy=vacancy,
                    source=Source.SUGGESTED,
                    stage=Stage.SUGGESTED,
                    match_score=score,
                    match_features=parts,
                ),
                None,
            )
        except IntegrityError:
            existing = Application.objects.select_for_update().get(worker=worker, vacancy=vacancy)
    if not existing.match_features:
        existing.match_score, existing.match_features = score, parts
        existing.save(update_fields=["match_score", "match_features", "updated_at"])
    return existing


@transaction.atomic
def application_shortlist_from_match(
    *, match: Match, actor: Actor | None, to: str = Stage.SHORTLISTED, reason: str = ""
) -> Application:
    """Move a candidate of the engine's shortlist: the suggestion becomes an application (score and parts
    kept for the nightly refit) unless one exists, and a person then moves it, all in one transaction.
    """
    application = Application.objects.filter(vacancy_id=match.vacancy_id, worker_id=match.worker_id).first()
    if application is None:
        application = application_suggest(
            worker=match.worker,
            vacancy=match.vacancy,
            score=match.score,
            features={name: getattr(match, name) for name in Match.PART_FIELDS},
        )
    return application_move(application=application, to=to, actor=actor, reason=reason)


def hire_start_date(vacancy: Vacancy, *, today: dt.date | None = None) -> dt.date:
    """A hire starts on the vacancy's start date, or today when that date has passed."""
    return max(vacancy.start_date, today or timezone.localdate())


def _close_interviews(application: Application, reason: str) -> None:
    """A rejected or withdrawn candidate's open interview is called off (the move itself is what they hear)."""
    Interview.objects.filter(application=application, status__in=Interview.OPEN_STATUSES).update(
        status=Interview.Status.CANCELLED, cancel_reason=reason[:200], updated_at=timezone.now()
    )


@transaction.atomic
def application_move(
    *, application: Application, to: str, actor: Actor | None, reason: str = ""
) -> Application:
    """Move a candidate one step, by a person, with a reason for rejections and withdrawals.

    Hiring records the Placement through agencies.services.placement_create (headcount, dispatch licence
    and the 10% dispatch cap are enforced there); if it refuses, the whole move is undone.
    """
    _require_person(actor)
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy", "referred_by")
        .get(pk=application.pk)
    )
    current = locked.stage
    if to not in Stage.values or to not in TRANSITIONS[current]:
        target = Stage(to).label if to in Stage.values else to
        raise TransitionError(
            _("A candidate who is %(current)s cannot become %(target)s.")
            % {"current": Stage(current).label, "target": target},
            code="transition",
        )
    if to not in (Stage.REJECTED, Stage.WITHDRAWN):  # ending a candidacy is always allowed
        _require_consent(locked.worker, own_application=_worker_applied(locked))
    reason = (reason or "").strip()
    if to in REASON_REQUIRED and not reason:
        raise field_error(
            "reason", _("Give a reason: the worker and the records need to know why."), "reason_required"
        )
    if to == Stage.INVITED:
        _require_open(locked.vacancy)
    if to == Stage.HIRED:
        vacancy = locked.vacancy
        placement_create(
            worker=locked.worker,
            vacancy=vacancy,
            employment_form=vacancy.employment_form,
            started_on=hire_start_date(vacancy),
            agency=locked.referred_by or vacancy.agency,
            actor=actor,
        )
    locked.stage = to
    if to in REASON_REQUIRED:
        locked.reason = reason
        _close_interviews(locked, reason)
    locked.full_clean(exclude=["worker", "vacancy", "referred_by"], validate_unique=False)
    locked.save(update_fields=["stage", "reason", "updated_at"])
    _record(locked, current, actor, reason)
    tell_moved(locked, actor, reason)
    application.refresh_from_db()
    return application


def application_invite(*, application: Application, actor: Actor | None) -> Application:
    """Invite a suggested candidate to apply: the worker sees the invitation and decides; until they
    accept, the factory still does not know who they are."""
    return application_move(application=application, to=Stage.INVITED, actor=actor)


def _own_invitation(application: Application, actor: Actor | None) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",)).select_related("vacancy").get(pk=application.pk)
    )
    if actor is None or actor.worker_id is None or actor.worker_id != locked.worker_id:
        raise field_error(
            "actor", _("Only the worker who was invited can answer the invitation."), "not_invited_worker"
        )
    if locked.stage != Stage.INVITED:
        raise TransitionError(
            _("There is no open invitation to answer: it is %(stage)s.")
            % {"stage": Stage(locked.stage).label},
            code="transition",
        )
    return locked


@transaction.atomic
def application_invitation_accept(*, application: Application, actor: Actor | None) -> Application:
    """The worker accepts an invitation to apply: it becomes their application (`applied`), and from now
    on the factory sees who they are."""
    locked = _own_invitation(application, actor)
    _require_open(locked.vacancy)
    _require_consent(locked.worker, own_application=True)  # accepting is the worker's own application
    _promote_suggestion(locked, actor)
    application.refresh_from_db()
    return application


@transaction.atomic
def application_invitation_decline(
    *, application: Application, actor: Actor | None, reason: str = ""
) -> Application:
    """The worker declines an invitation: final; the factory never learns who they are, and the
    candidate leaves the vacancy's shortlist."""
    locked = _own_invitation(application, actor)
    locked.stage = Stage.DECLINED
    locked.reason = (reason or "").strip()[:200]
    locked.full_clean(exclude=["worker", "vacancy", "referred_by"], validate_unique=False)
    locked.save(update_fields=["stage", "reason", "updated_at"])
    _record(locked, Stage.INVITED, actor, locked.reason)
    application.refresh_from_db()
    return application


def application_shortlist(*, application: Application, actor: Actor | None, reason: str = "") -> Application:
    return application_move(application=application, to=Stage.SHORTLISTED, actor=actor, reason=reason)


def application_interview(*, application: Application, actor: Actor | None, reason: str = "") -> Application:
    return application_move(application=application, to=Stage.INTERVIEWING, actor=actor, reason=reason)


def application_offer(*, application: Application, actor: Actor | None, reason: str = "") -> Application:
    return application_move(application=application, to=Stage.OFFERED, actor=actor, reason=reason)


def application_hire(*, application: Application, actor: Actor | None, reason: str = "") -> Application:
    """Hire the candidate: records the placement that fills one of the vacancy's positions."""
    return application_move(application=application, to=Stage.HIRED, actor=actor, reason=reason)


def application_reject(*, application: Application, actor: Actor | None, reason: str) -> Application:
    return application_move(application=application, to=Stage.REJECTED, actor=actor, reason=reason)


def _withdraw_refusal(stage: str) -> TransitionError | None:
    """Why an application at this stage cannot be withdrawn, in words the worker understands."""
    if stage == Stage.HIRED:
        message = _(
            "You were hired for this job, so the application cannot be withdrawn. "
            "If you are leaving, tell the factory or your agency."
        )
    elif stage in (Stage.REJECTED, Stage.WITHDRAWN):
        message = _("This application is already closed (%(stage)s): there is nothing to withdraw.") % {
            "stage": Stage(stage).label
        }
    elif stage == Stage.SUGGESTED:
        message = _("You have not applied for this job, so there is nothing to withdraw.")
    else:
        return None
    return TransitionError(message, code="withdraw_refused")


@transaction.atomic
def application_withdraw(*, application: Application, actor: Actor | None, reason: str) -> Application:
    """The worker (or staff on their behalf) takes the candidacy back, with a reason, in one transaction:
    the stage, its event and the factory's pipeline change together. A hired, rejected or already
    withdrawn application is refused with the reason (the API answers 409)."""
    stage = Application.objects.select_for_update().values_list("stage", flat=True).get(pk=application.pk)
    refusal = _withdraw_refusal(stage)
    if refusal is not None:
        raise refusal
    return application_move(application=application, to=Stage.WITHDRAWN, actor=actor, reason=reason)
