import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from pilots.models import Park
from tests import factories
from tests.pages.conftest import build_market
from training.models import Drive, DriveInvitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return build_market(workers=16)


@pytest.fixture
def park_officer(market):
    return factories.OfficialScopeFactory(
        city=market.small.city, level="city", user__username="park_officer"
    ).user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_park_officer_creates_plans_and_exports_a_drive(market, park_officer):
    park = Park.objects.create(
        city=market.small.city,
        name_zh="北仑产业园",
        name_en="Beilun Park",
        kind="industrial",
        latitude=29.9,
        longitude=121.8,
    )
    client = signed_in(park_officer)
    answer = client.post(
        reverse("drives:create"),
        {
            "title": "北仑产业园联合招聘",
            "held_on": "2026-12-20",
            "venue": "北仑人才市场",
            "park": park.pk,
            "max_interviews_per_worker": 1,
            "candidates_per_post": 2,
            "vacancies": [v.pk for v in market.small.vacancies],
            "agencies": [market.agency.pk],
        },
    )
    drive = Drive.objects.get()
    assert answer.status_code == 302 and drive.park == park and drive.vacancies.count() == 3
    client.post(reverse("drives:plan", args=[drive.pk]))
    drive.refresh_from_db()
    assert drive.status == "planned" and drive.plan_summary["plan"]["workers_over_k"] == 0
    page = client.get(reverse("drives:detail", args=[drive.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Each factory takes its own top" in page and "plan-comparison" in page
    export = client.get(reverse("drives:export", args=[drive.pk]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) - 1 == DriveInvitation.objects.filter(drive=drive).count() > 0
    # An official sees pseudonymous candidates: no names, no mobiles.
    assert all(row[5] == "" and row[4].startswith(("Candidate W", "候选人W")) for row in rows[1:])


def test_the_agency_bringing_workers_sees_its_own_pool_by_name_in_the_export(market, park_officer):
    drive = Drive.objects.create(title="联合招聘", city=market.small.city, held_on="2026-12-20")
    drive.vacancies.set(market.small.vacancies)
    drive.agencies.set([market.agency])
    signed_in(park_officer).post(reverse("drives:plan", args=[drive.pk]))
    export = signed_in(market.agency_user).get(reverse("drives:export", args=[drive.pk]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))[1:]
    pool = {w.full_name for w in market.small.workers if w.managing_agency_id == market.agency.pk}
    assert rows and {row[4] for row in rows} <= pool


def test_other_cities_and_factory_hr_cannot_plan_a_drive(market, park_officer):
    drive = Drive.objects.create(title="联合招聘", city=market.small.city, held_on="2026-12-20")
    drive.vacancies.set(market.small.vacancies)
    elsewhere = factories.OfficialScopeFactory(
        city=factories.PilotCityFactory(code="320500"), level="city", user__username="suzhou"
    ).user
    assert signed_in(elsewhere).get(reverse("drives:detail", args=[drive.pk])).status_code == 404
    assert signed_in(market.factory_user).post(reverse("drives:plan", args=[drive.pk])).status_code == 404
    assert signed_in(market.factory_user).get(reverse("drives:detail", args=[drive.pk])).status_code == 200


def test_a_city_official_sees_programmes_ranked_by_posts_per_10000_yuan(market, park_officer):
    from tests.training.factories import ProviderFactory, programme_teaching

    provider = ProviderFactory(city=market.small.city)
    course = programme_teaching(
        provider, market.small.welding[:3], level=3, title="焊接速成", subsidy_per_trainee=800, cost=800
    )
    page = signed_in(park_officer).get(reverse("drives:training-effect"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "焊接速成" in page.content.decode()
    assert page.context["rows"][0]["programme"] == course
    assert signed_in(market.worker_user).get(reverse("drives:training-effect")).status_code == 404
