"""Interviews over the API: times in and out as Beijing time, field errors, state conflicts, scoping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from matching.models import Interview
from tests.api.conftest import interview_for, interviewing

pytestmark = pytest.mark.django_db

URL = "/api/v1/interviews/"


def beijing(days: int, hour: int) -> str:
    """A Beijing wall-clock time `days` from today, without an offset (YYYY-MM-DDTHH:MM)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:30"


def body(w, **change) -> dict:
    """A new interview for the worker's application at the interview stage of factory X's job."""
    data = {
        "application": interviewing(w, "x").pk,
        "starts_at": beijing(5, 9),
        "mode": "on_site",
        "place": "北仑区1号门",
        "contact_name": "王经理",
        "contact_phone": "13812345678",
    }
    return {**data, **change}


def test_factory_hr_sets_an_interview_a_time_without_offset_is_beijing_time(world):
    response = world.client("factory_x").post(URL, body(world), format="json")

    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["starts_at"] == f"{beijing(5, 9)}:00+08:00"
    assert (answer["status"], answer["vacancy"]) == ("proposed", interviewing(world, "x").vacancy_id)


def test_bad_terms_answer_400_with_every_field_error(world):
    response = world.client("factory_x").post(
        URL, body(world, starts_at="2020-01-01T09:00", place="", contact_phone="abc"), format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"starts_at", "place", "contact_phone"}
    assert not Interview.objects.filter(application=interviewing(world, "x")).exists()


def test_a_second_interview_for_the_same_candidate_is_a_conflict(world):
    interview_for(world, "x")
    response = world.client("factory_x").post(URL, body(world), format="json")
    assert response.status_code == 409


def test_rescheduling_keeps_the_terms_left_out(world):
    interview = interview_for(world, "x")
    response = world.client("agency_a").post(
        f"{URL}{interview.pk}/reschedule/", {"starts_at": f"{beijing(9, 14)}+08:00"}, format="json"
    )
    assert response.status_code == 200, response.content
    interview.refresh_from_db()
    assert (interview.place, interview.contact_name, interview.status) == (
        "北仑区1号门",
        "王经理",
        "proposed",
    )


def test_the_worker_lists_only_their_own_interviews(world):
    mine, theirs = interview_for(world, "x"), interview_for(world, "y")
    rows = world.client("worker").get(URL).json()["results"]
    assert {row["id"] for row in rows} == {mine.pk}
    assert theirs.pk in {row["id"] for row in world.client("factory_y").get(URL).json()["results"]}
    assert rows[0]["contact_phone"] == "0574-87654321"


def test_a_cancelled_interview_cannot_be_confirmed(world):
    interview = interview_for(world, "x")
    assert (
        world.client("factory_x").post(f"{URL}{interview.pk}/cancel/", {}, format="json").status_code == 400
    )
    world.client("factory_x").post(f"{URL}{interview.pk}/cancel/", {"reason": "岗位已招满"}, format="json")
    assert world.client("worker").post(f"{URL}{interview.pk}/confirm/").status_code == 409
