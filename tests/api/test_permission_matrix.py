"""Every role against every endpoint and method, own and other tenants' objects: the expected status per
cell is data. A meta-test fails when the schema has an operation the matrix does not cover.

Each cell runs in a savepoint that is rolled back, so cells do not see each other's writes.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator

from tests import factories
from tests.api.conftest import ROLES, World
from tests.api.matrix import STAFF_CELLS, Cell, pk
from tests.api.matrix_grants import MAIN_GRANT_CELLS
from tests.api.matrix_interviews import INTERVIEW_AND_NOTIFICATION_CELLS
from tests.api.matrix_invitations import INVITATION_CELLS
from tests.api.matrix_worker import WORKER_RECORD_AND_MARK_CELLS

pytestmark = pytest.mark.django_db


def vacancy_body(w: World) -> dict:
    return {
        "enterprise": w["factory_x"].pk,
        "title": "电焊工",
        "occupation": w["welder"].code,
        "pay_min": 6000,
        "pay_max": 8000,
        "employment_form": "direct",
        "shift_pattern": "day",
        "start_date": "2026-12-01",
        "skills": [{"skill": w["skill"].code, "importance": "required", "min_level": 2}],
    }


def bad_sheet(w: World) -> dict:
    return {"file": SimpleUploadedFile("sheet.csv", b"a,b\n1,2\n", content_type="text/csv")}


PUBLIC = "200 200 200 200 200 200 200 200 200"
SIGNED_IN = "401 200 200 200 200 200 200 200 200"
#            anon wkr  agA  agB  facX facY city min  admin
MATRIX: list[Cell] = [
    # Reference data: public.
    Cell("GET", "/api/v1/pilot-cities/", PUBLIC),
    Cell("GET", "/api/v1/pilot-cities/{id}/", PUBLIC, pk("other_city")),
    Cell("GET", "/api/v1/districts/", PUBLIC),
    Cell("GET", "/api/v1/districts/{id}/", PUBLIC, pk("district")),
    Cell("GET", "/api/v1/parks/", PUBLIC),
    Cell("GET", "/api/v1/parks/{id}/", PUBLIC, pk("park")),
    Cell("GET", "/api/v1/occupations/", PUBLIC),
    Cell("GET", "/api/v1/occupations/{id}/", PUBLIC, pk("welder")),
    Cell("GET", "/api/v1/occupations/suggest/", PUBLIC, query="q=电焊工"),
    Cell("GET", "/api/v1/skills/", PUBLIC),
    Cell("GET", "/api/v1/skills/{id}/", PUBLIC, pk("skill")),
    # Who am I, tokens.
    Cell("GET", "/api/v1/me/", SIGNED_IN),
    Cell("GET", "/api/v1/tokens/", SIGNED_IN),
    Cell(
        "POST",
        "/api/v1/tokens/",
        "201 201 201 201 201 201 201 201 201",
        body=lambda w: {"username": "worker", "password": "correct horse battery staple"},
    ),
    Cell("POST", "/api/v1/tokens/revoke/", "401 204 204 204 204 204 204 204 204"),
    # Sign-up is public and answers alike whether or not the mobile is registered.
    Cell(
        "POST",
        "/api/v1/workers/signup/",
        "202 202 202 202 202 202 202 202 202",
        body=lambda w: {
            "full_name": "新工人",
            "mobile": "13905740099",
            "password": "a long enough passphrase 2026",
            "birth_year": 1998,
            "home_city": w["district"].city_id,
        },
    ),
    # Agencies and enterprises.
    Cell("GET", "/api/v1/agencies/", SIGNED_IN),
    Cell("GET", "/api/v1/agencies/{id}/", "401 404 404 200 404 200 404 200 200", pk("agency_b")),
    Cell("GET", "/api/v1/enterprises/", "401 403 200 200 200 200 200 200 200"),
    Cell("GET", "/api/v1/enterprises/{id}/", "401 403 404 200 404 200 404 200 200", pk("factory_y")),
    Cell(
        "POST",
        "/api/v1/enterprises/",
        "401 403 201 201 403 403 403 403 201",
        body=lambda w: {
            "name": "宁波新材料有限公司",
            "credit_code": factories.credit_code(777),
            "industry": "C34",
            "city": w["city"].code,
            "address": "北仑区1号",
            "contract_headcount": 100,
        },
    ),
    # Vacancies.
    Cell("GET", "/api/v1/vacancies/", PUBLIC),
    Cell("GET", "/api/v1/vacancies/{id}/", PUBLIC, pk("open_y")),
    Cell("GET", "/api/v1/vacancies/{id}/", "404 404 404 200 404 200 404 404 200", pk("draft_y")),
    Cell("POST", "/api/v1/vacancies/", "401 403 201 400 201 400 403 403 201", body=vacancy_body),
    Cell(
        "PATCH",
        "/api/v1/vacancies/{id}/",
        "401 403 200 404 200 404 403 403 200",
        pk("draft_x"),
        body=lambda w: {"title": "新标题"},
    ),
    Cell(
        "PATCH",
        "/api/v1/vacancies/{id}/",
        "401 403 404 200 404 200 403 403 200",
        pk("open_y"),
        body=lambda w: {"headcount": 4},
    ),
    Cell("POST", "/api/v1/vacancies/{id}/publish/", "401 403 200 404 200 404 403 403 200", pk("draft_x")),
    Cell("POST", "/api/v1/vacancies/{id}/publish/", "401 403 409 404 409 404 403 403 409", pk("open_x")),
    Cell("POST", "/api/v1/vacancies/{id}/pause/", "401 403 200 404 200 404 403 403 200", pk("open_x")),
    Cell("POST", "/api/v1/vacancies/{id}/pause/", "401 403 409 404 409 404 403 403 409", pk("draft_x")),
    Cell("POST", "/api/v1/vacancies/{id}/close/", "401 403 404 200 404 200 403 403 200", pk("open_y")),
    Cell(
        "GET",
        "/api/v1/vacancies/{vacancy_id}/shortlist/",
        "401 403 200 404 200 404 403 403 200",
        lambda w: {"vacancy_id": w["open_x"].pk},
    ),
    Cell(
        "POST",
        "/api/v1/vacancies/{vacancy_id}/shortlist/{rank}/move/",
        "401 403 200 404 200 404 403 403 200",
        lambda w: {"vacancy_id": w["open_x"].pk, "rank": 1},
        body=lambda w: {},
    ),
    Cell(
        "POST",
        "/api/v1/vacancies/{vacancy_id}/shortlist/{rank}/move/",
        "401 403 404 200 404 200 403 403 200",
        lambda w: {"vacancy_id": w["open_y"].pk, "rank": 1},
        body=lambda w: {"to": "rejected", "reason": "经验不足"},
    ),
    Cell(
        "POST",
        "/api/v1/vacancies/{vacancy_id}/shortlist/{rank}/move/",
        "401 403 409 404 409 404 403 403 409",
        lambda w: {"vacancy_id": w["open_x"].pk, "rank": 1},
        body=lambda w: {"to": "hired"},
    ),
    Cell(
        "POST",
        "/api/v1/vacancies/{vacancy_id}/shortlist/{rank}/move/",
        "401 403 400 404 400 404 403 403 400",
        lambda w: {"vacancy_id": w["open_x"].pk, "rank": 2},
        body=lambda w: {"to": "rejected"},
    ),
    Cell(
        "POST",
        "/api/v1/vacancies/{vacancy_id}/shortlist/{rank}/move/",
        "401 403 404 404 404 404 403 403 404",
        lambda w: {"vacancy_id": w["open_x"].pk, "rank": 999},
        body=lambda w: {},
    ),
    Cell(
        "POST",
        "/api/v1/vacancies/import/",
        "401 403 400 400 400 400 403 403 400",
        body=bad_sheet,
        multipart=True,
    ),
    # Workers.
    Cell("GET", "/api/v1/workers/", "401 200 200 200 403 403 403 403 200"),
    Cell("GET", "/api/v1/workers/{id}/", "401 404 404 200 403 403 403 403 200", pk("worker_b")),
    Cell("GET", "/api/v1/workers/{id}/", "401 200 200 404 403 403 403 403 200", pk("worker_a")),
    Cell(
        "POST",
        "/api/v1/workers/",
        "401 403 201 201 403 403 403 403 201",
        body=lambda w: {
            "full_name": "李娜",
            "mobile": "13700001111",
            "birth_year": 1995,
            "home_city": w["city"].code,
        },
    ),
    Cell(
        "PATCH",
        "/api/v1/workers/{id}/",
        "401 404 404 200 403 403 403 403 200",
        pk("worker_b"),
        body=lambda w: {"desired_pay": 7000},
    ),
    Cell(
        "PUT",
        "/api/v1/workers/{id}/skills/",
        "401 404 404 200 403 403 403 403 200",
        pk("worker_b"),
        body=lambda w: {"skills": [{"skill": w["skill"].code, "level": 4}]},
    ),
    Cell(
        "PUT",
        "/api/v1/workers/{id}/skills/",
        "401 200 200 404 403 403 403 403 200",
        pk("worker_a"),
        body=lambda w: {"skills": []},
    ),
    Cell(
        "POST",
        "/api/v1/workers/import/",
        "401 403 400 400 403 403 403 403 400",
        body=bad_sheet,
        multipart=True,
    ),
    Cell("GET", "/api/v1/workers/me/", "401 200 403 403 403 403 403 403 403"),
    Cell(
        "PATCH",
        "/api/v1/workers/me/",
        "401 200 403 403 403 403 403 403 403",
        body=lambda w: {"desired_pay": 6500},
    ),
    Cell("GET", "/api/v1/workers/me/export/", "401 200 403 403 403 403 403 403 403"),
    Cell(
        "POST",
        "/api/v1/workers/me/erase/",
        "401 204 403 403 403 403 403 403 403",
        body=lambda w: {"confirm": True},
    ),
    Cell(
        "POST",
        "/api/v1/workers/me/erase/",
        "401 400 403 403 403 403 403 403 403",
        body=lambda w: {"confirm": False},
    ),
    Cell("GET", "/api/v1/workers/me/consents/", "401 200 403 403 403 403 403 403 403"),
    Cell(
        "POST",
        "/api/v1/workers/me/consents/",
        "401 201 403 403 403 403 403 403 403",
        body=lambda w: {"purpose": "share_enterprise", "enterprise": w["factory_x"].pk},
    ),
    Cell(
        "POST",
        "/api/v1/workers/me/consents/{consent_id}/revoke/",
        "401 200 403 403 403 403 403 403 403",
        lambda w: {"consent_id": w["consent_a"].pk},
    ),
    Cell(
        "POST",
        "/api/v1/workers/me/consents/{consent_id}/revoke/",
        "401 404 403 403 403 403 403 403 403",
        lambda w: {"consent_id": w["consent_b"].pk},
    ),
    # Applications and the pipeline.
    Cell("GET", "/api/v1/applications/", SIGNED_IN),
    Cell("GET", "/api/v1/applications/{id}/", "401 404 404 200 404 200 404 404 200", pk("app_y")),
    Cell("GET", "/api/v1/applications/{id}/", "401 200 200 404 200 404 404 404 200", pk("app_x")),
    Cell(
        "POST",
        "/api/v1/applications/",
        "401 201 403 403 403 403 403 403 403",
        body=lambda w: {"vacancy": w["open_y"].pk},
    ),
    Cell(
        "POST",
        "/api/v1/applications/refer/",
        "401 403 201 400 403 403 403 403 400",
        body=lambda w: {"vacancy": w["small"].vacancies[2].pk, "worker": w["pool_a"].pk},
    ),
    Cell("POST", "/api/v1/applications/{id}/shortlist/", "401 403 200 404 200 404 403 403 200", pk("app_x")),
    Cell("POST", "/api/v1/applications/{id}/interview/", "401 403 409 404 409 404 403 403 409", pk("app_x")),
    Cell("POST", "/api/v1/applications/{id}/offer/", "401 403 404 409 404 409 403 403 409", pk("app_y")),
    Cell("POST", "/api/v1/applications/{id}/hire/", "401 403 409 404 409 404 403 403 409", pk("app_x")),
    Cell(
        "POST",
        "/api/v1/applications/{id}/reject/",
        "401 403 200 404 200 404 403 403 200",
        pk("app_x"),
        body=lambda w: {"reason": "经验不足"},
    ),
    Cell(
        "POST",
        "/api/v1/applications/{id}/withdraw/",
        "401 200 200 404 403 403 403 403 200",
        pk("app_x"),
        body=lambda w: {"reason": "已找到工作"},
    ),
    # A paper consent: agency staff of the worker's own pool (and admins) record it, with a note.
    Cell(
        "POST",
        "/api/v1/workers/{id}/paper-consent/",
        "401 403 201 404 403 403 403 403 201",
        pk("pool_a"),
        body=lambda w: {"note": "档案柜 A-3"},
    ),
    Cell(
        "POST",
        "/api/v1/workers/{id}/paper-consent/",
        "401 403 404 201 403 403 403 403 201",
        pk("worker_b"),
        body=lambda w: {"note": "档案柜 B-1"},
    ),
    # The access log: administrators and officials only.
    Cell("GET", "/api/v1/access-log/", "401 403 403 403 403 403 200 200 200"),
    # Placements.
    Cell("GET", "/api/v1/placements/", SIGNED_IN),
    Cell("GET", "/api/v1/placements/{id}/", "401 404 404 200 404 200 404 404 200", pk("placement_y")),
    Cell(
        "POST",
        "/api/v1/placements/",
        "401 403 201 400 403 403 403 403 400",
        body=lambda w: {"worker": w["pool_a"].pk, "vacancy": w["open_x"].pk, "started_on": "2026-12-01"},
    ),
    # A worker of the pool who has no application to the vacancy: refused.
    Cell(
        "POST",
        "/api/v1/placements/",
        "401 403 400 400 403 403 403 403 400",
        body=lambda w: {
            "worker": w["pool_a"].pk,
            "vacancy": w["small"].vacancies[2].pk,
            "started_on": "2026-12-01",
        },
    ),
    # Matching: recommendations, runs, statistics.
    Cell("GET", "/api/v1/recommendations/", "401 200 403 403 403 403 403 403 200"),
    Cell("GET", "/api/v1/match-runs/", "401 403 200 200 403 403 200 200 200"),
    Cell("GET", "/api/v1/match-runs/{id}/", "401 403 404 200 403 403 404 200 200", pk("run_y")),
    Cell(
        "POST",
        "/api/v1/match-runs/",
        "401 403 403 403 403 403 202 202 202",
        body=lambda w: {"city": w["city"].code},
    ),
    Cell(
        "POST",
        "/api/v1/match-runs/",
        "401 403 403 403 403 403 400 202 202",
        body=lambda w: {"city": w["other_city"].code},
    ),
    Cell("GET", "/api/v1/city-statistics/", "401 403 403 403 403 403 200 200 200"),
    # Training: providers and programmes are public; enrolments are the worker's, their agency's, the
    # provider's and the city's (provider staff: tests/training/test_api.py).
    Cell("GET", "/api/v1/training-providers/", PUBLIC),
    Cell("GET", "/api/v1/training-providers/{id}/", PUBLIC, pk("provider_y")),
    Cell("GET", "/api/v1/programmes/", PUBLIC),
    Cell("GET", "/api/v1/programmes/{id}/", PUBLIC, pk("programme_y")),
    Cell("GET", "/api/v1/cohorts/", PUBLIC),
    Cell("GET", "/api/v1/cohorts/progress/", "401 403 403 403 403 403 403 403 200"),
    Cell("GET", "/api/v1/enrolments/", SIGNED_IN),
    Cell("GET", "/api/v1/enrolments/{id}/", "401 200 200 404 404 404 200 200 200", pk("enrolment_x")),
    Cell("GET", "/api/v1/enrolments/{id}/", "401 404 404 200 404 404 404 200 200", pk("enrolment_y")),
    Cell(
        "POST",
        "/api/v1/enrolments/",
        "401 201 400 400 400 400 400 400 400",
        body=lambda w: {"cohort": w["cohort_x2"].pk, "consent_to_profile": True},
    ),
    Cell(
        "POST",
        "/api/v1/enrolments/",
        "401 400 201 400 400 400 400 400 201",
        body=lambda w: {"cohort": w["cohort_x2"].pk, "worker": w["pool_a"].pk},
    ),
    Cell(
        "POST",
        "/api/v1/enrolments/{id}/advance/",
        "401 404 404 404 404 404 404 404 200",
        pk("enrolment_x"),
        body=lambda w: {"status": "attending"},
    ),
    Cell(
        "POST",
        "/api/v1/enrolments/{id}/complete/",
        "401 404 404 404 404 404 404 404 409",
        pk("enrolment_x"),
        body=lambda w: {"passed": True},
    ),
    Cell(
        "POST", "/api/v1/enrolments/{id}/consent/", "401 200 404 404 404 404 404 404 404", pk("enrolment_x")
    ),
    # Order-based training: the vacancy's managers commit and follow; the city's officials follow.
    Cell("GET", "/api/v1/cohort-commitments/", SIGNED_IN),
    Cell(
        "POST",
        "/api/v1/cohort-commitments/",
        "401 400 201 400 201 400 400 400 201",
        body=lambda w: {"cohort": w["cohort_x2"].pk, "vacancy": w["open_x"].pk, "places": 4},
    ),
    # Joint recruitment drives: the organiser and the city's officials plan; participants read.
    Cell("GET", "/api/v1/drives/", SIGNED_IN),
    Cell("GET", "/api/v1/drives/{id}/", "401 404 404 200 404 200 404 200 200", pk("drive_y")),
    Cell(
        "POST",
        "/api/v1/drives/",
        "401 403 201 400 403 403 201 403 403",
        body=lambda w: {"title": "联合招聘", "held_on": "2026-12-20", "vacancies": [w["open_x"].pk]},
    ),
    Cell("POST", "/api/v1/drives/{id}/plan/", "401 404 200 404 404 404 200 404 200", pk("drive_x")),
    Cell("GET", "/api/v1/drives/{id}/invitations/", "401 404 200 404 200 404 200 200 200", pk("drive_x")),
    Cell(
        "POST",
        "/api/v1/drives/{id}/invitations/{invitation_id}/outcome/",
        "401 404 200 404 404 404 200 404 200",
        lambda w: {"id": w["drive_x"].pk, "invitation_id": w["invitation_x"].pk},
        body=lambda w: {"attended": True, "hired": True},
    ),
    Cell("GET", "/api/v1/programme-effects/", "401 403 403 403 403 403 200 200 200", query="city=330200"),
    Cell("GET", "/api/v1/programme-effects/", "401 403 403 403 403 403 200 400 400"),
    # Training outcomes: officials (their city; the ministry every city) and provider staff (their own
    # programmes: tests/training/test_api.py); everyone else 403.
    Cell("GET", "/api/v1/training-outcomes/programmes/", "401 403 403 403 403 403 200 200 200"),
    Cell("GET", "/api/v1/training-outcomes/providers/", "401 403 403 403 403 403 200 200 200"),
    Cell("GET", "/api/v1/training-outcomes/occupations/", "401 403 403 403 403 403 200 200 200"),
    Cell("GET", "/api/v1/training-outcomes/drives/", "401 403 403 403 403 403 200 200 200"),
    Cell(
        "GET",
        "/api/v1/training-outcomes/programmes/",
        "401 403 403 403 403 403 400 400 400",
        query="city=999999",
    ),
]
MATRIX += INTERVIEW_AND_NOTIFICATION_CELLS
MATRIX += STAFF_CELLS  # client factories, candidates who applied, notes and activity
MATRIX += INVITATION_CELLS  # invite to apply, and the worker's answer
MATRIX += MAIN_GRANT_CELLS  # an enterprise granting a vacancy: the full matrix in tests/api/matrix_grants.py

# A worker's certificates, work history and job marks: tests/api/matrix_worker.py.
MATRIX += WORKER_RECORD_AND_MARK_CELLS


def call(world: World, role: str, cell: Cell) -> int:
    client = world.client(role)
    body = cell.body(world)
    kwargs = {"format": "multipart"} if cell.multipart else ({"format": "json"} if body is not None else {})
    with transaction.atomic():
        response = getattr(client, cell.method.lower())(cell.url(world), body, **kwargs)
        transaction.set_rollback(True)
    if response.status_code >= 400:
        assert set(response.json()) == {"detail", "errors"}, response.content
    return response.status_code


def test_every_role_gets_the_expected_status_on_every_endpoint(world):
    mismatches = []
    for cell in MATRIX:
        expected = dict(zip(ROLES, map(int, cell.expected.split()), strict=True))
        for role in ROLES:
            got = call(world, role, cell)
            if got != expected[role]:
                mismatches.append(
                    f"{cell.method} {cell.url(world)} as {role}: expected {expected[role]}, got {got}"
                )
    assert not mismatches, "\n".join(mismatches)


def test_the_matrix_covers_every_operation_of_the_schema():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    covered = {(cell.method, cell.path) for cell in MATRIX}
    assert operations - covered == set(), "operations missing from the permission matrix"
    assert covered - operations == set(), "matrix rows for operations the schema does not have"


def test_the_matrix_covers_every_api_route_the_resolver_knows():
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    routes = {route for route in walk(get_resolver().url_patterns) if route.startswith("api/v1/")}
    # Each resolver route (regex or path syntax) must be the path of some matrix cell.
    import re

    def matches(route: str) -> bool:
        regex = re.compile(re.sub(r"(^|/)\^", r"\1", route).replace("$", ""))
        return any(regex.fullmatch(cell.path.lstrip("/").format_map(_Sample())) for cell in MATRIX)

    assert [route for route in routes if not matches(route)] == []


class _Sample(dict):
    def __missing__(self, key: str) -> str:
        return "1"


def test_matrix_size_is_reported():
    assert len(MATRIX) * len(ROLES) >= 600
    assert dt.date.today()  # keep the import honest
