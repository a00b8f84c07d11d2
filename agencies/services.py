"""Writes of agencies: placements that fill vacancies, under the dispatch-ratio rule."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyClient, Placement, WorkerNote, WorkerNoteChange
from agencies.selectors import worker_note_rights
from enterprises.board import board_invalidate_on_commit
from enterprises.models import Enterprise, Vacancy
from enterprises.services import vacancy_transition
from hrmatch.actors import Actor, person_of
from hrmatch.candidacy import application_accepted
from talent.models import WorkerProfile
from talent.work_terms import EmploymentForm


def dispatch_check(enterprise: Enterprise, *, adding: int = 1) -> None:
    """Refuse dispatched workers beyond 10% of the enterprise's total workforce (dispatched ≤ contract ÷ 9)."""
    after = enterprise.dispatched_headcount + adding
    if after > enterprise.dispatch_capacity:
        raise ValidationError(
            {
                "employment_form": _(
                    "%(name)s has %(contract)s contract employees and %(dispatched)s dispatched workers: "
                    "dispatched workers may be at most 10%% of the workforce, so at most %(cap)s. "
                    "This placement would make %(after)s."
                )
                % {
                    "name": enterprise.name,
                    "contract": enterprise.contract_headcount,
                    "dispatched": enterprise.dispatched_headcount,
                    "cap": enterprise.dispatch_capacity,
                    "after": after,
                }
            },
            code="dispatch_cap",
        )


@transaction.atomic
def placement_create(
    *,
    worker: WorkerProfile,
    vacancy: Vacancy,
    employment_form: str,
    started_on: dt.date,
    agency: Agency | None = None,
    actor: Actor | None = None,
) -> Placement:
    """Place a worker in an open vacancy: fills one headcount and, for dispatch, one dispatch slot.

    The worker must stand by a candidacy for the vacancy they made or accepted themself (they applied,
    their agency referred them, or they accepted an invitation to apply): a factory never places, and so
    never learns the name of, a candidate who did not agree to be one.
    """
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if not application_accepted(worker_id=worker.pk, vacancy_id=vacancy.pk):
        raise ValidationError(
            {
                "worker": ValidationError(
                    _(
                        "This worker has no application to this vacancy: a placement needs one the worker "
                        "made or accepted (they apply, accept an invitation to apply, or their agency "
                        "refers them)."
                    ),
                    code="no_accepted_application",
                )
            }
        )
    enterprise = Enterprise.objects.select_for_update().get(pk=vacancy.enterprise_id)
    if vacancy.status != Vacancy.Status.OPEN:
        raise ValidationError({"vacancy": _("Only an open vacancy can be filled.")}, code="not_open")
    if vacancy.filled_count >= vacancy.headcount:
        raise ValidationError(
            {"vacancy": _("Every position of this vacancy is already filled.")}, code="full"
        )
    if employment_form == EmploymentForm.DISPATCH:
        if agency is None or not agency.dispatch_licence_number:
            raise ValidationError(
                {"agency": _("Only an agency with a labour dispatch licence can place dispatched workers.")},
                code="no_dispatch_licence",
            )
        if agency.dispatch_licence_valid_until and agency.dispatch_licence_valid_until < started_on:
            raise ValidationError(
                {"agency": _("The agency's dispatch licence has expired.")}, code="licence_expired"
            )
        dispatch_check(enterprise)
    placement = Placement(
        worker=worker,
        vacancy=vacancy,
        agency=agency,
        employment_form=employment_form,
        started_on=started_on,
        created_by=person_of(actor),
    )
    placement.full_clean()
    placement.save()
    if employment_form == EmploymentForm.DISPATCH:
        Enterprise.objects.filter(pk=enterprise.pk).update(dispatched_headcount=F("dispatched_headcount") + 1)
    Vacancy.objects.filter(pk=vacancy.pk).update(filled_count=F("filled_count") + 1)
    board_invalidate_on_commit(city_ids=[vacancy.city_id])  # its open positions changed
    if vacancy.filled_count + 1 >= vacancy.headcount:
        vacancy_transition(vacancy=vacancy, to=Vacancy.Status.FILLED, actor=actor)
    return placement


@transaction.atomic
def agency_client_link(
    *, agency: Agency, enterprise: Enterprise, since: dt.date | None = None
) -> AgencyClient:
    """Record that an agency serves an enterprise (from `since`, today by default)."""
    from django.utils import timezone

    return AgencyClient.objects.create(
        agency=agency, enterprise=enterprise, since=since or timezone.localdate()
    )


NOTE_MAX_LENGTH = 2000


def _note_body(body: str | None) -> str:
    """A note's words without surrounding blanks, refused beyond 2,000 characters (the model's check
    does not cover a text field's length)."""
    body = (body or "").strip()
    if len(body) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("A note holds at most %(max)s characters (this one has %(length)s).")
                % {"max": NOTE_MAX_LENGTH, "length": len(body)}
            },
            code="too_long",
        )
    return body


@transaction.atomic
def worker_note_create(*, actor: Actor, worker: WorkerProfile, body: str) -> WorkerNote:
    """Write a note on a worker of the agency's own pool; only that agency's staff will read it."""
    agency_id = worker.managing_agency_id
    if agency_id is None or not (actor.is_admin or agency_id in actor.agency_ids):
        raise ValidationError(
            {"worker": _("Notes are kept on workers of your own pool.")}, code="not_in_pool"
        )
    note = WorkerNote(agency_id=agency_id, worker=worker, author=person_of(actor), body=_note_body(body))
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def worker_note_update(*, actor: Actor, note: WorkerNote, body: str) -> WorkerNote:
    """Rewrite one's own note: it keeps its place on the timeline, marked edited, and the edit is a line
    of its own. Only the author edits (agencies.selectors.NoteRights); the same words change nothing."""
    note = WorkerNote.objects.select_for_update().get(pk=note.pk)
    if not worker_note_rights(actor=actor).can_edit(note):
        raise PermissionDenied(_("Only the author of a note can edit it."))
    body = _note_body(body)
    if body == note.body:
        return note
    note.body = body
    note.edited_at = timezone.now()
    note.full_clean()
    note.save(update_fields=["body", "edited_at"])
    WorkerNoteChange.objects.create(
        agency_id=note.agency_id,
        worker_id=note.worker_id,
        kind=WorkerNoteChange.Kind.EDITED,
        by=person_of(actor),
        at=note.edited_at,
    )
    return note


@transaction.atomic
def worker_note_delete(*, actor: Actor, note: WorkerNote) -> None:
    """Delete a note (its author, or a manager of its agency): its words are gone, the timeline keeps a
    line saying who deleted a note and when."""
    note = WorkerNote.objects.select_for_update().get(pk=note.pk)
    if not worker_note_rights(actor=actor).can_delete(note):
        raise PermissionDenied(_("Only the author of a note or a manager of the agency can delete it."))
    WorkerNoteChange.objects.create(
        agency_id=note.agency_id,
        worker_id=note.worker_id,
        kind=WorkerNoteChange.Kind.DELETED,
        by=person_of(actor),
        at=timezone.now(),
    )
    note.delete()
