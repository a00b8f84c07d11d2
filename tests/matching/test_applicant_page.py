"""The factory's candidate page: only for candidates who applied (or were referred), only for the vacancy's
factory and agency, keyed by the application (no worker id in the URL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from hrmatch.actors import actor_for
from matching.models import Match
from matching.services import pipeline
from talent.models import Certificate, WorkHistory
from tests import factories
from tests.pages.conftest import build_market

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(db):
    return build_market()


@pytest.fixture
def applicant(market):
    """The demo worker applied to the welding vacancy; they hold a certificate and a past job."""
    worker, vacancy = market.worker, market.small.vacancies[0]
    Certificate.objects.create(
        worker=worker,
        occupation=vacancy.occupation,
        level=3,
        issuer="宁波市人社局",
        number="C-77",
        issued_on=dt.date(2023, 6, 1),
    )
    WorkHistory.objects.create(
        worker=worker, employer_name="宁波重工", job_title="焊工", started_on=dt.date(2019, 3, 1)
    )
    return pipeline.application_apply(worker=worker, vacancy=vacancy, actor=actor_for(market.worker_user))


@pytest.fixture
def masked(market, applicant):
    """A candidate the factory invited to apply from the engine's list, who has not answered."""
    vacancy = market.small.vacancies[0]
    match = (
        Match.objects.filter(vacancy=vacancy, direction="s")
        .exclude(worker=market.worker)
        .order_by("rank")
        .first()
    )
    return pipeline.application_shortlist_from_match(
        match=match, actor=actor_for(market.factory_user), to="invited"
    )


def test_the_factory_reads_an_applicant_with_skills_against_the_vacancy(client, market, applicant):
    client.force_login(market.factory_user)
    url = reverse("matching:applicant-detail", args=[applicant.pk])
    assert url == f"/workspace/applications/{applicant.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    worker = market.worker
    assert worker.full_name in page and "宁波重工" in page and "宁波市人社局" in page
    detail = response.context["detail"]
    required = {link.skill_id: link.min_level for link in applicant.vacancy.skill_requirements.all()}
    held = dict(worker.skills.values_list("skill_id", "level"))
    for fit in detail.fits:
        assert fit.required == required[fit.skill.pk]
        assert fit.held == held.get(fit.skill.pk, 0)
        expected = "meets" if fit.held >= fit.required else ("below" if fit.held else "missing")
        assert fit.status == expected
    assert [e.to_stage for e in applicant.events.all()] == ["applied"]


def test_the_pipeline_and_shortlist_link_applicants_only(client, market, applicant, masked):
    client.force_login(market.factory_user)
    vacancy = market.small.vacancies[0]
    board = client.get(reverse("matching:board", args=[vacancy.pk])).content.decode()
    assert reverse("matching:applicant-detail", args=[applicant.pk]) in board
    assert reverse("matching:applicant-detail", args=[masked.pk]) not in board
    shortlist = client.get(reverse("matching:candidates", args=[vacancy.pk]), {"page": 1}).content.decode()
    assert reverse("matching:applicant-detail", args=[masked.pk]) not in shortlist


def test_a_masked_candidate_never_gets_the_page(client, market, masked):
    for user in (market.factory_user, market.agency_user):
        client.force_login(user)
        assert client.get(reverse("matching:applicant-detail", args=[masked.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(market.factory_user)
    assert api.get(f"/api/v1/applications/{masked.pk}/candidate/").status_code == 404


def test_another_factory_or_the_worker_never_reads_the_applicant(client, market, applicant):
    url = reverse("matching:applicant-detail", args=[applicant.pk])
    assert client.get(url).status_code == 302  # to the login page
    other = factories.EnterpriseMembershipFactory(user__username="other_hr").user
    other_agency = factories.AgencyMembershipFactory(user__username="other_agency").user
    for user in (other, other_agency, market.worker_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(market.agency_user)  # the agency serving the factory
    assert client.get(url).status_code == 200
    for garbage in ("0", "99999999"):
        assert client.get(f"/workspace/applications/{garbage}/").status_code == 404


def test_the_api_gives_the_same_candidate(market, applicant):
    api = APIClient()
    api.force_authenticate(market.factory_user)
    response = api.get(f"/api/v1/applications/{applicant.pk}/candidate/")
    assert response.status_code == 200
    data = response.json()
    assert data["worker"]["full_name"] == market.worker.full_name
    assert data["certificates"][0]["issuer"] == "宁波市人社局"
    assert {row["status"] for row in data["skills"]} <= {"meets", "below", "missing"}
    assert data["events"][0]["to_stage"] == "applied"


def test_the_page_keeps_its_query_count_as_the_profile_grows(client, market, applicant):
    client.force_login(market.factory_user)
    url = reverse("matching:applicant-detail", args=[applicant.pk])
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for i in range(6):
        WorkHistory.objects.create(
            worker=market.worker, employer_name=f"厂{i}", job_title="焊工", started_on=dt.date(2010 + i, 1, 1)
        )
        Certificate.objects.create(
            worker=market.worker,
            occupation=applicant.vacancy.occupation,
            level=2,
            issuer="宁波",
            number=f"N{i}",
            issued_on=dt.date(2020, 1, 1),
        )
    pipeline.application_move(application=applicant, to="shortlisted", actor=actor_for(market.factory_user))
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after.captured_queries) <= len(before.captured_queries)
