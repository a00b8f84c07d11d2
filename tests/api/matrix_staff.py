"""Permission-matrix rows of the agency staff's and factory's everyday actions (tests/api/test_permission_matrix.py
adds them to its MATRIX): client factories, the candidate page of an applicant, notes and activity."""

from __future__ import annotations

from typing import Any

#            anon wkr  agA  agB  facX facY city min  admin


def staff_cells(Cell: Any, pk: Any) -> list[Any]:
    """The rows, built with the matrix's Cell and pk (passed in: that module imports this one)."""
    return [
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
        Cell(
            "GET", "/api/v1/applications/{id}/candidate/", "401 403 404 200 404 200 403 403 200", pk("app_y")
        ),
        Cell(
            "GET", "/api/v1/applications/{id}/candidate/", "401 403 200 404 200 404 403 403 200", pk("app_x")
        ),
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
        Cell(
            "GET",
            "/api/v1/workers/{worker_id}/activity/",
            "401 403 404 200 403 403 403 403 200",
            lambda w: {"worker_id": w["worker_b"].pk},
        ),
    ]
