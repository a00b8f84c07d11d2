"""The permission matrix's cell (tests/api/test_permission_matrix.py), and the rows of the agency staff's
and factory's everyday actions: client factories, the candidate page of an applicant, notes and activity."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.api.conftest import World


@dataclass(frozen=True)
class Cell:
    """One endpoint and method, the objects it is called on, its body, and the status each role gets."""

    method: str
    path: str  # the schema's template, e.g. /api/v1/vacancies/{id}/
    expected: str  # one status per role, in ROLES order
    kwargs: Callable[[World], dict] = lambda w: {}
    body: Callable[[World], Any] = lambda w: None
    query: str = ""
    multipart: bool = False

    def url(self, world: World) -> str:
        return self.path.format(**self.kwargs(world)) + (f"?{self.query}" if self.query else "")


def pk(name: str) -> Callable[[World], dict]:
    return lambda w: {"id": w[name].pk}


def note_b(w: World) -> dict:
    """Agency B's recruiter's note on its worker, made inside the cell's rolled-back savepoint."""
    from agencies.models import WorkerNote

    note = WorkerNote.objects.filter(worker=w["worker_b"]).first() or WorkerNote.objects.create(
        agency=w["agency_b"], worker=w["worker_b"], author=w.users["agency_b"], body="会开叉车"
    )
    return {"worker_id": w["worker_b"].pk, "id": note.pk}


#            anon wkr  agA  agB  facX facY city min  admin
STAFF_CELLS: list[Cell] = [
    # Another agency cannot edit a factory it does not serve; a wrong credit code is a field error.
    Cell(
        "PATCH",
        "/api/v1/enterprises/{id}/",
        "401 403 404 200 403 403 403 403 200",
        pk("factory_y"),
        body=lambda w: {"contract_headcount": 1200},
    ),
    Cell(
        "PATCH",
        "/api/v1/enterprises/{id}/",
        "401 403 400 404 403 403 403 403 400",
        pk("factory_x"),
        body=lambda w: {"credit_code": w["factory_x"].credit_code[:17] + "Z"},
    ),
    # A candidate who applied, for the vacancy's factory and agency (masked ones: tests/matching).
    Cell("GET", "/api/v1/applications/{id}/candidate/", "401 403 404 200 404 200 403 403 200", pk("app_y")),
    Cell("GET", "/api/v1/applications/{id}/candidate/", "401 403 200 404 200 404 403 403 200", pk("app_x")),
    # Notes and activity of a worker: the worker's own agency only.
    Cell(
        "GET",
        "/api/v1/workers/{worker_id}/notes/",
        "401 403 404 200 403 403 403 403 200",
        lambda w: {"worker_id": w["worker_b"].pk},
    ),
    Cell(
        "POST",
        "/api/v1/workers/{worker_id}/notes/",
        "401 403 404 201 403 403 403 403 201",
        lambda w: {"worker_id": w["worker_b"].pk},
        body=lambda w: {"body": "面试守时，焊接基础扎实。"},
    ),
    Cell(
        "POST",
        "/api/v1/workers/{worker_id}/notes/",
        "401 403 400 404 403 403 403 403 400",
        lambda w: {"worker_id": w["pool_a"].pk},
        body=lambda w: {"body": ""},
    ),
    # A note: its author edits it; its author, a manager of its agency or an administrator deletes it
    # (a colleague who is neither: tests/agencies/test_note_changes.py).
    Cell("GET", "/api/v1/workers/{worker_id}/notes/{id}/", "401 403 404 200 403 403 403 403 200", note_b),
    Cell(
        "PATCH",
        "/api/v1/workers/{worker_id}/notes/{id}/",
        "401 403 404 200 403 403 403 403 403",
        note_b,
        body=lambda w: {"body": "会开叉车，有证"},
    ),
    Cell(
        "PATCH",
        "/api/v1/workers/{worker_id}/notes/{id}/",
        "401 403 404 400 403 403 403 403 403",
        note_b,
        body=lambda w: {"body": ""},
    ),
    Cell("DELETE", "/api/v1/workers/{worker_id}/notes/{id}/", "401 403 404 204 403 403 403 403 204", note_b),
    Cell(
        "GET",
        "/api/v1/workers/{worker_id}/activity/",
        "401 403 404 200 403 403 403 403 200",
        lambda w: {"worker_id": w["worker_b"].pk},
    ),
    Cell(
        "GET",
        "/api/v1/workers/{worker_id}/activity/",
        "401 403 404 400 403 403 403 403 400",
        lambda w: {"worker_id": w["worker_b"].pk},
        query="page_size=101",
    ),
]
