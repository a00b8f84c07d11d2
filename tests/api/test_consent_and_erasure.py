"""Consent and erasure take effect in the same request: a worker who says no is gone from every current
shortlist and recommendation list and cannot be referred, suggested or moved; nobody PATCHes matching
consent; only the worker, or an agency recording a signed paper consent, creates consent records;
erasure clears location, age, experience and free text."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from enterprises import services as vacancy_services
from hrmatch.actors import actor_for
from matching.models import Application, ApplicationEvent, Match
from matching.services import pipeline
from talent.models import ConsentRecord, WorkerProfile

pytestmark = pytest.mark.django_db


def listed_workers(world, role: str, vacancy) -> set[int]:
    """Workers of a vacancy's current shortlist as the API shows it (admin sees every identity)."""
    rows = (
        world.client(role).get(f"/api/v1/vacancies/{vacancy.pk}/shortlist/?page_size=100").json()["results"]
    )
    return {row["candidate"]["worker"] for row in rows}


def shortlisted_worker(world) -> WorkerProfile:
    """A matching-consenting pool worker of agency A on the first vacancy's current shortlist."""
    match = (
        Match.objects.filter(run=world["run_x"], vacancy=world["open_x"], direction="s")
        .exclude(worker=world["worker_a"])
        .order_by("rank")
        .first()
    )
    worker = match.worker
    worker.managing_agency = world["agency_a"]
    worker.save()
    Application.objects.filter(worker=worker).delete()
    return worker


def revoke_matching(world, worker: WorkerProfile) -> None:
    record = ConsentRecord.objects.filter(worker=worker, purpose="matching", revoked_at__isnull=True).first()
    if record is None:
        record = ConsentRecord.objects.create(
            worker=worker, purpose="matching", granted_at="2025-01-01T00:00Z"
        )
    worker.user = worker.user or world.users["worker"]
    from talent.services import consent_revoke

    consent_revoke(record=record)


def test_revoking_matching_consent_over_the_api_removes_the_worker_from_every_list_at_once(world):
    worker = world["worker_a"]
    vacancy = world["open_x"]
    consent = ConsentRecord.objects.filter(worker=worker, purpose="matching", revoked_at__isnull=True).first()
    assert worker.pk in listed_workers(world, "admin", vacancy)
    assert world.client("worker").get("/api/v1/recommendations/").json()["count"] > 0

    response = world.client("worker").post(f"/api/v1/workers/me/consents/{consent.pk}/revoke/")

    assert response.status_code == 200
    assert worker.pk not in listed_workers(world, "admin", vacancy)
    assert world.client("worker").get("/api/v1/recommendations/").json()["count"] == 0
    assert not Match.objects.filter(worker=worker, run__in=[world["run_x"], world["run_y"]]).exists()


def test_a_worker_without_matching_consent_cannot_be_referred_suggested_or_moved(world):
    worker = shortlisted_worker(world)
    vacancy = world["open_x"]
    referred = pipeline.application_refer(
        worker=worker, vacancy=vacancy, agency=world["agency_a"], actor=actor_for(world.users["agency_a"])
    )
    revoke_matching(world, worker)

    other = world["small"].vacancies[2]
    response = world.client("agency_a").post(
        "/api/v1/applications/refer/", {"vacancy": other.pk, "worker": worker.pk}, format="json"
    )
    assert response.status_code == 400
    assert "worker" in response.json()["errors"]
    with pytest.raises(ValidationError) as refused:
        pipeline.application_suggest(worker=worker, vacancy=other, score=0.9, features={})
    assert refused.value.error_dict["worker"][0].code == "no_matching_consent"
    response = world.client("factory_x").post(f"/api/v1/applications/{referred.pk}/shortlist/")
    assert response.status_code == 400
    # Ending the candidacy is always possible.
    response = world.client("factory_x").post(
        f"/api/v1/applications/{referred.pk}/reject/", {"reason": "已撤回同意"}, format="json"
    )
    assert response.status_code == 200


def test_a_workers_own_application_is_consent_for_that_vacancy(world):
    worker = world["worker_a"]
    revoke_matching(world, worker)
    app = world["app_x"]  # worker_a applied to open_x themselves
    response = world.client("factory_x").post(f"/api/v1/applications/{app.pk}/shortlist/")
    assert response.status_code == 200, response.json()


def test_the_shortlist_page_drops_a_worker_the_moment_they_revoke(world):
    worker = shortlisted_worker(world)
    page = Client()
    page.force_login(world.users["factory_x"])
    url = reverse("matching:candidates", args=[world["open_x"].pk])
    before = page.get(url + "?page=1").content.decode()
    revoke_matching(world, worker)
    after = page.get(url + "?page=1").content.decode()
    count = Match.objects.filter(vacancy=world["open_x"], direction="s", run=world["run_x"]).count()
    assert before != after
    assert count == Match.objects.filter(vacancy=world["open_x"], direction="s", run=world["run_x"]).count()
    assert not Match.objects.filter(worker=worker, run=world["run_x"]).exists()


# ---- consent belongs to the worker ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["agency_a", "worker"])
def test_no_patch_sets_matching_consent(world, role):
    worker = world["worker_a"]
    revoke_matching(world, worker)
    path = "/api/v1/workers/me/" if role == "worker" else f"/api/v1/workers/{worker.pk}/"
    response = world.client(role).patch(path, {"consent_to_matching": True}, format="json")
    assert response.status_code == 400
    assert "consent_to_matching" in response.json()["errors"]
    worker.refresh_from_db()
    assert worker.consent_to_matching is False


def test_an_agency_records_a_paper_consent_with_its_actor_and_a_note(world):
    worker = world["pool_a"]
    revoke_matching(world, worker)
    path = f"/api/v1/workers/{worker.pk}/paper-consent/"
    assert world.client("agency_a").post(path, {"note": ""}, format="json").status_code == 400
    assert world.client("agency_b").post(path, {"note": "x"}, format="json").status_code in (403, 404)
    response = world.client("agency_a").post(path, {"note": "档案柜 A-3，2026-11-30 签字"}, format="json")
    assert response.status_code == 201
    record = ConsentRecord.objects.get(pk=response.json()["id"])
    assert (record.basis, record.granted_by, record.note) == (
        "paper",
        world.users["agency_a"],
        "档案柜 A-3，2026-11-30 签字",
    )
    worker.refresh_from_db()
    assert worker.consent_to_matching is True


def test_a_worker_registered_by_an_agency_starts_without_consent_unless_a_paper_consent_is_recorded(world):
    body = {"full_name": "赵六", "mobile": "13911112222", "birth_year": 1990, "home_city": world["city"].code}
    response = world.client("agency_a").post("/api/v1/workers/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["consent_to_matching"] is False
    body = {**body, "mobile": "13911113333", "paper_consent_note": "纸质同意书 2026-12-01"}
    response = world.client("agency_a").post("/api/v1/workers/", body, format="json")
    assert response.json()["consent_to_matching"] is True
    record = ConsentRecord.objects.get(worker_id=response.json()["id"])
    assert (record.basis, record.granted_by) == ("paper", world.users["agency_a"])


def test_consent_given_and_revoked_by_the_worker_names_them(world):
    client = world.client("worker")
    response = client.post(
        "/api/v1/workers/me/consents/", {"purpose": "share_enterprise", "enterprise": world["factory_x"].pk}
    )
    record = ConsentRecord.objects.get(pk=response.json()["id"])
    assert record.granted_by == world.users["worker"]
    client.post(f"/api/v1/workers/me/consents/{record.pk}/revoke/")
    record.refresh_from_db()
    assert record.revoked_by == world.users["worker"]


# ---- erasure -------------------------------------------------------------------------------------


def test_erasure_clears_location_age_experience_and_free_text_and_leaves_every_list(world):
    worker = world["worker_a"]
    worker.years_experience = 7
    worker.save()
    Application.objects.filter(pk=world["app_x"].pk).update(reason="面试表现很好，住在北仑")
    assert worker.pk in listed_workers(world, "admin", world["open_x"])

    response = world.client("worker").post("/api/v1/workers/me/erase/", {"confirm": True}, format="json")
    assert response.status_code in (200, 204)

    worker.refresh_from_db()
    city = worker.home_city
    assert (worker.latitude, worker.longitude) == (city.latitude, city.longitude)
    assert worker.birth_year is None
    assert worker.home_district_id is None
    assert worker.years_experience == 0
    assert worker.full_name == "已删除"
    assert Application.objects.get(pk=world["app_x"].pk).reason == ""
    assert worker.pk not in listed_workers(world, "admin", world["open_x"])
    assert not ApplicationEvent.objects.filter(application__worker=worker).exclude(reason="").exists()
    with pytest.raises(ValidationError) as refused:
        pipeline.application_refer(
            worker=worker, vacancy=world["small"].vacancies[2], agency=world["agency_a"], actor=None
        )
    assert refused.value.error_dict["worker"][0].code == "worker_inactive"


def test_erasure_keeps_a_rejected_application_rejected_without_its_reason(world):
    worker = world["worker_a"]
    application = world["app_x"]
    Application.objects.filter(pk=application.pk).update(stage="rejected", reason="不愿意倒班，家住镇海")

    response = world.client("worker").post("/api/v1/workers/me/erase/", {"confirm": True}, format="json")

    assert response.status_code in (200, 204)
    application.refresh_from_db()
    assert application.stage == "rejected" and application.reason == "已删除"
    worker.refresh_from_db()
    assert worker.full_name == "已删除"


# ---- vacancies -----------------------------------------------------------------------------------


def test_a_paused_vacancy_leaves_recommendations_at_once(world):
    worker = world["worker_a"]
    recommended = Match.objects.filter(worker=worker, direction="r", run=world["run_x"]).first()
    vacancy = recommended.vacancy
    vacancy_services.vacancy_pause(vacancy=vacancy, actor=actor_for(world.users["factory_x"]))
    assert not Match.objects.filter(vacancy=vacancy, run=world["run_x"]).exists()
    ids = {
        row["vacancy"]["id"]
        for row in world.client("worker").get("/api/v1/recommendations/").json()["results"]
    }
    assert vacancy.pk not in ids
