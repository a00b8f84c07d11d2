"""The access log's writer from a request: receives hrmatch.access.identity_shown."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from audit.services import access_record
from hrmatch.access import identity_shown, organisation_names, workers_home_city
from hrmatch.actors import actor_for
from hrmatch.client import client_address


@receiver(identity_shown, dispatch_uid="audit-identity-shown")
def record_identity_shown(
    sender: Any,
    request: Any,
    what: str,
    worker_ids: list[int],
    action: str,
    city_id: int | None,
    **kwargs: Any,
) -> None:
    """One access log entry: the signed-in user, their role and organisation, what, which workers.

    A worker reading their own data is left out.
    """
    actor = actor_for(getattr(request, "user", None))
    ids = sorted({pk for pk in worker_ids if pk != actor.worker_id})
    if not ids:
        return
    access_record(
        user=request.user,
        action=action,
        what=what,
        worker_ids=ids,
        role=actor.roles[0] if actor.roles else "",  # "admin" first for an administrator
        organisation=organisation_names(actor),
        city_id=city_id if city_id is not None else workers_home_city(ids),
        path=request.get_full_path() if hasattr(request, "get_full_path") else "",
        address=client_address(request),
    )
