"""A worker's privacy through the API: their data export, erasure, and their own profile changes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from talent.models import WorkerProfile

pytestmark = pytest.mark.django_db


def test_a_worker_downloads_everything_held_about_them_without_the_id_hash(world):
    response = world.client("worker").get("/api/v1/workers/me/export/")

    assert response.status_code == 200
    data = response.json()
    assert data["profile"]["full_name"] == world["worker_a"].full_name
    assert "id_number_hash" not in data["profile"]
    # Their application, and the invitation to apply that factory Y sent them.
    assert sorted(app["vacancy"] for app in data["applications"]) == sorted(
        [world["open_x"].title, world["open_y"].title]
    )
    assert [c["issuer"] for c in data["certificates"]] == ["宁波市人社局"]
    assert {"skills", "work_history", "consents", "placements"} <= set(data)


def test_the_export_lists_the_workers_placements(world):
    placement = world["placement_x"]
    worker = placement.worker
    worker.user = world.users["worker"]
    WorkerProfile.objects.filter(pk=world["worker_a"].pk).update(user=None)
    worker.save()

    data = world.client("worker").get("/api/v1/workers/me/export/").json()

    assert [p["vacancy__title"] for p in data["placements"]] == [placement.vacancy.title]


def test_a_worker_erases_their_profile_and_their_token_stops_working(world):
    user = world.users["worker"]
    token = APIClient().post(
        "/api/v1/tokens/", {"username": "worker", "password": "correct horse battery staple"}, format="json"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")

    response = client.post("/api/v1/workers/me/erase/", {"confirm": True}, format="json")

    assert response.status_code == 204
    worker = WorkerProfile.objects.get(pk=world["worker_a"].pk)
    assert (worker.full_name, worker.status, worker.user_id) == ("已删除", "inactive", None)
    assert not worker.consent_to_matching
    user.refresh_from_db()
    assert not user.is_active
    assert client.get("/api/v1/workers/me/").status_code == 401


def test_erasing_needs_an_explicit_confirmation(world):
    response = world.client("worker").post("/api/v1/workers/me/erase/", {}, format="json")

    assert response.status_code == 400
    assert "confirm" in response.json()["errors"]
    assert WorkerProfile.objects.get(pk=world["worker_a"].pk).user_id == world.users["worker"].pk


def test_a_worker_sets_their_own_external_reference(world):
    response = world.client("worker").patch("/api/v1/workers/me/", {"external_ref": "x"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["external_ref"] == "x"
    assert WorkerProfile.objects.get(pk=world["worker_a"].pk).external_ref == "x"


def test_the_export_reads_a_fixed_number_of_queries_however_many_applications(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories

    def queries() -> int:
        client = world.client("worker")
        client.get("/api/v1/workers/me/export/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/workers/me/export/").status_code == 200
        return len(captured)

    before = queries()
    for vacancy in world["small"].vacancies[1:4]:
        application = factories.ApplicationFactory(worker=world["worker_a"], vacancy=vacancy)
        factories.ApplicationEventFactory(application=application)
    assert queries() == before
