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
    """One line of a worker's timeline, in the reader's language."""

    at: dt.datetime
    kind: str  # "application", "stage", "note" or "placement"
    text: str
    detail: str = ""
    by: str = ""


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


def person_name(user: object) -> str:
    """How a user is named on a timeline: their full name, else their username."""
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or getattr(user, "username", ""))


def notes_and_placements(actor: Actor, worker: WorkerProfile, limit: int) -> list[Activity]:
    """The agency's own lines: its staff's notes on the worker and the worker's placements it may see."""
    from agencies.selectors import placement_list, worker_note_list

    lines = [
        Activity(
            at=note.created_at, kind="note", text=_("Note"), detail=note.body, by=person_name(note.author)
        )
        for note in worker_note_list(actor=actor).filter(worker=worker)[:limit]
    ]
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
