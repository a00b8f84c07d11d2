"""Interviews: staff set one for a candidate in the interview stage, move or cancel it; the worker confirms
it or asks for another time. Each change is one transaction and tells the other side.

Who may act is the caller's check, as for every service: staff of the vacancy (matching.selectors.
interview_manageable_list) for scheduling, moving and cancelling; the worker themself for answering.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrmatch.actors import Actor, person_of
from hrmatch.workflows import TransitionError
from matching.models import Application, Interview
from matching.notices import tell_interview
from matching.services.pipeline import field_error
from notifications.models import Notification
from notifications.services import notification_facts_forget

Kind = Notification.Kind
Status = Interview.Status
FURTHEST_AHEAD = dt.timedelta(days=365)
# A mobile (11 digits) or a landline with area code and extension: digits, spaces, +, -, parentheses.
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,18}[0-9]$")


@dataclass(frozen=True)
class InterviewTerms:
    """What staff decide about an interview: when, how, where, whom to ask for, and a note."""

    starts_at: dt.datetime
    mode: str = Interview.Mode.ON_SITE
    place: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    note: str = ""

    @classmethod
    def of(cls, interview: Interview) -> InterviewTerms:
        return cls(**{name: getattr(interview, name) for name in cls.__dataclass_fields__})


def _check_terms(terms: InterviewTerms, *, now: dt.datetime | None = None) -> InterviewTerms:
    """Field errors for every problem at once: a time in the future (within a year), a place for an
    on-site interview, a contact person and a phone number one can dial."""
    now = now or timezone.now()
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    starts_at = terms.starts_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)  # read as Beijing time, the site's zone
    if starts_at <= now:
        refuse("starts_at", _("Choose a time in the future."), "past")
    elif starts_at > now + FURTHEST_AHEAD:
        refuse("starts_at", _("Choose a time within the next year."), "too_far")
    if terms.mode not in Interview.Mode.values:
        refuse("mode", _("Choose on site, by phone or by video call."), "invalid_choice")
    place, name, phone = terms.place.strip(), terms.contact_name.strip(), terms.contact_phone.strip()
    if terms.mode == Interview.Mode.ON_SITE and not place:
        refuse("place", _("Give the address for an interview on site."), "place_required")
    if not name:
        refuse("contact_name", _("Give the name of the person the worker asks for."), "required")
    if not phone:
        refuse("contact_phone", _("Give a phone number the worker can call."), "required")
    elif not PHONE.match(phone) or sum(c.isdigit() for c in phone) < 7:
        refuse("contact_phone", _("Enter a phone number such as 13812345678 or 0574-87654321."), "phone")
    if errors:
        raise ValidationError(errors)
    return InterviewTerms(starts_at, terms.mode, place, name, phone, terms.note.strip())


def _exists() -> TransitionError:
    return TransitionError(
        _("This candidate already has an interview: change that one."), code="interview_exists"
    )


def _save(interview: Interview) -> Interview:
    interview.full_clean(exclude=["application", "scheduled_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            interview.save()
    except IntegrityError:
        raise _exists() from None
    return interview


def _require_person(actor: Actor | None) -> None:
    if person_of(actor) is None:
        raise field_error("actor", _("Only a signed-in person can arrange an interview."), "actor_required")


@transaction.atomic
def interview_schedule(*, application: Application, terms: InterviewTerms, actor: Actor | None) -> Interview:
    """Set the interview of a candidate in the interview stage; the worker is asked to confirm it."""
    _require_person(actor)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.stage != Application.Stage.INTERVIEWING:
        raise TransitionError(
            _("Move the candidate to the interview stage before setting a time."), code="not_interviewing"
        )
    if Interview.objects.filter(application=locked).exclude(status=Status.CANCELLED).exists():
        raise _exists()
    checked = _check_terms(terms)
    interview = _save(
        Interview(
            application=locked, scheduled_by=person_of(actor), status=Status.PROPOSED, **asdict(checked)
        )
    )
    tell_interview(interview, Kind.INTERVIEW_SCHEDULED, actor)
    return interview


def _locked_open(interview: Interview) -> Interview:
    locked = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__vacancy__enterprise", "application__worker")
        .get(pk=interview.pk)
    )
    if not locked.is_open:
        raise TransitionError(_("This interview was cancelled."), code="cancelled")
    return locked


@transaction.atomic
def interview_reschedule(*, interview: Interview, terms: InterviewTerms, actor: Actor | None) -> Interview:
    """Move an open interview (or change its place or contact); the worker is asked to confirm again."""
    _require_person(actor)
    locked = _locked_open(interview)
    if locked.application.stage != Application.Stage.INTERVIEWING:
        raise TransitionError(
            _("The candidate is no longer at the interview stage."), code="not_interviewing"
        )
    previous = locked.starts_at
    for name, value in asdict(_check_terms(terms)).items():
        setattr(locked, name, value)
    locked.status, locked.worker_note = Status.PROPOSED, ""
    _save(locked)
    tell_interview(locked, Kind.INTERVIEW_CHANGED, actor, previous=previous)
    return locked


@transaction.atomic
def interview_cancel(*, interview: Interview, reason: str, actor: Actor | None) -> Interview:
    """Call an open interview off, with the reason the worker is told."""
    _require_person(actor)
    locked = _locked_open(interview)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("Give a reason: the worker needs to know why."), "reason_required")
    locked.status, locked.cancel_reason = Status.CANCELLED, reason[:200]
    _save(locked)
    tell_interview(locked, Kind.INTERVIEW_CANCELLED, actor, reason=locked.cancel_reason)
    return locked


def _require_future(interview: Interview) -> None:
    if interview.starts_at <= timezone.now():
        raise TransitionError(_("This interview time has passed."), code="past")


@transaction.atomic
def interview_confirm(*, interview: Interview, actor: Actor | None) -> Interview:
    """The worker confirms they will come; the vacancy's staff are told. Confirming twice changes nothing."""
    locked = _locked_open(interview)
    _require_future(locked)
    if locked.status == Status.CONFIRMED:
        return locked
    locked.status, locked.worker_note = Status.CONFIRMED, ""
    _save(locked)
    tell_interview(locked, Kind.INTERVIEW_CONFIRMED, actor)
    return locked


@transaction.atomic
def interview_request_reschedule(*, interview: Interview, note: str, actor: Actor | None) -> Interview:
    """The worker asks for another time, saying which times suit them; the vacancy's staff are told."""
    locked = _locked_open(interview)
    _require_future(locked)
    note = (note or "").strip()
    if not note:
        raise field_error("note", _("Say which days and times suit you."), "note_required")
    locked.status, locked.worker_note = Status.RESCHEDULE, note[:200]
    _save(locked)
    tell_interview(locked, Kind.INTERVIEW_RESCHEDULE, actor, note=locked.worker_note)
    return locked


# The facts of notifications that hold text written by or about the worker.
FREE_TEXT_FACTS = ("reason", "note")


@transaction.atomic
def interviews_forget_worker(*, worker_id: int) -> None:
    """An erased worker's interviews keep their times but lose the free text by or about them, and so do
    the notifications about their candidacies (the reasons and notes in them)."""
    Interview.objects.filter(application__worker_id=worker_id).update(worker_note="", cancel_reason="")
    application_ids = Application.objects.filter(worker_id=worker_id).values_list("pk", flat=True)
    notification_facts_forget(about="application", ids=list(application_ids), facts=FREE_TEXT_FACTS)
