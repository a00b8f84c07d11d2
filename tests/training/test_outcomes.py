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
from training.selectors import by_occupation, by_provider, programme_outcome_list

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


def _graduate(course, worker, *, passed=True):
    enrolment = services.enrolment_create(cohort=course.cohorts.get(), worker=worker)
    services.enrolment_advance(enrolment=enrolment, to=Enrolment.Status.ATTENDING)
    return services.enrolment_complete(enrolment=enrolment, passed=passed)


def test_outcomes_add_up_by_provider_and_by_occupation_weighting_pay_by_placed_graduates(city):
    from hrmatch.actors import actor_for

    welder = factories.OccupationFactory(code="6-18-02-04", name="焊工")
    electrician = factories.OccupationFactory(code="6-31-01-03", name="电工")
    college, base = ProviderFactory(city=city, name="甲学院"), ProviderFactory(city=city, name="乙基地")
    welding = programme_teaching(college, [factories.SkillFactory()], occupation=welder, certificate_level=4)
    wiring = programme_teaching(
        college, [factories.SkillFactory()], occupation=electrician, certificate_level=4
    )
    more_welding = programme_teaching(
        base, [factories.SkillFactory()], occupation=welder, certificate_level=4
    )
    no_certificate = programme_teaching(base, [factories.SkillFactory()])
    vacancy = factories.VacancyFactory(
        enterprise=factories.EnterpriseFactory(city=city), pay_min=7000, pay_max=7000
    )
    start = timezone.localdate() + dt.timedelta(days=10)
    # Welding: two placed graduates (5,000 and 6,000 before); more welding: one placed (4,000 before).
    for course, pays in ((welding, [5000, 6000]), (more_welding, [4000]), (wiring, [None])):
        for pay in pays:
            worker = factories.WorkerProfileFactory(home_city=city, desired_pay=pay)
            _graduate(course, worker)
            vacancy_of = factories.VacancyFactory(enterprise=vacancy.enterprise, pay_min=7000, pay_max=7000)
            Placement.objects.create(
                worker=worker, vacancy=vacancy_of, employment_form="direct", started_on=start
            )
    _graduate(no_certificate, factories.WorkerProfileFactory(home_city=city), passed=False)
    official = actor_for(factories.OfficialScopeFactory(city=city, level="city").user)

    providers = {o.provider.name: o for o in by_provider(programme_outcome_list(actor=official))}
    assert (providers["甲学院"].enrolments, providers["甲学院"].placed, providers["甲学院"].paid) == (3, 3, 2)
    assert providers["甲学院"].pay_before == 5500 and providers["甲学院"].pay_after == 7000
    assert (providers["乙基地"].enrolments, providers["乙基地"].completions) == (2, 1)
    occupations = by_occupation(programme_outcome_list(actor=official))
    assert [o.occupation for o in occupations][-1] is None  # programmes without a certificate last
    by_code = {o.occupation.code: o for o in occupations if o.occupation}
    # The pay means weight each placed graduate once: (5,000 + 6,000 + 4,000) / 3, not a mean of means.
    assert by_code[welder.code].placed == 3 and by_code[welder.code].pay_before == 5000
    assert by_code[welder.code].subsidy == 3 * 1200
    assert by_code[electrician.code].pay_before is None and by_code[electrician.code].placed == 1


def test_the_outcomes_api_gives_the_pages_figures(city):
    from rest_framework.test import APIClient

    course = programme_teaching(
        ProviderFactory(city=city), [factories.SkillFactory()], subsidy_per_trainee=900, cost=900
    )
    worker = factories.WorkerProfileFactory(home_city=city, desired_pay=5000)
    _graduate(course, worker)
    vacancy = factories.VacancyFactory(
        enterprise=factories.EnterpriseFactory(city=city), pay_min=6000, pay_max=8000
    )
    Placement.objects.create(
        worker=worker, vacancy=vacancy, employment_form="direct", started_on=timezone.localdate()
    )
    client = APIClient()
    client.force_authenticate(ProviderMembershipFactory(provider=course.provider).user)
    [row] = client.get("/api/v1/training-outcomes/programmes/").json()["results"]
    assert row["programme"] == course.pk and row["city"] == city.code
    assert (row["enrolments"], row["completions"], row["placed_within_90_days"]) == (1, 1, 1)
    assert (row["pay_before"], row["pay_after"], row["subsidy_per_placement"]) == (5000, 7000, 900)
    [provider] = client.get("/api/v1/training-outcomes/providers/").json()["results"]
    assert provider["provider"] == course.provider_id and provider["subsidy"] == 900
    [occupation] = client.get("/api/v1/training-outcomes/occupations/").json()["results"]
    assert occupation["occupation"] is None and occupation["placed_within_90_days"] == 1


def test_the_outcomes_page_is_for_officials_and_provider_staff_only(city, agency_staff, factory_hr):
    worker = factories.WorkerProfileFactory(home_city=city, user=factories.UserFactory())
    for user in (agency_staff, factory_hr, worker.user):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("training:outcomes")).status_code == 403
    assert Client().get(reverse("training:outcomes")).status_code == 302  # to the login page
