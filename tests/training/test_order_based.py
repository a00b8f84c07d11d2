import pytest
from django.test import Client
from django.urls import reverse

from matching.models import Application
from matching.tasks import run_city_matching
from tests import factories
from tests.matching.city import build_small_city
from tests.training.factories import ProviderFactory, programme_teaching
from training import services
from training.models import CohortCommitment, Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    small = build_small_city(workers=8)
    run_city_matching.delay(small.city.pk).get()
    course = programme_teaching(ProviderFactory(city=small.city), small.welding[:3], level=3)
    factory_hr = factories.EnterpriseMembershipFactory(enterprise=small.vacancies[0].enterprise).user
    return small, course, factory_hr


def graduate(worker, cohort, *, passed=True):
    enrolment = services.enrolment_create(cohort=cohort, worker=worker)
    services.enrolment_advance(enrolment=enrolment, to=Enrolment.Status.ATTENDING)
    return services.enrolment_complete(enrolment=enrolment, passed=passed)


def test_a_factory_commits_a_vacancy_and_the_cohorts_graduates_join_its_candidates(order):
    small, course, factory_hr = order
    client = Client()
    client.force_login(factory_hr)
    cohort, vacancy = course.cohorts.get(), small.vacancies[0]
    client.post(
        reverse("training:commitment-list"), {"vacancy": vacancy.pk, "cohort": cohort.pk, "places": 5}
    )
    assert CohortCommitment.objects.get(cohort=cohort, vacancy=vacancy).places == 5
    passed, failed = small.workers[1], small.workers[3]
    graduate(passed, cohort)
    graduate(failed, cohort, passed=False)
    suggested = Application.objects.filter(vacancy=vacancy, source="suggested")
    assert set(suggested.values_list("worker_id", flat=True)) == {passed.pk}
    page = client.get(reverse("training:commitment-list"))
    row = page.context["page"].object_list[0]
    assert (row.enrolled, row.graduated, row.attending) == (2, 1, 0)


def test_only_open_vacancies_of_the_cohorts_city_can_be_committed(order):
    small, course, _ = order
    elsewhere = factories.VacancyFactory(
        enterprise=factories.EnterpriseFactory(city=factories.PilotCityFactory(code="320500"))
    )
    with pytest.raises(Exception, match="cohort"):
        services.cohort_commit(cohort=course.cohorts.get(), vacancy=elsewhere, places=2)
    draft = factories.VacancyFactory(enterprise=small.vacancies[0].enterprise, status="draft")
    with pytest.raises(Exception, match="open vacancy"):
        services.cohort_commit(cohort=course.cohorts.get(), vacancy=draft, places=2)
