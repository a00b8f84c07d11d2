"""Provider staff against the training API: their own programmes and trainees, nobody else's. The
permission matrix (tests/api/test_permission_matrix.py) covers the other roles on the same world."""

from __future__ import annotations

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from tests.api.conftest import build_world
from tests.training.factories import ProviderMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(city, other_city):
    world = build_world(city, other_city)
    for tenant in ("x", "y"):
        world.users[f"provider_{tenant}"] = ProviderMembershipFactory(
            provider=world[f"provider_{tenant}"], user__username=f"provider_{tenant}"
        ).user
    return world


def call(world, role: str, method: str, path: str, body=None):
    client = APIClient()
    client.force_authenticate(world.users[role])
    with transaction.atomic():
        response = getattr(client, method)(path, body, format="json")
        transaction.set_rollback(True)
    return response


#          method, path (formatted with the world), body, status for provider_x staff, for provider_y staff
CELLS = [
    ("get", "/api/v1/enrolments/{enrolment_x}/", None, 200, 404),
    ("post", "/api/v1/enrolments/{enrolment_x}/advance/", {"status": "attending"}, 200, 404),
    ("post", "/api/v1/enrolments/{enrolment_x}/complete/", {"passed": True}, 409, 404),
    ("post", "/api/v1/enrolments/{enrolment_x}/consent/", None, 404, 404),
    ("get", "/api/v1/enrolments/", None, 200, 200),
    ("get", "/api/v1/training-outcomes/programmes/", None, 200, 200),
    ("get", "/api/v1/training-outcomes/providers/", None, 200, 200),
    ("get", "/api/v1/training-outcomes/occupations/", None, 200, 200),
    ("get", "/api/v1/training-outcomes/drives/", None, 200, 200),
    ("get", "/api/v1/programme-effects/?city=330200", None, 403, 403),
    ("get", "/api/v1/drives/{drive_x}/", None, 404, 404),
    ("post", "/api/v1/drives/{drive_x}/plan/", None, 404, 404),
    ("get", "/api/v1/cohort-commitments/", None, 200, 200),
    ("get", "/api/v1/cohorts/progress/", None, 200, 200),
]


def test_provider_staff_reach_their_own_trainees_and_outcomes_only(world):
    ids = {name: world[name].pk for name in ("enrolment_x", "drive_x")}
    mismatches = []
    for method, path, body, for_x, for_y in CELLS:
        for role, expected in (("provider_x", for_x), ("provider_y", for_y)):
            got = call(world, role, method, path.format(**ids), body).status_code
            if got != expected:
                mismatches.append(f"{method.upper()} {path} as {role}: expected {expected}, got {got}")
    assert not mismatches, "\n".join(mismatches)


def test_provider_staff_list_their_own_trainees_programmes_and_commitments(world):
    def listed(role: str, path: str, key: str = "id") -> set:
        return {row[key] for row in call(world, role, "get", path).json()["results"]}

    assert listed("provider_x", "/api/v1/enrolments/") == {world["enrolment_x"].pk}
    assert listed("provider_y", "/api/v1/enrolments/") == {world["enrolment_y"].pk}
    assert listed("provider_x", "/api/v1/training-outcomes/programmes/", "programme") == {
        world["programme_x"].pk
    }
    assert listed("provider_y", "/api/v1/training-outcomes/providers/", "provider") == {
        world["provider_y"].pk
    }
    assert listed("provider_x", "/api/v1/cohort-commitments/") == {world["commitment_x"].pk}
    assert listed("provider_y", "/api/v1/cohort-commitments/") == set()
    assert listed("provider_x", "/api/v1/cohorts/progress/") == {world["cohort_x"].pk, world["cohort_x2"].pk}
    [progress] = call(world, "provider_y", "get", "/api/v1/cohorts/progress/").json()["results"]
    assert (progress["id"], progress["enrolled"], progress["passed"]) == (world["cohort_y"].pk, 1, 0)
    # Provider staff organise no drive: the drives' outcomes are the officials' and organisers'.
    assert listed("provider_x", "/api/v1/training-outcomes/drives/") == set()


def test_officials_see_their_citys_outcomes_and_the_ministry_names_a_city(world):
    def programmes(role: str, query: str = "") -> set:
        response = call(world, role, "get", f"/api/v1/training-outcomes/programmes/{query}")
        return {row["programme"] for row in response.json()["results"]}

    assert programmes("city") == {world["programme_x"].pk}
    assert programmes("ministry") == {world["programme_x"].pk, world["programme_y"].pk}
    assert programmes("ministry", f"?city={world['other_city'].code}") == {world["programme_y"].pk}
    # A city official naming another city still sees only their own (none of that city's).
    assert programmes("city", f"?city={world['other_city'].code}") == set()
    drives = call(world, "city", "get", "/api/v1/training-outcomes/drives/").json()["results"]
    assert [(d["id"], d["invitations"]) for d in drives] == [(world["drive_x"].pk, 1)]
