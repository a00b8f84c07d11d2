"""A worker's activity timeline for agency staff: notes, placements, and what apps above add to it.

Applications live in matching, above agencies: matching registers its source here in
AppConfig.ready(), so the agency's worker page and API build one timeline without importing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hrmatch.actors import Actor
from talent.models import WorkerProfile


@dataclass(frozen=True)
class Activity:
    """One line of a worker's timeline, in the reader's language; a note's line says whether it was edited
    and whether the reader may edit or delete it."""

    at: dt.datetime
    kind: str  # "application", "stage", "note", "note_edited", "note_deleted" or "placement"
    text: str
    detail: str = ""
    by: str = ""
    note_id: int | None = None
    edited_at: dt.datetime | None = None
    can_edit: bool = False
    can_delete: bool = False


KINDS = ["application", "stage", "note", "note_edited", "note_deleted", "placement"]
PER_PAGE = 20
# The timeline pages through the newest lines this many deep: each page reads its sources from the top.
MAX_LINES = 1000


@dataclass(frozen=True)
class ActivityPage:
    """One page of a worker's timeline, newest first, and whether older or newer pages exist."""

    lines: list[Activity]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


ActivitySource = Callable[[Actor, WorkerProfile, int], Iterable[Activity]]
_sources: list[ActivitySource] = []


def register_activity_source(source: ActivitySource) -> None:
    """Add a source of timeline lines: called with the reader, the worker and how many lines at most."""
    if source not in _sources:
        _sources.append(source)


def worker_activity(*, actor: Actor, worker: WorkerProfile, limit: int = 100) -> list[Activity]:
    """The worker's timeline as the actor may see it, newest first, at most `limit` lines."""
    lines = [line for source in _sources for line in source(actor, worker, limit)]
    return sorted(lines, key=lambda line: line.at, reverse=True)[:limit]


def worker_activity_page(
    *, actor: Actor, worker: WorkerProfile, page: int = 1, per_page: int = PER_PAGE
) -> ActivityPage:
    """Page `page` (from 1) of the worker's timeline: each source reads its newest lines down to the end
    of the page, so a page costs the same queries however long the timeline; pages end at MAX_LINES."""
    page = max(1, page)
    start = (page - 1) * per_page
    if start >= MAX_LINES:
        return ActivityPage(lines=[], number=page, has_next=False)
    end = min(start + per_page, MAX_LINES)
    lines = worker_activity(actor=actor, worker=worker, limit=end + 1)
    return ActivityPage(lines=lines[start:end], number=page, has_next=len(lines) > end and end < MAX_LINES)


def person_name(user: object) -> str:
    """How a user is named on a timeline: their full name, else their username."""
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or getattr(user, "username", ""))


def notes_and_placements(actor: Actor, worker: WorkerProfile, limit: int) -> list[Activity]:
    """The agency's own lines: its staff's notes on the worker (with their edits and deletions) and the
    worker's placements it may see."""
    from agencies.selectors import (
        placement_list,
        worker_note_change_list,
        worker_note_list,
        worker_note_rights,
    )

    rights = worker_note_rights(actor=actor)
    lines = [
        Activity(
            at=note.created_at,
            kind="note",
            text=_("Note"),
            detail=note.body,
            by=person_name(note.author),
            note_id=note.pk,
            edited_at=note.edited_at,
            can_edit=rights.can_edit(note),
            can_delete=rights.can_delete(note),
        )
        for note in worker_note_list(actor=actor).filter(worker=worker)[:limit]
    ]
    for change in worker_note_change_list(actor=actor).filter(worker=worker)[:limit]:
        lines.append(
            Activity(
                at=change.at,
                kind=f"note_{change.kind}",
                text=change.get_kind_display(),
                by=person_name(change.by),
            )
        )
    for placement in placement_list(actor=actor).filter(worker=worker).order_by("-created_at")[:limit]:
        lines.append(
            Activity(
                at=placement.created_at,
                kind="placement",
                text=_("Placed at %(enterprise)s as %(title)s from %(start)s")
                % {
                    "enterprise": placement.vacancy.enterprise.name,
                    "title": placement.vacancy.title,
                    "start": placement.started_on.isoformat(),
                },
                by=person_name(placement.created_by),
            )
        )
    return lines
