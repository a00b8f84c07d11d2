"""The training provider's workspace: its own role in the header, its programmes and cohorts, and its
trainees' attendance and assessment recorded from there, on a phone as on a desk."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.training.factories import (
    EnrolmentFactory,
    ProviderFactory,
    ProviderMembershipFactory,
    programme_teaching,
)
from training.models import Enrolment

pytestmark = pytest.mark.django_db
WORKSPACE = "/training/provider/"


@pytest.fixture
def college(city):
    return ProviderFactory(city=city, name="宁波技师学院")


@pytest.fixture
def provider_staff(college):
    return ProviderMembershipFactory(provider=college, user__username="provider_staff").user


def signed_in(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_provider_staff_land_on_their_workspace_with_its_own_menu(provider_staff):
    client = signed_in(provider_staff)
    assert client.get("/").url == WORKSPACE
    page = client.get(WORKSPACE).content.decode()
    assert "宁波技师学院" in page
    for link in (WORKSPACE, reverse("training:enrolment-list"), reverse("training:outcomes")):
        assert f'href="{link}"' in page
    chinese = signed_in(provider_staff, "zh-hans").get(WORKSPACE).content.decode()
    assert "培训机构工作台" in chinese and "待记录的学员" in chinese


def test_someone_who_also_works_for_an_agency_switches_to_the_provider_workspace(provider_staff, agency):
    factories.AgencyMembershipFactory(agency=agency, user=provider_staff)
    client = signed_in(provider_staff)
    page = client.get(reverse("agencies:workspace")).content.decode()
    assert 'value="provider"' in page  # the role switcher offers the provider workspace
    client.post(reverse("switch-role"), {"role": "provider"})
    assert client.get("/").url == WORKSPACE


def test_the_workspace_lists_the_providers_own_trainees_to_record_and_its_cohorts(
    city, college, provider_staff
):
    course = programme_teaching(college, [factories.SkillFactory()], title="电工速成班")
    cohort = course.cohorts.get()
    waiting = EnrolmentFactory(cohort=cohort, worker__full_name="张三")
    attending = EnrolmentFactory(cohort=cohort, worker__full_name="李四", status=Enrolment.Status.ATTENDING)
    EnrolmentFactory(cohort=cohort, worker__full_name="王五", status=Enrolment.Status.DROPPED)
    rival = programme_teaching(ProviderFactory(city=city), [factories.SkillFactory()], title="别家课程")
    EnrolmentFactory(cohort=rival.cohorts.get(), worker__full_name="赵六")
    response = signed_in(provider_staff).get(WORKSPACE)
    assert {e.pk for e in response.context["page"]} == {waiting.pk, attending.pk}
    [row] = response.context["cohorts"]
    assert (row.enrolled, row.attending, row.dropped, row.passed) == (1, 1, 1, 0)
    assert [p.title for p in response.context["programmes"]] == ["电工速成班"]
    page = response.content.decode()
    assert "赵六" not in page and "别家课程" not in page and "王五" not in page


def test_recording_a_completion_from_the_workspace_returns_to_it_and_writes_the_profile(
    college, provider_staff
):
    skill = factories.SkillFactory()
    course = programme_teaching(college, [skill], level=4)
    enrolment = EnrolmentFactory(
        cohort=course.cohorts.get(), status=Enrolment.Status.ATTENDING, consent_to_profile=True
    )
    client = signed_in(provider_staff)
    response = client.post(
        reverse("training:enrolment-complete", args=[enrolment.pk]),
        {"passed": "1", "score": "88", "next": f"{WORKSPACE}?page=1"},
    )
    assert response.url == f"{WORKSPACE}?page=1"
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.assessment_score) == ("completed", 88)
    assert enrolment.worker.skills.get(skill=skill).level == 4
    # A `next` off this site is ignored.
    other = EnrolmentFactory(cohort=course.cohorts.get(), status=Enrolment.Status.ENROLLED)
    response = client.post(
        reverse("training:enrolment-advance", args=[other.pk]),
        {"status": "attending", "next": "https://evil.example/"},
    )
    assert response.url == reverse("training:enrolment-list")


def test_only_provider_staff_open_the_workspace(agency_staff, city_official):
    for user in (agency_staff, city_official):
        assert signed_in(user).get(WORKSPACE).status_code == 403
    assert Client().get(WORKSPACE).status_code == 302


def test_the_workspace_reads_in_a_constant_number_of_queries(college, provider_staff):
    client = signed_in(provider_staff)

    def grow(n: int) -> int:
        for _ in range(n):
            course = programme_teaching(college, [factories.SkillFactory()])
            EnrolmentFactory(cohort=course.cohorts.get())
            EnrolmentFactory(cohort=course.cohorts.get(), status=Enrolment.Status.ATTENDING)
        client.get(WORKSPACE)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(WORKSPACE).status_code == 200
        return len(queries)

    assert grow(2) == grow(4)
