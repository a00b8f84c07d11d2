"""Permission-matrix rows of invite to apply: a factory invites the engine's suggestion (never a
candidate who applied), and only the invited worker accepts or declines (tests/api/test_permission_matrix.py)."""

from __future__ import annotations

from tests.api.matrix import Cell, pk

INVITATION_CELLS: list[Cell] = [
    Cell(
        "POST",
        "/api/v1/applications/{id}/shortlist/",
        "401 403 409 404 409 404 403 403 409",
        pk("app_suggested"),
    ),
    Cell(
        "POST",
        "/api/v1/applications/{id}/invite/",
        "401 403 200 404 200 404 403 403 200",
        pk("app_suggested"),
    ),
    Cell("POST", "/api/v1/applications/{id}/invite/", "401 403 409 404 409 404 403 403 409", pk("app_x")),
    Cell(
        "POST", "/api/v1/applications/{id}/accept/", "401 200 403 403 403 403 403 403 403", pk("app_invited")
    ),
    Cell("POST", "/api/v1/applications/{id}/accept/", "401 409 403 403 403 403 403 403 403", pk("app_x")),
    Cell(
        "POST",
        "/api/v1/applications/{id}/accept/",
        "401 404 403 403 403 403 403 403 403",
        pk("app_suggested"),
    ),
    Cell(
        "POST", "/api/v1/applications/{id}/decline/", "401 200 403 403 403 403 403 403 403", pk("app_invited")
    ),
    Cell("POST", "/api/v1/applications/{id}/decline/", "401 404 403 403 403 403 403 403 403", pk("app_y")),
]
