"""Moving a candidate of the engine's shortlist through the API: the page's workflow, by rank."""

from __future__ import annotations

import pytest

from matching.models import Application, Match

pytestmark = pytest.mark.django_db


def url(vacancy, rank: int) -> str:
    return f"/api/v1/vacancies/{vacancy.pk}/shortlist/{rank}/move/"


def test_factory_hr_invites_the_engines_best_candidate_and_gets_the_application(world):
    vacancy = world["open_x"]
    best = Match.objects.get(run=world["run_x"], vacancy=vacancy, direction="s", rank=0)
    Application.objects.filter(vacancy=vacancy, worker_id=best.worker_id).delete()

    response = world.client("factory_x").post(url(vacancy, 1), {"to": "invited"}, format="json")

    assert response.status_code == 200, response.content
    application = Application.objects.get(vacancy=vacancy, worker_id=best.worker_id)
    assert response.json()["id"] == application.pk
    assert (application.source, application.stage) == ("suggested", "invited")
    assert application.match_score == pytest.approx(best.score)


def test_the_engines_candidate_who_never_applied_cannot_be_shortlisted(world):
    vacancy = world["open_x"]
    best = Match.objects.get(run=world["run_x"], vacancy=vacancy, direction="s", rank=0)
    Application.objects.filter(vacancy=vacancy, worker_id=best.worker_id).delete()

    response = world.client("factory_x").post(url(vacancy, 1), {}, format="json")

    assert response.status_code == 409
    assert not Application.objects.filter(vacancy=vacancy, worker_id=best.worker_id).exists()


def test_rejecting_an_engine_candidate_needs_a_reason_and_writes_nothing_without_one(world):
    vacancy = world["open_x"]
    before = Application.objects.count()

    response = world.client("factory_x").post(url(vacancy, 2), {"to": "rejected"}, format="json")

    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    assert Application.objects.count() == before


def test_a_rank_beyond_the_shortlist_is_not_found(world):
    response = world.client("agency_a").post(url(world["open_x"], 999), {}, format="json")

    assert response.status_code == 404
