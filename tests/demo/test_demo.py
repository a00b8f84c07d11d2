import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from demo.market_data import DEMO_LOGINS
from enterprises.credit_codes import validate_credit_code
from enterprises.models import Enterprise, Vacancy, VacancySkill
from talent.models import WorkerProfile, WorkerSkill

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    call_command("load_reference", stdout=None)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Agency, Enterprise, Vacancy, VacancySkill, WorkerProfile, WorkerSkill)
    }


def test_seed_demo_twice_leaves_the_same_counts(reference):
    call_command("seed_demo", workers=120, vacancies=30, seed=7, stdout=None)
    first = counts()
    assert first["WorkerProfile"] == 120 and first["Vacancy"] == 30
    call_command("seed_demo", workers=120, vacancies=30, seed=7, stdout=None)
    assert counts() == first


def test_demo_data_is_believable(reference):
    call_command("seed_demo", workers=300, vacancies=60, seed=3, stdout=None)
    for code in Enterprise.objects.values_list("credit_code", flat=True):
        validate_credit_code(code)
    assert not Vacancy.objects.filter(skill_requirements__isnull=True).exists()
    dispatch_share = Vacancy.objects.filter(employment_form="dispatch").count() / Vacancy.objects.count()
    assert 0.15 < dispatch_share < 0.5
    assert not Vacancy.objects.filter(employment_form="dispatch", dispatch_nature="").exists()
    welders = WorkerProfile.objects.filter(primary_occupation__code="6-18-02-04")
    if welders.exists():
        categories = set(
            WorkerSkill.objects.filter(worker__in=welders).values_list("skill__category__code", flat=True)
        )
        assert "welding" in categories
    assert WorkerProfile.objects.filter(id_number_masked__contains="********").count() == 300


def test_the_city_page_lists_the_pilot_cities_and_every_demo_login_signs_in(client, reference, settings):
    call_command("seed_demo", workers=60, vacancies=20, seed=1, stdout=None)
    page = client.get(reverse("city-list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "宁波市" in html and "唐山市" in html
    for login in DEMO_LOGINS:
        client.logout()
        response = client.post(
            reverse("login"), {"username": login.username, "password": settings.HRMATCH_DEMO_PASSWORD}
        )
        assert response.status_code == 302, login.username
        assert client.get(reverse("city-list")).context["user"].username == login.username


def test_each_demo_city_has_providers_a_running_cohort_and_a_past_drive_with_outcomes(reference):
    from training.models import Drive, DriveInvitation, Enrolment, Provider

    call_command("seed_demo", workers=300, vacancies=60, seed=3, stdout=None)
    cities = set(Provider.objects.values_list("city__code", flat=True))
    assert cities == {"330200", "320500", "440300"}
    assert Enrolment.objects.filter(status="attending", cohort__starts_on__lt=timezone.localdate()).exists()
    assert Enrolment.objects.filter(status="completed", assessment_passed=True).exists()
    for drive in Drive.objects.all():
        assert drive.status == "held" and drive.plan_summary["plan"]["workers_over_k"] == 0
        assert DriveInvitation.objects.filter(drive=drive, attended=True).exists()
    assert DriveInvitation.objects.filter(hired=True).exists()
    providers = Provider.objects.count()
    call_command("seed_demo", workers=300, vacancies=60, seed=3, stdout=None)
    assert Provider.objects.count() == providers


def test_the_demo_worker_has_an_interview_to_confirm_and_a_bell_that_says_so(client, reference):
    from matching.models import Interview
    from notifications.models import Notification

    call_command("seed_demo", workers=60, vacancies=20, seed=1, stdout=None)
    call_command("seed_demo", workers=60, vacancies=20, seed=1, stdout=None)  # still one interview

    interview = Interview.objects.get(application__worker__user__username="worker")
    assert interview.status == "proposed" and interview.place
    worker_notes = Notification.objects.filter(recipient__username="worker", read_at__isnull=True)
    assert worker_notes.filter(kind="interview_scheduled").count() == 1
    assert Notification.objects.filter(recipient__username="factory", kind="new_applicant").exists()
    client.force_login(interview.application.worker.user)
    page = client.get(reverse("matching:my-applications")).content.decode()
    assert f'id="interview-{interview.pk}"' in page and 'class="badge"' in page
