"""Permission-matrix rows of interviews and notifications, added to MATRIX by test_permission_matrix.py
(kept here so that module stays under the size limit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from tests.api.conftest import World, interview_for, interviewing
from tests.api.matrix import Cell, pk

SIGNED_IN = "401 200 200 200 200 200 200 200 200"


def interview(who: str) -> Callable[[World], dict]:
    """The id of an interview made inside the cell's savepoint (see tests.api.conftest.interview_for)."""
    return lambda w: {"id": interview_for(w, who).pk}


def days_ahead(days: int) -> str:
    """An ISO 8601 time `days` from now (interviews are set in the coming year)."""
    return (timezone.now() + dt.timedelta(days=days)).isoformat()


#            anon wkr  agA  agB  facX facY city min  admin
INTERVIEW_AND_NOTIFICATION_CELLS: list[Cell] = [
    # Interviews: staff of the vacancy set, move and cancel them; the worker answers their own.
    Cell("GET", "/api/v1/interviews/", SIGNED_IN),
    Cell("GET", "/api/v1/interviews/{id}/", "401 200 200 404 200 404 404 404 200", interview("x")),
    Cell("GET", "/api/v1/interviews/{id}/", "401 404 404 200 404 200 404 404 200", interview("y")),
    Cell(
        "POST",
        "/api/v1/interviews/",
        "401 403 201 400 201 400 403 403 201",
        body=lambda w: {
            "application": interviewing(w, "x").pk,
            "starts_at": days_ahead(5),
            "place": "北仑区1号门",
            "contact_name": "王经理",
            "contact_phone": "13812345678",
        },
    ),
    Cell(
        "POST",
        "/api/v1/interviews/{id}/reschedule/",
        "401 403 200 404 200 404 403 403 200",
        interview("x"),
        body=lambda w: {"starts_at": days_ahead(6)},
    ),
    Cell(
        "POST",
        "/api/v1/interviews/{id}/cancel/",
        "401 403 200 404 200 404 403 403 200",
        interview("x"),
        body=lambda w: {"reason": "岗位已招满"},
    ),
    Cell("POST", "/api/v1/interviews/{id}/confirm/", "401 200 403 403 403 403 403 403 403", interview("x")),
    Cell("POST", "/api/v1/interviews/{id}/confirm/", "401 404 403 403 403 403 403 403 403", interview("y")),
    Cell(
        "POST",
        "/api/v1/interviews/{id}/request-reschedule/",
        "401 200 403 403 403 403 403 403 403",
        interview("x"),
        body=lambda w: {"note": "周三下午可以"},
    ),
    # Notifications: each user reads and marks only their own (administrators too).
    Cell("GET", "/api/v1/notifications/", SIGNED_IN),
    Cell("GET", "/api/v1/notifications/{id}/", "401 200 404 404 404 404 404 404 404", pk("note_worker")),
    Cell(
        "POST",
        "/api/v1/notifications/{id}/read/",
        "401 200 404 404 404 404 404 404 404",
        pk("note_worker"),
    ),
    Cell("POST", "/api/v1/notifications/read-all/", "401 200 200 200 200 200 200 200 200"),
]
