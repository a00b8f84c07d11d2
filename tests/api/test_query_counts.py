"""Every list endpoint answers in a constant number of queries: the same count at N and 3N rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.models import JobMark
from tests import factories
from tests.api.conftest import World
from tests.training.world import grow_training

pytestmark = pytest.mark.django_db


def grow(world: World, n: int) -> None:
    """Add n more rows of every listed kind, for both tenants."""
    small = world["small"]
    for i in range(n):
        worker = factories.WorkerProfileFactory(home_city=world["city"], managing_agency=world["agency_a"])
        factories.WorkerSkillFactory(worker=worker, skill=small.welding[i % 4])
        vacancy = factories.VacancyFactory(enterprise=world["factory_x"], occupation=world["welder"])
        factories.VacancySkillFactory(vacancy=vacancy, skill=small.welding[i % 4])
        application = factories.ApplicationFactory(worker=worker, vacancy=vacancy)
        factories.ApplicationEventFactory(application=application)
        JobMark.objects.create(
            worker=world["worker_a"], vacancy=vacancy, kind="saved" if i % 2 else "not_interested"
        )
        factories.DistrictFactory(city=world["city"])
        factories.SkillFactory(category=small.welding[0].category)
        factories.EnterpriseFactory(city=world["city"])
        agency = factories.AgencyFactory(city=world["city"])
        factories.AgencyClientFactory(agency=agency, enterprise=world["factory_x"])
        from agencies.models import Placement

        Placement.objects.create(
            worker=worker,
            vacancy=vacancy,
            agency=world["agency_a"],
            employment_form="direct",
            started_on="2026-03-01",
        )
        factories.PilotCityFactory()
        from agencies.models import WorkerNote

        pool_a = world["pool_a"]
        WorkerNote.objects.create(agency=world["agency_a"], worker=pool_a, body=f"备注{i}")
        pooled = factories.ApplicationFactory(worker=pool_a, vacancy=vacancy, referred_by=world["agency_a"])
        factories.ApplicationEventFactory(application=pooled)
        Placement.objects.create(
            worker=pool_a,
            vacancy=vacancy,
            agency=world["agency_a"],
            employment_form="direct",
            started_on="2026-03-01",
        )
        from audit.services import access_record

        access_record(user=world.users["agency_a"], action="view", what="grow", worker_ids=[worker.pk])
        from notifications.services import notify

        notify(recipients=[world.users["worker"], world.users["agency_a"]], kind="hired")
        from matching.models import Interview

        interviewing = factories.ApplicationFactory(
            worker=world["worker_a"], vacancy=vacancy, stage="interviewing"
        )
        Interview.objects.create(
            application=interviewing,
            starts_at=timezone.now() + dt.timedelta(days=5),
            place="1号门",
            contact_name="王经理",
            contact_phone="13812345678",
        )
    grow_training(world.objects, n)


LISTS = [
    ("anonymous", "/api/v1/pilot-cities/"),
    ("anonymous", "/api/v1/districts/"),
    ("anonymous", "/api/v1/parks/"),
    ("anonymous", "/api/v1/occupations/"),
    ("anonymous", "/api/v1/skills/"),
    ("anonymous", "/api/v1/vacancies/"),
    ("factory_x", "/api/v1/vacancies/"),
    ("admin", "/api/v1/agencies/"),
    ("admin", "/api/v1/enterprises/"),
    ("agency_a", "/api/v1/workers/"),
    ("factory_x", "/api/v1/applications/"),
    ("agency_a", "/api/v1/applications/"),
    ("agency_a", "/api/v1/placements/"),
    ("admin", "/api/v1/match-runs/"),
    ("ministry", "/api/v1/city-statistics/"),
    ("worker", "/api/v1/recommendations/"),
    ("worker", "/api/v1/job-marks/"),
    ("factory_x", "/api/v1/vacancies/{open_x}/shortlist/"),
    ("anonymous", "/api/v1/training-providers/"),
    ("anonymous", "/api/v1/programmes/"),
    ("anonymous", "/api/v1/cohorts/"),
    ("agency_a", "/api/v1/enrolments/"),
    ("city", "/api/v1/enrolments/"),
    ("admin", "/api/v1/access-log/"),
    ("agency_a", "/api/v1/drives/"),
    ("factory_x", "/api/v1/cohort-commitments/"),
    ("agency_a", "/api/v1/drives/{drive_x}/invitations/"),
    ("city", "/api/v1/training-outcomes/programmes/"),
    ("ministry", "/api/v1/training-outcomes/providers/"),
    ("city", "/api/v1/training-outcomes/occupations/"),
    ("city", "/api/v1/training-outcomes/drives/"),
    ("admin", "/api/v1/cohorts/progress/"),
    ("worker", "/api/v1/notifications/"),
    ("worker", "/api/v1/interviews/"),
    ("factory_x", "/api/v1/interviews/"),
    ("agency_a", "/api/v1/interviews/"),
    ("agency_a", "/api/v1/notifications/"),
    ("agency_a", "/api/v1/workers/{pool_a}/notes/"),
    ("agency_a", "/api/v1/workers/{pool_a}/activity/"),
    # growing with grants: tests/api/test_vacancy_grants.py
    ("factory_x", "/api/v1/vacancies/{open_x}/grants/"),
]


def count(world: World, role: str, path: str) -> int:
    client = world.client(role)
    ids = {"open_x": world["open_x"].pk, "drive_x": world["drive_x"].pk, "pool_a": world["pool_a"].pk}
    url = path.format(**ids) + "?page_size=100"
    client.get(url)  # warm per-process caches (title coder, content types)
    cache.clear()  # measure the database work, not the job board's cached answer to anonymous readers
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize(("role", "path"), LISTS, ids=[f"{r}:{p}" for r, p in LISTS])
def test_list_queries_do_not_grow_with_rows(world, role, path):
    grow(world, 2)
    small = count(world, role, path)
    grow(world, 6)
    assert count(world, role, path) == small


def test_every_list_endpoint_has_a_query_count_guard():
    from tests.api.test_permission_matrix import MATRIX

    lists = {cell.path for cell in MATRIX if cell.method == "GET" and not cell.path.rstrip("/").endswith("}")}
    singletons = {
        "/api/v1/me/",
        "/api/v1/tokens/",
        "/api/v1/occupations/suggest/",
        "/api/v1/workers/me/",
        "/api/v1/workers/me/consents/",
        "/api/v1/workers/me/export/",  # one worker's own data, a fixed number of queries
        # one worker's own sub-lists: a single query, bounded by the person
        "/api/v1/workers/{id}/certificates/",
        "/api/v1/workers/{id}/work-history/",
        # one applicant's page; its query count is guarded in tests/matching/test_applicant_page.py
        "/api/v1/applications/{id}/candidate/",
        # a computation over the city's open programmes, not a page of rows
        "/api/v1/programme-effects/",
    }
    guarded = {
        path.replace("{open_x}", "{vacancy_id}")
        .replace("{drive_x}", "{id}")
        .replace("{pool_a}", "{worker_id}")
        for _role, path in LISTS
    }
    assert lists - singletons - guarded == set()
