"""An enterprise grants a second agency serving it a vacancy another agency posted: the matrix of
tests/api/matrix_grants.py, what each one sees of the candidates, the page action and the audit trail."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import transaction
from django.test import Client

from agencies.grants import vacancy_grant_create
from agencies.models import VacancyGrant
from hrmatch.actors import actor_for
from matching.models import Match
from matching.selectors import current_run_id
from matching.services.runs import match_vacancy_refresh
from tests import factories
from tests.api.matrix_grants import GRANT_CELLS, PRINCIPALS

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(world):
    """A posted a vacancy for X and X granted it to C; D also serves X; workers applied through each."""
    for name in ("agency_c", "agency_d"):
        agency = factories.AgencyFactory(city=world["city"])
        factories.AgencyClientFactory(agency=agency, enterprise=world["factory_x"])
        world.users[name] = factories.AgencyMembershipFactory(agency=agency, user__username=name).user
        world.objects[name] = agency
    posted = factories.VacancyFactory(
        enterprise=world["factory_x"], agency=world["agency_a"], status="open", occupation=world["welder"]
    )
    for skill in world["small"].welding[:2]:
        factories.VacancySkillFactory(vacancy=posted, skill=skill, importance="preferred")
    match_vacancy_refresh(vacancy_id=posted.pk)
    shortlisted = list(
        Match.objects.filter(run_id=current_run_id(world["city"].pk), vacancy=posted, direction="s")
        .order_by("rank")
        .values_list("worker_id", flat=True)
    )
    workers = {w.pk: w for w in world["small"].workers}
    pool_ids = {world["pool_a"].pk, world["worker_a"].pk}
    others = [workers[pk] for pk in shortlisted if pk in workers and pk not in pool_ids]
    assert len(others) >= 4, shortlisted
    self_applied, c_referred, c_spare, d_spare = others[:4]
    for worker, agency in ((c_referred, "agency_c"), (c_spare, "agency_c"), (d_spare, "agency_d")):
        worker.managing_agency = world[agency]
        worker.save(update_fields=["managing_agency"])
    apps = {}
    for name, worker, source, agency in (
        ("app_self", self_applied, "self", None),
        ("app_a", world["pool_a"], "referred", world["agency_a"]),
        ("app_c", c_referred, "referred", world["agency_c"]),
    ):
        apps[name] = factories.ApplicationFactory(
            worker=worker, vacancy=posted, source=source, referred_by=agency, stage="applied"
        )
        factories.ApplicationEventFactory(application=apps[name])
    grant = vacancy_grant_create(
        actor=actor_for(world.users["factory_x"]), vacancy=posted, agency=world["agency_c"]
    )
    world.objects.update(
        posted=posted, grant=grant, self_applied=self_applied, c_spare=c_spare, d_spare=d_spare, **apps
    )
    return world


def _body(w, body):
    if not isinstance(body, str):
        return body
    return {
        "refer_c2": {"worker": w["c_spare"].pk, "vacancy": w["posted"].pk},
        "refer_d": {"worker": w["d_spare"].pk, "vacancy": w["posted"].pk},
        "grant_d": {"agency": w["agency_d"].pk},
        "grant_a": {"agency": w["agency_a"].pk},
        "grant_b": {"agency": w["agency_b"].pk},
    }[body]


@pytest.mark.parametrize(
    ("method", "path", "expected", "body"), GRANT_CELLS, ids=[f"{c[0]} {c[1]} {c[3]}" for c in GRANT_CELLS]
)
def test_the_grant_matrix(granted, method, path, expected, body):
    names = ("posted", "app_a", "app_self", "app_c", "grant")
    url = path.format(**{name: granted[name].pk for name in names})
    mismatches = []
    for role, status in zip(PRINCIPALS, map(int, expected.split()), strict=True):
        with transaction.atomic():
            client = granted.client(role)
            response = getattr(client, method.lower())(url, _body(granted, body), format="json")
            transaction.set_rollback(True)
        if response.status_code != status:
            mismatches.append(
                f"{role}: expected {status}, got {response.status_code} {response.content[:200]!r}"
            )
        if response.status_code >= 400:
            assert set(response.json()) == {"detail", "errors"}
    assert not mismatches, "\n".join(mismatches)


def _names(world, role):
    rows = world.client(role).get(f"/api/v1/vacancies/{world['posted'].pk}/shortlist/?page_size=100").json()
    return {row["candidate"]["worker"] for row in rows["results"] if row["candidate"]["identity_visible"]}


def test_the_granted_agency_learns_only_its_own_pools_identities_on_the_shortlist(granted):
    posted_agency_sees = _names(granted, "agency_a")
    granted_agency_sees = _names(granted, "agency_c")
    assert granted["self_applied"].pk in posted_agency_sees  # applied: the vacancy's managers see them
    assert granted["self_applied"].pk not in granted_agency_sees  # not the granted agency
    assert granted_agency_sees == {granted["app_c"].worker_id, granted["c_spare"].pk}


def test_the_granted_agency_sees_only_its_own_application_ids_on_the_shortlist(granted):
    def application_ids(role):
        rows = granted.client(role).get(f"/api/v1/vacancies/{granted['posted'].pk}/shortlist/?page_size=100")
        return {row["application"] for row in rows.json()["results"]} - {None}

    everyone = {granted[name].pk for name in ("app_self", "app_a", "app_c")}
    assert application_ids("agency_a") == everyone
    assert application_ids("factory_x") == everyone
    assert application_ids("agency_c") == {granted["app_c"].pk}


def test_the_granted_agency_lists_only_the_applications_it_made(granted):
    posted = granted["posted"].pk
    rows = granted.client("agency_c").get("/api/v1/applications/?page_size=100").json()["results"]
    assert {row["id"] for row in rows if row["vacancy"] == posted} == {granted["app_c"].pk}
    rows = granted.client("agency_a").get("/api/v1/applications/?page_size=100").json()["results"]
    assert {row["id"] for row in rows if row["vacancy"] == posted} == {
        granted[name].pk for name in ("app_self", "app_a", "app_c")
    }


def test_the_factory_grants_and_revokes_on_its_vacancy_page_with_an_audit_trail(granted):
    page = Client()
    page.force_login(granted.users["factory_x"])
    url = f"/workspace/vacancies/{granted['posted'].pk}/"
    html = page.get(url).content.decode()
    assert 'data-testid="vacancy-grants"' in html and granted["agency_d"].name in html
    response = page.post(f"{url}grants/", {"agency": granted["agency_d"].pk})
    assert response.status_code == 302
    grant = VacancyGrant.objects.get(vacancy=granted["posted"], agency=granted["agency_d"])
    assert grant.granted_by == granted.users["factory_x"]
    assert page.post(f"{url}grants/", {"agency": granted["agency_b"].pk}).status_code == 302
    assert not VacancyGrant.objects.filter(agency=granted["agency_b"]).exists()  # does not serve X
    page.post(f"{url}grants/{grant.pk}/revoke/")
    assert not VacancyGrant.objects.filter(pk=grant.pk).exists()
    entries = LogEntry.objects.filter(content_type__model="vacancygrant", object_pk=str(grant.pk))
    assert sorted(entries.values_list("action", flat=True)) == [
        LogEntry.Action.CREATE,
        LogEntry.Action.DELETE,
    ]
    assert all(e.actor == granted.users["factory_x"] for e in entries)
    # The posting agency sees the vacancy page but not the grant form; the granted one gets a 404 there.
    agency_page = Client()
    agency_page.force_login(granted.users["agency_a"])
    assert 'data-testid="vacancy-grants"' not in agency_page.get(url).content.decode()
    assert agency_page.post(f"{url}grants/", {"agency": granted["agency_d"].pk}).status_code == 404
    granted_page = Client()
    granted_page.force_login(granted.users["agency_c"])
    assert granted_page.get(url).status_code == 404
    candidates = granted_page.get(f"/workspace/vacancies/{granted['posted'].pk}/candidates/")
    assert candidates.status_code == 200 and 'data-testid="granted-note"' in candidates.content.decode()
    assert granted_page.get(f"/workspace/vacancies/{granted['posted'].pk}/board/").status_code == 404


def test_listing_grants_does_not_grow_in_queries_with_the_grants(granted):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = granted.client("factory_x")
    url = f"/api/v1/vacancies/{granted['posted'].pk}/grants/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url).json()) == 1
    for _ in range(3):
        agency = factories.AgencyFactory(city=granted["city"])
        factories.AgencyClientFactory(agency=agency, enterprise=granted["factory_x"])
        vacancy_grant_create(
            actor=actor_for(granted.users["factory_x"]), vacancy=granted["posted"], agency=agency
        )
    with CaptureQueriesContext(connection) as four:
        assert len(client.get(url).json()) == 4
    assert len(four) == len(one)


def test_the_granted_agency_refers_from_the_candidates_page_until_the_grant_is_revoked(granted):
    from matching.masking import candidate_handle
    from matching.models import Application

    posted = granted["posted"]
    refer = f"/workspace/vacancies/{posted.pk}/candidates/{candidate_handle(posted.pk, granted['c_spare'].pk)}/refer/"
    third = Client()
    third.force_login(granted.users["agency_d"])
    assert third.post(refer).status_code == 404  # the third agency does not work the vacancy
    page = Client()
    page.force_login(granted.users["agency_c"])
    assert page.post(refer).status_code == 302
    application = Application.objects.get(vacancy=posted, worker=granted["c_spare"])
    assert application.referred_by == granted["agency_c"]
    shortlist = f"/api/v1/vacancies/{posted.pk}/shortlist/"
    assert granted.client("agency_c").get(shortlist).status_code == 200
    assert (
        granted.client("factory_x")
        .delete(f"/api/v1/vacancies/{posted.pk}/grants/{granted['grant'].pk}/")
        .status_code
        == 204
    )
    assert granted.client("agency_c").get(shortlist).status_code == 404
    assert page.get(f"/workspace/vacancies/{posted.pk}/candidates/").status_code == 404
    rows = granted.client("agency_c").get("/api/v1/applications/?page_size=100").json()["results"]
    assert application.pk in {row["id"] for row in rows}  # its own referrals stay its own
