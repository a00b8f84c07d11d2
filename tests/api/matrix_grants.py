"""The permission matrix of an enterprise granting a second agency a vacancy another agency posted.

Principals: the posting agency A, the granted agency C and a third agency D (both serve factory X beside
A), the enterprise X, another enterprise Y and a worker. The world (tests/api/test_vacancy_grants.py):
A posted `posted` for X; X granted it to C; a worker applied to it on their own (`app_self`), A referred
one of its pool (`app_a`), and C referred one of its pool (`app_c`).
"""

from __future__ import annotations

from tests.api.matrix import Cell

PRINCIPALS = ("agency_a", "agency_c", "agency_d", "factory_x", "factory_y", "worker")

#       (method, path, "agA agC agD facX facY wkr", body)
GRANT_CELLS = [
    # The vacancy: everyone reads it while open; only its enterprise and posting agency edit or pause it.
    ("GET", "/api/v1/vacancies/{posted}/", "200 200 200 200 200 200", None),
    ("PATCH", "/api/v1/vacancies/{posted}/", "200 404 404 200 404 403", {"title": "改"}),
    ("POST", "/api/v1/vacancies/{posted}/pause/", "200 404 404 200 404 403", None),
    ("POST", "/api/v1/vacancies/{posted}/close/", "200 404 404 200 404 403", None),
    # Its shortlist: worked by the granted agency too; moving candidates stays with the vacancy's managers.
    ("GET", "/api/v1/vacancies/{posted}/shortlist/", "200 200 404 200 404 403", None),
    ("POST", "/api/v1/vacancies/{posted}/shortlist/1/move/", "200 404 404 200 404 403", {"to": "invited"}),
    # Applications: the granted agency sees the one it made, not A's nor the worker's own.
    ("GET", "/api/v1/applications/{app_a}/", "200 404 404 200 404 404", None),
    ("GET", "/api/v1/applications/{app_self}/", "200 404 404 200 404 404", None),
    ("GET", "/api/v1/applications/{app_c}/", "200 200 404 200 404 404", None),
    ("POST", "/api/v1/applications/{app_c}/shortlist/", "200 404 404 200 404 403", {}),
    # The candidate behind an application: the granted agency opens its own referral's, no other.
    ("GET", "/api/v1/applications/{app_c}/candidate/", "200 200 404 200 404 403", None),
    ("GET", "/api/v1/applications/{app_a}/candidate/", "200 404 404 200 404 403", None),
    ("GET", "/api/v1/applications/{app_self}/candidate/", "200 404 404 200 404 403", None),
    # Referring a worker of one's pool: the posting and the granted agency, not the third.
    ("POST", "/api/v1/applications/refer/", "400 201 400 403 403 403", "refer_c2"),
    ("POST", "/api/v1/applications/refer/", "400 400 400 403 403 403", "refer_d"),
    # The grants: the enterprise grants and revokes; the posting agency reads them.
    ("GET", "/api/v1/vacancies/{posted}/grants/", "200 404 404 200 404 403", None),
    ("POST", "/api/v1/vacancies/{posted}/grants/", "403 404 404 201 404 403", "grant_d"),
    ("POST", "/api/v1/vacancies/{posted}/grants/", "403 404 404 400 404 403", "grant_a"),
    ("POST", "/api/v1/vacancies/{posted}/grants/", "403 404 404 400 404 403", "grant_b"),
    ("DELETE", "/api/v1/vacancies/{posted}/grants/{grant}/", "403 404 404 204 404 403", None),
]

# The grants' rows in the main matrix (tests/api/test_permission_matrix.py, its nine roles), on factory Y's
# own vacancy: readable by its managers, not grantable (every agency serving Y manages it already).
#            anon wkr  agA  agB  facX facY city min  admin
MAIN_GRANT_CELLS: list[Cell] = [
    Cell(
        "GET",
        "/api/v1/vacancies/{vacancy_id}/grants/",
        "401 403 404 200 404 200 403 403 200",
        lambda w: {"vacancy_id": w["open_y"].pk},
    ),
    Cell(
        "POST",
        "/api/v1/vacancies/{vacancy_id}/grants/",
        "401 403 404 403 404 400 403 403 400",
        lambda w: {"vacancy_id": w["open_y"].pk},
        body=lambda w: {"agency": w["agency_b"].pk},
    ),
    Cell(
        "DELETE",
        "/api/v1/vacancies/{vacancy_id}/grants/{id}/",
        "401 403 404 404 404 404 403 403 404",
        lambda w: {"vacancy_id": w["open_y"].pk, "id": 999999},
    ),
]
