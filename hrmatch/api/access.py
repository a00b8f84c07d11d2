"""Every API answer that shows a worker's identity to someone else is written to the access log.

The answer's data is read once after it is built: a candidate whose `identity_visible` is true, a
placement's named worker, a full worker profile (`full_name` and `mobile` beside its `id`). One
access log entry per answer, naming every worker it showed.
"""

from __future__ import annotations

from typing import Any

from hrmatch.access import log_access

MAX_WALK_DEPTH = 6


def identities_in(data: Any, depth: int = 0) -> list[int]:
    """Worker ids whose name or mobile this answer body carries."""
    if depth > MAX_WALK_DEPTH:
        return []
    found: list[int] = []
    if isinstance(data, dict):
        if (data.get("identity_visible") is True and isinstance(data.get("worker"), int)) or (
            data.get("worker_name") and isinstance(data.get("worker"), int)
        ):
            found.append(data["worker"])
        elif "identity_visible" not in data and data.get("mobile") and isinstance(data.get("id"), int):
            found.append(data["id"])
        for value in data.values():
            if isinstance(value, (dict, list)):
                found.extend(identities_in(value, depth + 1))
    elif isinstance(data, list):
        for item in data:
            found.extend(identities_in(item, depth + 1))
    return found


def log_identity_access(request: Any, view: Any, data: Any) -> None:
    """Write the access log entry of one API answer, if it showed anyone's identity."""
    ids = identities_in(data)
    if not ids:
        return
    name = getattr(view, "basename", None) or type(view).__name__
    action = getattr(view, "action", None) or request.method.lower()
    log_access(request, what=f"API {name} {action}", worker_ids=ids)
