"""The API's test world: two cities, two agencies, two factories, a worker in each, every role's login."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from agencies.models import Placement
from matching.models import JobMark, MatchRun
from matching.services import runs
from talent.models import Certificate, ConsentRecord, WorkHistory
from tests import factories
from tests.matching.city import build_small_city
from tests.training.world import add_training

ROLES = ("anonymous", "worker", "agency_a", "agency_b", "factory_x", "factory_y", "city", "ministry", "admin")


@dataclass
class World:
    """Named objects of both tenants; `users` maps each role in ROLES (except anonymous) to its login."""

    objects: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def __getitem__(self, name: str):
        return self.objects[name]

    def client(self, role: str) -> APIClient:
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(self.users[role])
        return client


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counts live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def publish_run(city) -> MatchRun:
    run = runs.match_run_start(city_id=city.pk)
    for chunk in run.chunks.all():
        runs.match_chunk_score(chunk_id=chunk.pk)
    runs.match_run_publish(run_id=run.pk)
    run.refresh_from_db()
    return run


def _tenants(city, other_city) -> dict:
    """The small city, two agencies and two factories (one of each per city) with their vacancies."""
    small = build_small_city(city, workers=8)
    district = factories.DistrictFactory(city=city, code="330206", name_zh="北仑区")
    agency_a = factories.AgencyFactory(city=city)
    agency_b = factories.AgencyFactory(city=other_city)
    factory_x = small.vacancies[0].enterprise
    factory_y = factories.EnterpriseFactory(city=other_city)
    factories.AgencyClientFactory(agency=agency_a, enterprise=factory_x)
    factories.AgencyClientFactory(agency=agency_b, enterprise=factory_y)
    welder = small.vacancies[0].occupation
    draft_x = factories.VacancyFactory(
        enterprise=factory_x, status="draft", occupation=welder, title="草稿焊工"
    )
    factories.VacancySkillFactory(vacancy=draft_x, skill=small.welding[0])
    draft_y = factories.VacancyFactory(enterprise=factory_y, status="draft", occupation=welder)
    factories.VacancySkillFactory(vacancy=draft_y, skill=small.welding[0])
    open_y = factories.VacancyFactory(enterprise=factory_y, status="open", occupation=welder)
    factories.VacancySkillFactory(vacancy=open_y, skill=small.welding[0])
    return dict(
        small=small,
        district=district,
        agency_a=agency_a,
        agency_b=agency_b,
        factory_x=factory_x,
        factory_y=factory_y,
        open_x=small.vacancies[0],
        draft_x=draft_x,
        draft_y=draft_y,
        open_y=open_y,
        welder=welder,
        skill=small.welding[0],
    )


def _users(o: dict, city) -> dict:
    """Every role's login (except anonymous), with its membership or scope."""
    return {
        "agency_a": factories.AgencyMembershipFactory(agency=o["agency_a"], user__username="agency_a").user,
        "agency_b": factories.AgencyMembershipFactory(agency=o["agency_b"], user__username="agency_b").user,
        "factory_x": factories.EnterpriseMembershipFactory(
            enterprise=o["factory_x"], user__username="factory_x"
        ).user,
        "factory_y": factories.EnterpriseMembershipFactory(
            enterprise=o["factory_y"], user__username="factory_y"
        ).user,
        "worker": factories.UserFactory(username="worker"),
        "city": factories.OfficialScopeFactory(city=city, level="city", user__username="city").user,
        "ministry": factories.OfficialScopeFactory(
            city=None, level="national", user__username="ministry"
        ).user,
        "admin": factories.UserFactory(username="admin", is_superuser=True, is_staff=True),
    }


def _workers(o: dict, users: dict, other_city) -> dict:
    """The signed-in worker (in agency A's pool), another of A's pool, and a worker of agency B."""
    small = o["small"]
    worker_a = small.workers[0]
    worker_a.managing_agency = o["agency_a"]
    worker_a.user = users["worker"]
    worker_a.save()
    pool_a = small.workers[2]
    pool_a.managing_agency = o["agency_a"]
    pool_a.save()
    worker_b = factories.WorkerProfileFactory(home_city=other_city, managing_agency=o["agency_b"])
    return dict(worker_a=worker_a, pool_a=pool_a, worker_b=worker_b)


def _pipeline(o: dict) -> dict:
    """Applications on both tenants' vacancies and a placement by each agency."""
    app_x = factories.ApplicationFactory(worker=o["worker_a"], vacancy=o["open_x"])
    factories.ApplicationEventFactory(application=app_x)
    app_pool = factories.ApplicationFactory(
        worker=o["pool_a"], vacancy=o["open_x"], source="referred", referred_by=o["agency_a"]
    )
    factories.ApplicationEventFactory(application=app_pool)
    app_y = factories.ApplicationFactory(worker=o["worker_b"], vacancy=o["open_y"])
    factories.ApplicationEventFactory(application=app_y)
    placement_x = Placement.objects.create(
        worker=o["small"].workers[4],
        vacancy=o["small"].vacancies[1],
        agency=o["agency_a"],
        employment_form="direct",
        started_on=dt.date(2026, 3, 1),
    )
    placement_y = Placement.objects.create(
        worker=o["worker_b"],
        vacancy=o["open_y"],
        agency=o["agency_b"],
        employment_form="direct",
        started_on=dt.date(2026, 3, 1),
    )
    # The engine's suggestion of a worker who never applied, and an invitation to the signed-in worker.
    app_suggested = factories.ApplicationFactory(
        worker=o["small"].workers[6], vacancy=o["open_x"], source="suggested", stage="suggested"
    )
    factories.ApplicationEventFactory(application=app_suggested)
    app_invited = factories.ApplicationFactory(
        worker=o["worker_a"], vacancy=o["open_y"], source="suggested", stage="invited"
    )
    factories.ApplicationEventFactory(application=app_invited, from_stage="suggested")
    return dict(
        app_x=app_x,
        app_pool=app_pool,
        app_y=app_y,
        app_suggested=app_suggested,
        app_invited=app_invited,
        placement_x=placement_x,
        placement_y=placement_y,
    )


def _records(o: dict) -> dict:
    """Certificates, work history and consents of the worker and of agency B's worker."""
    worker_a, worker_b, welder = o["worker_a"], o["worker_b"], o["welder"]
    certificate_a = Certificate.objects.create(
        worker=worker_a,
        occupation=welder,
        level=3,
        issuer="宁波市人社局",
        number="C-1",
        issued_on=dt.date(2024, 5, 1),
    )
    certificate_b = Certificate.objects.create(
        worker=worker_b,
        occupation=welder,
        level=3,
        issuer="苏州市人社局",
        number="C-2",
        issued_on=dt.date(2024, 5, 1),
    )
    history_a = WorkHistory.objects.create(
        worker=worker_a, employer_name="宁波某厂", job_title="焊工", started_on=dt.date(2020, 1, 1)
    )
    history_b = WorkHistory.objects.create(
        worker=worker_b, employer_name="苏州某厂", job_title="焊工", started_on=dt.date(2020, 1, 1)
    )
    consent_a = ConsentRecord.objects.filter(worker=worker_a).first() or ConsentRecord.objects.create(
        worker=worker_a, purpose="matching", granted_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    consent_b = ConsentRecord.objects.create(
        worker=worker_b, purpose="matching", granted_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    mark_a = JobMark.objects.create(worker=worker_a, vacancy=o["small"].vacancies[1], kind="saved")
    mark_b = JobMark.objects.create(worker=worker_b, vacancy=o["open_y"], kind="not_interested")
    return dict(
        mark_a=mark_a,
        mark_b=mark_b,
        certificate_a=certificate_a,
        certificate_b=certificate_b,
        history_a=history_a,
        history_b=history_b,
        consent_a=consent_a,
        consent_b=consent_b,
    )


def interviewing(w: World, who: str):
    """An application at the interview stage: the signed-in worker's for factory X's third job ("x"), or
    agency B's worker's for factory Y's draft ("y"). Made on demand, so the world's other tests do not
    see it (a permission-matrix cell makes it inside its rolled-back savepoint)."""
    from matching.models import Application

    worker, vacancy = (
        (w["worker_a"], w["small"].vacancies[2]) if who == "x" else (w["worker_b"], w["draft_y"])
    )
    application, created = Application.objects.get_or_create(
        worker=worker, vacancy=vacancy, defaults={"source": "applied", "stage": "interviewing"}
    )
    if created:
        factories.ApplicationEventFactory(application=application, to_stage="applied")
    return application


def interview_for(w: World, who: str):
    """The interview set for `interviewing(w, who)`, three days ahead (made on demand, once)."""
    from django.utils import timezone

    from matching.models import Interview

    application = interviewing(w, who)
    return Interview.objects.filter(application=application).first() or Interview.objects.create(
        application=application,
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="北仑区1号门",
        contact_name="王经理",
        contact_phone="0574-87654321",
    )


def _notifications(users: dict) -> dict:
    """An unread notification of the worker's (agency staff have their runs' already)."""
    from notifications.services import notify

    note = notify(
        recipients=[users["worker"]], kind="offered", params={"vacancy": "焊工", "enterprise": "甬厂"}
    )
    return dict(note_worker=note[0])


def build_world(city, other_city) -> World:
    from pilots.models import Park

    objects = dict(city=city, other_city=other_city, **_tenants(city, other_city))
    users = _users(objects, city)
    objects.update(_workers(objects, users, other_city))
    objects["run_x"] = publish_run(city)
    objects["run_y"] = publish_run(other_city)
    objects.update(_pipeline(objects))
    objects.update(_records(objects))
    objects["park"] = Park.objects.create(
        city=city,
        district=objects["district"],
        name_zh="北仑产业园",
        name_en="Beilun Park",
        kind="industrial",
        latitude=city.latitude,
        longitude=city.longitude,
    )
    add_training(objects)
    objects.update(_notifications(users))
    return World(objects=objects, users=users)


@pytest.fixture
def world(city, other_city) -> World:
    return build_world(city, other_city)
