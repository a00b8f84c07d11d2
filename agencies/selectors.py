"""Reads of agencies and placements, scoped to what the asking actor may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from agencies.models import Agency, AgencyMembership, Placement, WorkerNote, WorkerNoteChange
from hrmatch.actors import Actor, person_of
from hrmatch.candidacy import with_identity


def agency_list(*, actor: Actor) -> QuerySet[Agency]:
    """Agencies an actor deals with: its own, those serving its enterprise, its city's, a worker's own agency."""
    agencies = Agency.objects.select_related("city")
    if actor.is_admin or actor.is_national_official:
        return agencies
    visible = Q(pk__in=actor.agency_ids)
    if actor.enterprise_ids:
        visible |= Q(
            pk__in=Agency.objects.filter(client_links__enterprise_id__in=actor.enterprise_ids).values("pk")
        )
    if actor.official_city_id is not None:
        visible |= Q(city_id=actor.official_city_id)
    if actor.worker_id is not None:
        visible |= Q(workers__pk=actor.worker_id)
    return agencies.filter(visible).distinct()


def placement_list(*, actor: Actor) -> QuerySet[Placement]:
    """Placements an actor took part in: its agency's, its enterprise's, a worker's own; each with
    `identity_visible` under the one masking rule (hrmatch.candidacy, owned by matching)."""
    placements = Placement.objects.select_related("worker", "vacancy__enterprise", "agency", "created_by")
    if not actor.is_admin:
        visible = Q(agency_id__in=actor.agency_ids) | Q(vacancy__enterprise_id__in=actor.enterprise_ids)
        if actor.worker_id is not None:
            visible |= Q(worker_id=actor.worker_id)
        placements = placements.filter(visible)
    return with_identity(placements, actor=actor)


def worker_note_list(*, actor: Actor) -> QuerySet[WorkerNote]:
    """Notes on workers kept by the actor's agencies (admin: all), newest first; no one else reads them."""
    notes = WorkerNote.objects.select_related("author", "agency").order_by("-created_at", "-id")
    if actor.is_admin:
        return notes
    return notes.filter(agency_id__in=actor.agency_ids)


def worker_note_change_list(*, actor: Actor) -> QuerySet[WorkerNoteChange]:
    """Edits and deletions of notes kept by the actor's agencies (admin: all), newest first."""
    changes = WorkerNoteChange.objects.select_related("by").order_by("-at", "-id")
    if actor.is_admin:
        return changes
    return changes.filter(agency_id__in=actor.agency_ids)


@dataclass(frozen=True)
class NoteRights:
    """Who may change a note: its author edits and deletes it while staff of the note's agency; a manager
    of that agency (and an administrator) may also delete it, never rewrite someone else's words."""

    user_id: int | None
    agency_ids: frozenset[int]
    managed_agency_ids: frozenset[int]
    is_admin: bool

    def can_edit(self, note: WorkerNote) -> bool:
        is_author = self.user_id is not None and note.author_id == self.user_id
        return is_author and (self.is_admin or note.agency_id in self.agency_ids)

    def can_delete(self, note: WorkerNote) -> bool:
        return self.can_edit(note) or self.is_admin or note.agency_id in self.managed_agency_ids


def worker_note_rights(*, actor: Actor) -> NoteRights:
    """The actor's rights over notes (one query: the agencies they manage)."""
    user = person_of(actor)
    managed = (
        AgencyMembership.objects.filter(
            user_id=user.pk, agency_id__in=actor.agency_ids, role=AgencyMembership.Role.MANAGER
        ).values_list("agency_id", flat=True)
        if user is not None and actor.agency_ids
        else []
    )
    return NoteRights(
        user_id=user.pk if user is not None else None,
        agency_ids=frozenset(actor.agency_ids),
        managed_agency_ids=frozenset(managed),
        is_admin=actor.is_admin,
    )


def agency_of_staff(*, actor: Actor) -> Agency | None:
    """The agency a staff member acts for on the pages: their first, when they work for several."""
    return Agency.objects.select_related("city").filter(pk__in=actor.agency_ids).order_by("pk").first()


def agency_membership_actor_fields(user: Any) -> dict[str, Any]:
    """The Actor field agency staff memberships decide: the agencies the user works for."""
    return {
        "agency_ids": frozenset(
            AgencyMembership.objects.filter(user=user).values_list("agency_id", flat=True)
        )
    }
