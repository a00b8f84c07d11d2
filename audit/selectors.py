"""Reads of the access log: searched by administrators and officials (a city's officials see their
city's entries), and each worker's own "who has seen my data"."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from audit.models import AccessLog
from hrmatch.actors import Actor


def access_log_list(*, actor: Actor) -> QuerySet[AccessLog]:
    """Entries the actor may search: all for administrators and national officials, a city's for its
    officials (entries about workers living there); anyone else is refused."""
    entries = AccessLog.objects.all().order_by("-at", "-id")
    if actor.is_admin or actor.is_national_official:
        return entries
    if actor.official_city_id is not None:
        return entries.filter(city_id=actor.official_city_id)
    raise PermissionDenied


def access_seen_by(*, worker_id: int) -> QuerySet[AccessLog]:
    """Every entry that showed or exported this worker's identity, newest first."""
    return AccessLog.objects.filter(workers__worker_id=worker_id).order_by("-at", "-id")
