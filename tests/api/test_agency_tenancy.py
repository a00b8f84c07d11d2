"""Two agencies serving one client: each one's vacancies, applicants and references stay its own.

The permission cells of the matrix for agency A, a second agency C serving the same factory X, and
factory X itself, on a vacancy A posted for X and on one X posted itself.
"""

from __future__ import annotations

import pytest

from enterprises.imports import import_vacancies
from enterprises.models import Vacancy
from hrmatch.actors import actor_for
from matching.models import Application
from tests import factories
from tests.enterprises.test_imports import csv_table, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    """Agency C serves factory X beside agency A; A posted a vacancy for X and referred a worker to it."""
    agency_c = factories.AgencyFactory(city=world["city"])
    factories.AgencyClientFactory(agency=agency_c, enterprise=world["factory_x"])
    world.users["agency_c"] = factories.AgencyMembershipFactory(
        agency=agency_c, user__username="agency_c"
    ).user
    posted_by_a = factories.VacancyFactory(
        enterprise=world["factory_x"],
        agency=world["agency_a"],
        status="open",
        occupation=world["welder"],
        external_ref="A-001",
        title="A 的焊工",
    )
    factories.VacancySkillFactory(vacancy=posted_by_a, skill=world["skill"])
    application = factories.ApplicationFactory(
        worker=world["pool_a"], vacancy=posted_by_a, source="referred", referred_by=world["agency_a"]
    )
    factories.ApplicationEventFactory(application=application)
    world.objects.update(agency_c=agency_c, posted_by_a=posted_by_a, application_a=application)
    return world


CELLS = [
    # (method, path, {role: status}, body)
    (
        "PATCH",
        "/api/v1/vacancies/{posted_by_a}/",
        {"agency_a": 200, "agency_c": 404, "factory_x": 200},
        {"title": "改"},
    ),
    (
        "GET",
        "/api/v1/vacancies/{posted_by_a}/shortlist/",
        {"agency_a": 200, "agency_c": 404, "factory_x": 200},
        None,
    ),
    (
        "GET",
        "/api/v1/applications/{application_a}/",
        {"agency_a": 200, "agency_c": 404, "factory_x": 200},
        None,
    ),
    ("POST", "/api/v1/vacancies/{posted_by_a}/pause/", {"agency_c": 404}, None),
    # A vacancy the factory posted itself: every agency serving it manages it.
    (
        "PATCH",
        "/api/v1/vacancies/{draft_x}/",
        {"agency_a": 200, "agency_c": 200, "factory_x": 200},
        {"title": "改"},
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "expected", "body"), CELLS, ids=[f"{m} {p}" for m, p, _e, _b in CELLS]
)
def test_two_agencies_sharing_a_client_reach_only_their_own_vacancies(shared, method, path, expected, body):
    url = path.format(**{name: shared[name].pk for name in ("posted_by_a", "application_a", "draft_x")})
    for role, status in expected.items():
        client = shared.client(role)
        response = (
            getattr(client, method.lower())(url, body, format="json")
            if body
            else getattr(client, method.lower())(url)
        )
        assert response.status_code == status, (role, response.content[:300])


def test_another_agency_does_not_see_the_applicants_of_a_vacancy_it_did_not_post(shared):
    rows = shared.client("agency_c").get("/api/v1/applications/?page_size=100").json()["results"]
    assert shared["application_a"].pk not in {row["id"] for row in rows}
    rows = shared.client("agency_a").get("/api/v1/applications/?page_size=100").json()["results"]
    assert shared["application_a"].pk in {row["id"] for row in rows}


def test_an_import_matches_references_only_within_the_importers_tenant(shared, welder_skill_names):
    posted = shared["posted_by_a"]
    table = csv_table([row(shared["factory_x"], 1, external_ref="A-001", title="C 的焊工")])
    report = import_vacancies(
        table, agency=shared["agency_c"], actor=actor_for(shared.users["agency_c"]), dry_run=True
    )
    assert report.ok, [str(error) for error in report.errors]  # nothing tells C that A uses A-001
    report = import_vacancies(table, agency=shared["agency_c"], actor=actor_for(shared.users["agency_c"]))
    assert report.created == 1 and report.updated == 0
    posted.refresh_from_db()
    assert (posted.agency, posted.title) == (shared["agency_a"], "A 的焊工")
    assert Vacancy.objects.filter(external_ref="A-001").count() == 2
    assert Application.objects.filter(vacancy=posted).count() == 1


@pytest.fixture
def welder_skill_names(shared):
    """The skill names the import rows use, in the world's taxonomy."""
    factories.SkillFactory(code="welding-tig", name_zh="焊工-氩弧焊", name_en="TIG welding")
    factories.SkillFactory(code="blueprint-reading", name_zh="机械识图", name_en="Blueprint reading")
