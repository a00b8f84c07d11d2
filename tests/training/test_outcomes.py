import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies.models import Placement
from tests import factories
from tests.training.factories import ProviderFactory, ProviderMembershipFactory, programme_teaching
from training import services
from training.models import Drive, DriveInvitation, Enrolment
from training.selectors import programme_outcome_list

pytestmark = pytest.mark.django_db


def test_outcomes_count_placements_within_90_days_of_a_pass_pay_before_and_after_and_subsidy(city):
    course = programme_teaching(
        ProviderFactory(city=city), [factories.SkillFactory()], subsidy_per_trainee=1000, cost=1500
    )
    vacancy = factories.VacancyFactory(
        enterprise=factories.EnterpriseFactory(city=city), pay_min=6000, pay_max=8000
    )
    placed, late, failed = (
        factories.WorkerProfileFactory(home_city=city, desired_pay=5000) for _ in range(3)
    )
    for worker, passed in ((placed, True), (late, True), (failed, False)):
        enrolment = services.enrolment_create(cohort=course.cohorts.get(), worker=worker)
        services.enrolment_advance(enrolment=enrolment, to=Enrolment.Status.ATTENDING)
        services.enrolment_complete(enrolment=enrolment, passed=passed)
    today = timezone.localdate()
    for worker, start in ((placed, today + dt.timedelta(days=20)), (late, today + dt.timedelta(days=120))):
        Placement.objects.create(worker=worker, vacancy=vacancy, employment_form="direct", started_on=start)
    official = factories.OfficialScopeFactory(city=city, level="city", user__username="official").user
    from hrmatch.actors import actor_for

    [outcome] = programme_outcome_list(actor=actor_for(official))
    assert (outcome.enrolments, outcome.completions, outcome.placed) == (3, 2, 1)
    assert (outcome.pay_before, outcome.pay_after) == (5000, 7000)
    assert outcome.subsidy_per_placement == 2000


def test_the_outcomes_page_and_export_show_programmes_and_drives_to_the_provider(city):
    course = programme_teaching(ProviderFactory(city=city), [factories.SkillFactory()], title="电工速成班")
    drive = Drive.objects.create(title="春季联合招聘", city=city, held_on=dt.date(2026, 11, 1))
    vacancy = factories.VacancyFactory(enterprise=factories.EnterpriseFactory(city=city))
    for i in range(3):
        DriveInvitation.objects.create(
            drive=drive,
            vacancy=vacancy,
            worker=factories.WorkerProfileFactory(home_city=city),
            score=0.7,
            rank=i,
            attended=i < 2,
            hired=i == 0,
        )
    client = Client()
    client.force_login(
        factories.OfficialScopeFactory(city=city, level="city", user__username="official").user
    )
    page = client.get(reverse("training:outcomes"))
    assert "电工速成班" in page.content.decode()
    [row] = page.context["drives"]
    assert (row.invited, row.attended_count, row.hired_count) == (3, 2, 1)
    export = client.get(reverse("training:outcomes") + "?format=csv").content.decode("utf-8-sig")
    assert "电工速成班" in export
    staff = Client()
    staff.force_login(ProviderMembershipFactory(provider=course.provider).user)
    assert [o.programme for o in staff.get(reverse("training:outcomes")).context["programmes"]] == [course]
