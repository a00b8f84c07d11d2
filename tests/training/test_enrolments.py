import pytest
from rest_framework.test import APIClient

from matching.models import Match
from matching.tasks import run_city_matching
from talent.models import Certificate, WorkerSkill
from tests import factories
from tests.matching.city import build_small_city
from tests.training.factories import ProviderFactory, ProviderMembershipFactory, programme_teaching
from training import services
from training.models import Enrolment
from training.services import EnrolmentTransitionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def small():
    return build_small_city(workers=10)


@pytest.fixture
def welding_course(small):
    provider = ProviderFactory(city=small.city, name="宁波技师学院")
    programme = programme_teaching(
        provider, small.welding, level=4, occupation=small.vacancies[0].occupation, certificate_level=3
    )
    return programme


def attending(worker, programme, *, consent=True) -> Enrolment:
    enrolment = services.enrolment_create(
        cohort=programme.cohorts.get(), worker=worker, consent_to_profile=consent
    )
    return services.enrolment_advance(enrolment=enrolment, to=Enrolment.Status.ATTENDING)


def recommended(worker) -> dict[int, tuple[int, int]]:
    """The worker's recommendations: vacancy id → (rank, required skills met)."""
    rows = Match.objects.filter(worker=worker, direction="r").values_list(
        "vacancy_id", "rank", "matched_required"
    )
    return {vacancy: (rank, met) for vacancy, rank, met in rows}


def test_completion_adds_skills_and_certificate_and_changes_recommendations_in_the_same_request(
    small, welding_course, django_capture_on_commit_callbacks
):
    run_city_matching.delay(small.city.pk).get()
    cnc_worker = small.workers[1]
    cnc_worker.user = factories.UserFactory(username="cnc")
    cnc_worker.save()
    welding_vacancy = small.vacancies[0]
    rank_before, met_before = recommended(cnc_worker)[welding_vacancy.pk]
    assert met_before == 0  # listed, but with none of its skills
    enrolment = attending(cnc_worker, welding_course)
    staff = ProviderMembershipFactory(provider=welding_course.provider).user
    client = APIClient()
    client.force_authenticate(staff)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/api/v1/enrolments/{enrolment.pk}/complete/",
            {"passed": True, "score": 88, "certificate_number": "NB-2026-0042"},
            format="json",
        )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "completed" and answer.json()["written_to_profile_at"]
    levels = dict(WorkerSkill.objects.filter(worker=cnc_worker).values_list("skill_id", "level"))
    assert all(levels[skill.pk] >= 4 for skill in small.welding)
    certificate = Certificate.objects.get(worker=cnc_worker)
    assert (certificate.issuer, certificate.number, certificate.level) == ("宁波技师学院", "NB-2026-0042", 3)
    cnc_worker.refresh_from_db()
    assert cnc_worker.highest_certificate == 3
    # Every required skill met now, so it moves up; the worker's own trade (CNC) still comes first.
    rank_after, met_after = recommended(cnc_worker)[welding_vacancy.pk]
    assert met_after == 3 and rank_after <= rank_before
    worker_client = APIClient()
    worker_client.force_authenticate(cnc_worker.user)
    listed = worker_client.get("/api/v1/recommendations/").json()["results"]
    welding = next(row for row in listed if row["vacancy"]["id"] == welding_vacancy.pk)
    assert not welding["missing_skills"]


def test_completion_without_the_workers_consent_leaves_the_profile_until_they_agree(small, welding_course):
    worker = small.workers[1]
    before = dict(WorkerSkill.objects.filter(worker=worker).values_list("skill_id", "level"))
    enrolment = services.enrolment_complete(
        enrolment=attending(worker, welding_course, consent=False), passed=True
    )
    assert enrolment.written_to_profile_at is None
    assert dict(WorkerSkill.objects.filter(worker=worker).values_list("skill_id", "level")) == before
    assert not Certificate.objects.filter(worker=worker).exists()
    enrolment = services.enrolment_consent(enrolment=enrolment)
    assert enrolment.written_to_profile_at is not None
    assert Certificate.objects.filter(worker=worker, issuer=welding_course.provider.name).count() == 1


def test_completion_never_lowers_a_skill_the_worker_already_holds_higher(small, welding_course):
    welder = small.workers[0]
    WorkerSkill.objects.filter(worker=welder, skill=small.welding[0]).update(level=5)
    services.enrolment_complete(enrolment=attending(welder, welding_course), passed=True)
    assert WorkerSkill.objects.get(worker=welder, skill=small.welding[0]).level == 5


def test_a_failed_assessment_is_recorded_and_writes_nothing(small, welding_course):
    worker = small.workers[1]
    enrolment = services.enrolment_complete(
        enrolment=attending(worker, welding_course), passed=False, score=41, note="实操未通过"
    )
    assert (enrolment.status, enrolment.assessment_passed, enrolment.assessment_score) == (
        "completed",
        False,
        41,
    )
    assert enrolment.written_to_profile_at is None and not Certificate.objects.filter(worker=worker).exists()


def test_only_attending_trainees_complete_and_dropped_ones_stay_dropped(small, welding_course):
    enrolment = services.enrolment_create(cohort=welding_course.cohorts.get(), worker=small.workers[1])
    with pytest.raises(EnrolmentTransitionError):
        services.enrolment_complete(enrolment=enrolment, passed=True)
    dropped = services.enrolment_advance(enrolment=enrolment, to="dropped", note="外出务工")
    with pytest.raises(EnrolmentTransitionError):
        services.enrolment_advance(enrolment=dropped, to="attending")


def test_a_full_cohort_refuses_another_trainee_and_enrolling_twice_returns_the_first(small, welding_course):
    cohort = welding_course.cohorts.get()
    cohort.seats = 1
    cohort.save()
    first = services.enrolment_create(cohort=cohort, worker=small.workers[1])
    assert services.enrolment_create(cohort=cohort, worker=small.workers[1]) == first
    with pytest.raises(Exception, match="full"):
        services.enrolment_create(cohort=cohort, worker=small.workers[3])
