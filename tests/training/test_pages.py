import pytest
from django.test import Client
from django.urls import reverse

from tests.pages.conftest import build_market, run_matching
from tests.training.factories import ProviderFactory, ProviderMembershipFactory, programme_teaching
from training.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    market = build_market(workers=10)
    # The signed-in worker is a welder: make them a CNC operator lacking the welding skills.
    cnc = market.small.workers[1]
    market.worker.user, cnc.user = None, market.worker_user
    market.worker.save(update_fields=["user"])
    cnc.save(update_fields=["user"])
    market.worker = cnc
    run_matching(market.small.city)
    return market


@pytest.fixture
def course(market):
    provider = ProviderFactory(city=market.small.city, name="宁波技师学院")
    return programme_teaching(
        provider, market.small.welding[:2], title="氩弧焊速成班", cost=1200, subsidy_per_trainee=1200
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_recommendation_with_missing_skills_offers_the_programme_and_the_worker_enrols_from_it(
    market, course
):
    client = signed_in(market.worker_user)
    page = client.get(reverse("matching:recommendations"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "氩弧焊速成班" in page
    assert "Teaches 2 of the 3 missing skills · 40 hours · free after subsidy · starts" in page
    detail = client.get(reverse("training:programme-detail", args=[course.pk]))
    assert detail.status_code == 200
    cohort = course.cohorts.get()
    answer = client.post(reverse("training:enrol", args=[cohort.pk]), {"consent_to_profile": "on"})
    assert answer.status_code == 302
    enrolment = Enrolment.objects.get(cohort=cohort, worker=market.worker)
    assert enrolment.consent_to_profile and enrolment.enrolled_by == market.worker_user


def test_the_suggestion_reads_in_chinese(market, course):
    client = signed_in(market.worker_user)
    page = client.get(reverse("matching:recommendations"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "教授缺少的3项技能中的2项 · 40学时 · 补贴后免费 · " in page and "开班" in page


def test_agency_staff_see_programmes_on_a_near_miss_and_enrol_their_pool_worker(market, course):
    client = signed_in(market.agency_user)
    vacancy = market.small.vacancies[0]
    page = client.get(reverse("matching:candidates", args=[vacancy.pk])).content.decode()
    assert f"?worker={market.worker.pk}" in page  # the CNC operator is in the agency's pool
    cohort = course.cohorts.get()
    client.post(
        reverse("training:enrol", args=[cohort.pk]), {"worker": market.worker.pk, "consent_to_profile": "on"}
    )
    enrolment = Enrolment.objects.get(cohort=cohort, worker=market.worker)
    assert not enrolment.consent_to_profile  # only the worker can agree to write to their profile


def test_a_provider_records_attendance_and_completion_on_its_trainees_page(market, course):
    cohort = course.cohorts.get()
    enrolment = Enrolment.objects.create(cohort=cohort, worker=market.worker, consent_to_profile=True)
    staff = ProviderMembershipFactory(provider=course.provider).user
    client = signed_in(staff)
    assert "氩弧焊速成班" in client.get(reverse("training:enrolment-list")).content.decode()
    client.post(reverse("training:enrolment-advance", args=[enrolment.pk]), {"status": "attending"})
    client.post(reverse("training:enrolment-complete", args=[enrolment.pk]), {"passed": "1", "score": "90"})
    enrolment.refresh_from_db()
    assert enrolment.status == "completed" and enrolment.written_to_profile_at is not None
    outsider = signed_in(market.agency_user)
    assert (
        outsider.post(
            reverse("training:enrolment-advance", args=[enrolment.pk]), {"status": "dropped"}
        ).status_code
        == 404
    )
