"""Telling the access log that a request showed workers' identity: a signal from the plumbing.

Pages call `log_access` where they show unmasked identity or export it; the API does it for every
answer (`hrmatch.api.access`). The audit app receives `identity_shown` and writes the entry: the
plumbing and the apps below the audit app never import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.dispatch import Signal

from hrmatch.actors import Actor

VIEW = "view"
EXPORT = "export"

# Sent with `request`, `what`, `worker_ids` (a list), `action` (VIEW or EXPORT) and `city_id` (or None).
identity_shown = Signal()


def log_access(
    request: Any,
    *,
    what: str,
    worker_ids: Iterable[int],
    action: str = VIEW,
    city_id: int | None = None,
) -> None:
    """Record that this request showed (or exported) these workers' identity to the signed-in user."""
    ids = [int(pk) for pk in worker_ids if pk is not None]
    if ids:
        identity_shown.send(
            sender=None, request=request, what=what, worker_ids=ids, action=action, city_id=city_id
        )


# The plumbing cannot import the apps: each app hands it what the access log needs (from ready()).
_organisation_namers: list[Callable[[Actor], list[str]]] = []
_worker_city_readers: list[Callable[[list[int]], int | None]] = []


def register_organisation_namer(namer: Callable[[Actor], list[str]]) -> None:
    """An app names the organisations (agencies, enterprises) an actor works for."""
    if namer not in _organisation_namers:
        _organisation_namers.append(namer)


def register_worker_city_reader(reader: Callable[[list[int]], int | None]) -> None:
    """The app of worker profiles says which home city a group of workers shares (None: several)."""
    if reader not in _worker_city_readers:
        _worker_city_readers.append(reader)


def organisation_names(actor: Actor) -> str:
    """The names of the agencies and enterprises the actor works for (what a worker recognises)."""
    return "、".join(sorted(name for namer in _organisation_namers for name in namer(actor)))


def workers_home_city(worker_ids: list[int]) -> int | None:
    """The home city the given workers share, or None when they live in several."""
    return _worker_city_readers[0](worker_ids) if _worker_city_readers else None
