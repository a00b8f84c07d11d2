"""Telling the access log that a request showed workers' identity: a signal from the plumbing.

Pages call `log_access` where they show unmasked identity or export it; the API does it for every
answer (`hrmatch.api.access`). The audit app receives `identity_shown` and writes the entry: the
plumbing and the apps below the audit app never import it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.dispatch import Signal

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
