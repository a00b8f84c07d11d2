"""The error shape, bad input answering 400 (never 500), workflow conflicts answering 409, masking,
imports all-or-nothing, tokens, and the contract's pages served without a CDN."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from matching.models import MatchRun
from talent.models import WorkerProfile

pytestmark = pytest.mark.django_db


def test_malformed_json_answers_400_in_the_error_shape(world):
    response = world.client("factory_x").generic(
        "POST", "/api/v1/vacancies/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}


def test_pay_minimum_above_maximum_is_a_field_error(world):
    body = {
        "enterprise": world["factory_x"].pk,
        "title": "焊工",
        "occupation": world["welder"].code,
        "pay_min": 9000,
        "pay_max": 7000,
        "employment_form": "direct",
        "shift_pattern": "day",
        "start_date": "2026-12-01",
    }
    response = world.client("factory_x").post("/api/v1/vacancies/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["pay_max"]


def test_wrong_types_and_unknown_choices_are_field_errors(world):
    response = world.client("factory_x").post(
        "/api/v1/vacancies/", {"title": 5, "pay_min": "lots", "employment_form": "slavery"}, format="json"
    )
    assert response.status_code == 400
    assert {"pay_min", "employment_form", "occupation"} <= set(response.json()["errors"])


def test_a_bad_credit_code_is_a_field_error(world):
    body = {
        "name": "x",
        "credit_code": "91330200000000000A",
        "industry": "C34",
        "city": world["city"].code,
        "address": "x",
    }
    response = world.client("agency_a").post("/api/v1/enterprises/", body, format="json")
    assert response.status_code == 400
    assert "credit_code" in response.json()["errors"]


def test_huge_page_sizes_and_numbers_are_refused_not_clamped(world):
    client = world.client("anonymous")
    assert client.get("/api/v1/vacancies/?page_size=100000").status_code == 400
    assert client.get("/api/v1/vacancies/?enterprise=99999999999999999999").status_code == 400
    assert client.get("/api/v1/vacancies/?status=nonsense").json()["errors"].keys() == {"status"}


def test_a_service_validation_error_maps_to_field_messages(world):
    """Publishing needs a skill: the service's ValidationError becomes a 400, not a 500."""
    draft = world["draft_x"]
    draft.skill_requirements.all().delete()
    response = world.client("factory_x").post(f"/api/v1/vacancies/{draft.pk}/publish/")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_an_illegal_pipeline_move_answers_409(world):
    client = world.client("factory_x")
    application = world["app_x"]
    assert client.post(f"/api/v1/applications/{application.pk}/hire/").status_code == 409
    assert client.post(f"/api/v1/applications/{application.pk}/reject/", {}, format="json").status_code == 400
    assert client.post(f"/api/v1/applications/{application.pk}/shortlist/").json()["stage"] == "shortlisted"


def test_a_second_run_for_a_city_answers_409_with_the_running_run(world):
    client = world.client("city")
    first = client.post("/api/v1/match-runs/", {"city": world["city"].code}, format="json")
    assert first.status_code == 202
    second = client.post("/api/v1/match-runs/", {"city": world["city"].code}, format="json")
    assert second.status_code == 409
    assert second.json()["run"]["id"] == first.json()["id"]
    assert MatchRun.objects.get(pk=first.json()["id"]).status == "pending"


def test_shortlist_hides_name_and_mobile_until_the_worker_consents(world):
    client = world.client("factory_x")
    url = f"/api/v1/vacancies/{world['open_x'].pk}/shortlist/?page_size=100"
    rows = client.get(url).json()["results"]
    stranger = next(row for row in rows if not row["candidate"]["identity_visible"])
    assert stranger["candidate"]["full_name"] is None and stranger["candidate"]["mobile"] is None
    assert stranger["candidate"]["label"].endswith(f"#{stranger['rank']}")
    assert "id_number" not in stranger["candidate"]
    applied = [row for row in rows if row["candidate"]["worker"] == world["worker_a"].pk]
    assert all(row["candidate"]["full_name"] == world["worker_a"].full_name for row in applied)


def test_officials_get_counts_of_their_city_only(world):
    rows = world.client("city").get("/api/v1/city-statistics/").json()["results"]
    assert [row["city"] for row in rows] == [world["city"].code]
    assert rows[0]["applications_by_stage"]["applied"] == 2
    assert world.client("city").get(f"/api/v1/workers/{world['worker_a'].pk}/").status_code == 403


def sheet(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("workers.csv", text.encode(), content_type="text/csv")


def test_a_worker_import_writes_nothing_when_a_row_is_bad(world):
    before = WorkerProfile.objects.count()
    csv = "姓名,手机号,出生年份\n王五,13811112222,1990\n赵六,123,1991\n"
    response = world.client("agency_a").post(
        "/api/v1/workers/import/", {"file": sheet(csv)}, format="multipart"
    )
    assert response.status_code == 400
    assert any(key.startswith("rows.3.") for key in response.json()["errors"])
    assert WorkerProfile.objects.count() == before
    response = world.client("agency_a").post(
        "/api/v1/workers/import/", {"file": sheet(csv), "valid_rows_only": "true"}, format="multipart"
    )
    assert response.status_code == 200
    report = response.json()
    assert (report["created"], report["written"], report["valid_rows_only"]) == (1, True, True)
    assert [error["row"] for error in report["errors"]] == [3]
    assert WorkerProfile.objects.filter(full_name="王五", managing_agency=world["agency_a"]).exists()


def test_tokens_are_obtained_listed_and_revoked(world):
    anonymous = world.client("anonymous")
    token = anonymous.post(
        "/api/v1/tokens/", {"username": "worker", "password": "correct horse battery staple"}, format="json"
    ).json()["token"]
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anonymous.get("/api/v1/workers/me/").status_code == 200
    assert anonymous.get("/api/v1/tokens/").json()[0]["key_prefix"] == token[:6] + "…"
    assert anonymous.post("/api/v1/tokens/revoke/").status_code == 204
    assert anonymous.get("/api/v1/workers/me/").status_code == 401


def test_token_requests_are_throttled_by_the_login_rate(world, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"login": "3/minute", "anon": "100/minute"})
    client = world.client("anonymous")
    codes = [
        client.post("/api/v1/tokens/", {"username": "nobody", "password": "x"}, format="json").status_code
        for _ in range(4)
    ]
    assert codes == [400, 400, 400, 429]


def test_schema_and_its_pages_are_served_from_the_app(db):
    client = Client()
    assert client.get("/api/schema/").status_code == 200
    for url in ("/api/schema/swagger-ui/", "/api/schema/redoc/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "https://" not in html and "http://" not in html.replace("http://testserver", "")
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" in policy.split("style-src")[1].split(";")[0]
    assert "unsafe-inline" not in client.get("/api/schema/").headers.get("Content-Security-Policy", "")
    script = client.get("/api/schema/swagger-ui/?script")
    assert script.status_code == 200 and "javascript" in script["Content-Type"]
