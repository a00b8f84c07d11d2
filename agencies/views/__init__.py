"""Agency pages: the workspace and placements (workspace.py), the worker pool (pool.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from agencies.models import Agency
from agencies.selectors import agency_of_staff
from hrmatch.pages import actor_of


def staff_agency(request: HttpRequest) -> Agency:
    """The agency the signed-in staff member works for (the first, when several); else a 404."""
    agency = agency_of_staff(actor=actor_of(request))
    if agency is None:
        raise Http404
    return agency
