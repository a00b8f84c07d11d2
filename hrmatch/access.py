"""Writing the access log from a request: who asked (user, role, organisation, address), which workers.

Pages call `log_access` where they show unmasked identity or export; the API does it for every answer
(`hrmatch.api.access`). A worker reading their own data is not logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from audit.models import AccessLog
from audit.services import access_record
from hrmatch.actors import Actor, actor_for
from hrmatch.client import client_address


def organisation_of(actor: Actor) -> str:
    """The names of the agencies and enterprises the actor works for (what a worker recognises)."""
    from agencies.models import Agency
    from enterprises.models import Enterprise

    names: list[str] = []
    if actor.agency_ids:
        names += list(Agency.objects.filter(pk__in=actor.agency_ids).values_list("name", flat=True))
    if actor.enterprise_ids:
        names += list(Enterprise.objects.filter(pk__in=actor.enterprise_ids).values_list("name", flat=True))
    return "、".join(sorted(names))


def worker_city(worker_ids: list[int]) -> int | None:
    """The home city of the workers shown, when they share one (for the city officials' scope)."""
    from talent.models import WorkerProfile

    cities = list(
        WorkerProfile.objects.filter(pk__in=worker_ids[:1000])
        .order_by()
        .values_list("home_city_id", flat=True)
        .distinct()[:2]
    )
    return cities[0] if len(cities) == 1 else None


def log_access(
    request: Any,
    *,
    what: str,
    worker_ids: Iterable[int],
    action: str = AccessLog.Action.VIEW,
    city_id: int | None = None,
) -> AccessLog | None:
    """Log that this request showed (or exported) these workers' identity to the signed-in user."""
    actor = actor_for(getattr(request, "user", None))
    ids = sorted({int(pk) for pk in worker_ids if pk is not None and pk != actor.worker_id})
    if not ids:
        return None
    role = actor.roles[0] if actor.roles else ""  # "admin" first for an administrator
    return access_record(
        user=request.user,
        action=action,
        what=what,
        worker_ids=ids,
        role=role,
        organisation=organisation_of(actor),
        city_id=city_id if city_id is not None else worker_city(ids),
        path=request.get_full_path() if hasattr(request, "get_full_path") else "",
        address=client_address(request),
    )
