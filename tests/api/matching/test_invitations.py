"""Invite to apply through the API, the worker's answer, and placements that name no masked worker."""

from __future__ import annotations

import pytest

from agencies.models import Placement
from matching.models import Application, Match

pytestmark = pytest.mark.django_db


def move_url(vacancy, rank: int) -> str:
    return f"/api/v1/vacancies/{vacancy.pk}/shortlist/{rank}/move/"


def masked_rank(world) -> tuple[Match, int]:
    """The signed-in worker on factory X's shortlist, their application taken away (never applied)."""
    vacancy = world["open_x"]
    Application.objects.filter(vacancy=vacancy, worker=world["worker_a"]).delete()
    match = Match.objects.get(run=world["run_x"], vacancy=vacancy, direction="s", worker=world["worker_a"])
    return match, match.rank + 1


def test_a_masked_shortlist_candidate_cannot_be_shortlisted_only_invited_and_stays_masked(world):
    _match, rank = masked_rank(world)
    factory = world.client("factory_x")

    refused = factory.post(move_url(world["open_x"], rank), {"to": "shortlisted"}, format="json")
    invited = factory.post(move_url(world["open_x"], rank), {"to": "invited"}, format="json")

    assert refused.status_code == 409
    assert invited.status_code == 200, invited.content
    body = invited.json()
    assert body["stage"] == "invited"
    assert body["candidate"]["worker"] is None and body["candidate"]["full_name"] is None
    assert world["worker_a"].full_name not in invited.content.decode()


def test_the_worker_sees_the_invitation_accepts_it_and_the_factory_then_sees_who_they_are(world):
    _match, rank = masked_rank(world)
    application_id = (
        world.client("factory_x")
        .post(move_url(world["open_x"], rank), {"to": "invited"}, format="json")
        .json()["id"]
    )
    worker = world.client("worker")

    listed = worker.get("/api/v1/applications/?stage=invited").json()["results"]
    accepted = worker.post(f"/api/v1/applications/{application_id}/accept/")

    assert application_id in [row["id"] for row in listed]
    assert accepted.status_code == 200 and accepted.json()["stage"] == "applied"
    seen = world.client("factory_x").get(f"/api/v1/applications/{application_id}/").json()
    assert seen["candidate"]["worker"] == world["worker_a"].pk
    assert seen["candidate"]["full_name"] == world["worker_a"].full_name


def test_the_worker_declines_and_drops_off_the_factory_shortlist_still_masked(world):
    _match, rank = masked_rank(world)
    application_id = (
        world.client("factory_x")
        .post(move_url(world["open_x"], rank), {"to": "invited"}, format="json")
        .json()["id"]
    )

    declined = world.client("worker").post(
        f"/api/v1/applications/{application_id}/decline/", {"reason": "太远"}
    )

    assert declined.status_code == 200 and declined.json()["stage"] == "declined"
    factory = world.client("factory_x")
    seen = factory.get(f"/api/v1/applications/{application_id}/").json()
    assert seen["candidate"]["worker"] is None
    shortlist = factory.get(f"/api/v1/vacancies/{world['open_x'].pk}/shortlist/?page_size=100").json()[
        "results"
    ]
    assert world["worker_a"].full_name not in str(shortlist)
    assert application_id not in [row["application"] for row in shortlist]
    again = factory.post(f"/api/v1/applications/{application_id}/invite/")
    assert again.status_code == 409


def test_placements_name_no_worker_who_never_applied_to_factory_or_credited_agency(world):
    for role in ("factory_x", "agency_a"):
        rows = world.client(role).get("/api/v1/placements/").json()["results"]
        legacy = next(row for row in rows if row["id"] == world["placement_x"].pk)
        assert legacy["worker"] is None and legacy["worker_name"] is None
        assert world["placement_x"].worker.full_name not in str(rows)


def test_an_agency_cannot_record_a_placement_for_a_worker_who_did_not_apply(world):
    vacancy = world["small"].vacancies[2]

    response = world.client("agency_a").post(
        "/api/v1/placements/",
        {"worker": world["pool_a"].pk, "vacancy": vacancy.pk, "started_on": "2026-12-01"},
        format="json",
    )

    assert response.status_code == 400
    assert "worker" in response.json()["errors"]
    assert not Placement.objects.filter(worker=world["pool_a"], vacancy=vacancy).exists()


def test_a_referral_is_the_workers_application_and_then_allows_the_placement(world):
    vacancy = world["small"].vacancies[2]
    agency = world.client("agency_a")
    referred = agency.post(
        "/api/v1/applications/refer/", {"vacancy": vacancy.pk, "worker": world["pool_a"].pk}, format="json"
    )

    placed = agency.post(
        "/api/v1/placements/",
        {"worker": world["pool_a"].pk, "vacancy": vacancy.pk, "started_on": "2026-12-01"},
        format="json",
    )

    assert referred.status_code == 201
    assert placed.status_code == 201, placed.content
    assert placed.json()["worker_name"] == world["pool_a"].full_name
