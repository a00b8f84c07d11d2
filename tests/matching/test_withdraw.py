"""A worker withdraws an application: one transaction, an event, the factory's board shows it; a hired or
closed application is refused with a reason the worker understands."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hrmatch.actors import actor_for
from hrmatch.workflows import TransitionError
from matching.masking import candidate_handle
from matching.models import Application
from matching.services.pipeline import TRANSITIONS, application_withdraw
from tests import factories

pytestmark = pytest.mark.django_db
Stage = Application.Stage


@pytest.fixture
def worker(city):
    """Wang Fang, a machinist with a login, who applied to a job and changed her mind."""
    user = factories.UserFactory(username="13800000001")
    return factories.WorkerProfileFactory(home_city=city, user=user, full_name="王芳")


@pytest.fixture
def vacancy(enterprise):
    return factories.VacancyFactory(enterprise=enterprise, status="open", title="数控车工")


def applied(worker, vacancy, stage: str = "applied") -> Application:
    reason = "不合适" if stage in ("rejected", "withdrawn") else ""
    application = factories.ApplicationFactory(worker=worker, vacancy=vacancy, stage=stage, reason=reason)
    factories.ApplicationEventFactory(application=application, to_stage="applied")
    return application


def test_the_withdrawable_stages_are_those_the_pipeline_lets_become_withdrawn():
    assert set(Application.WITHDRAWABLE_STAGES) == {
        stage for stage, targets in TRANSITIONS.items() if Stage.WITHDRAWN in targets
    }


@pytest.mark.parametrize("stage", ["applied", "shortlisted", "interviewing", "offered"])
def test_a_worker_withdraws_an_open_application_with_a_reason_and_an_event(worker, vacancy, stage):
    application = applied(worker, vacancy, stage)

    application_withdraw(application=application, actor=actor_for(worker.user), reason="已找到工作")

    application.refresh_from_db()
    assert (application.stage, application.reason) == ("withdrawn", "已找到工作")
    event = application.events.get(to_stage="withdrawn")
    assert (event.from_stage, event.actor, event.reason) == (stage, worker.user, "已找到工作")


@pytest.mark.parametrize(
    ("stage", "words"),
    [
        ("hired", "You were hired for this job"),
        ("rejected", "already closed"),
        ("withdrawn", "already closed"),
        ("suggested", "You have not applied"),
    ],
)
def test_withdrawing_a_hired_or_closed_application_is_refused_with_the_reason(worker, vacancy, stage, words):
    application = applied(worker, vacancy, stage)

    with pytest.raises(TransitionError) as excinfo:
        application_withdraw(application=application, actor=actor_for(worker.user), reason="不想去了")

    assert words in " ".join(excinfo.value.messages)
    application.refresh_from_db()
    assert application.stage == stage
    assert not application.events.filter(to_stage="withdrawn", reason="不想去了").exists()


# --- pages ------------------------------------------------------------------------------------------


def test_my_applications_offers_withdraw_only_for_open_applications(client, worker, vacancy, enterprise):
    open_one = applied(worker, vacancy)
    hired = applied(worker, factories.VacancyFactory(enterprise=enterprise, status="open"), "hired")
    client.force_login(worker.user)

    page = client.get(reverse("matching:my-applications")).content.decode()

    assert reverse("matching:withdraw", args=[open_one.pk]) in page
    assert reverse("matching:withdraw", args=[hired.pk]) not in page


def test_the_job_page_links_to_the_withdraw_confirmation(client, worker, vacancy):
    application = applied(worker, vacancy)
    client.force_login(worker.user)

    page = client.get(reverse("enterprises:job-detail", args=[vacancy.pk])).content.decode()
    assert reverse("matching:withdraw", args=[application.pk]) in page

    confirm = client.get(reverse("matching:withdraw", args=[application.pk]))
    assert confirm.status_code == 200
    assert 'name="reason_code"' in confirm.content.decode()
    application.refresh_from_db()
    assert application.stage == "applied"  # looking at the confirmation changes nothing


def test_withdrawing_on_the_page_records_the_reason_and_the_factory_board_shows_it(
    client, worker, vacancy, factory_hr
):
    application = applied(worker, vacancy)
    client.force_login(worker.user)

    response = client.post(
        reverse("matching:withdraw", args=[application.pk]),
        {"reason_code": "found_job", "note": "离家近", "next": reverse("matching:my-applications")},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302 and response.url == reverse("matching:my-applications")
    application.refresh_from_db()
    assert application.stage == "withdrawn"
    assert application.reason == "I found another job: 离家近"
    client.force_login(factory_hr)
    board = client.get(
        reverse("matching:board", args=[vacancy.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    card = f'id="board-{candidate_handle(application.vacancy_id, application.worker_id)}"'  # cards are named by handle
    assert card in board and "I found another job" in board


def test_withdrawing_without_a_reason_shows_the_field_error_and_changes_nothing(client, worker, vacancy):
    application = applied(worker, vacancy)
    client.force_login(worker.user)

    response = client.post(reverse("matching:withdraw", args=[application.pk]), {"reason_code": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["reason_code"]
    application.refresh_from_db()
    assert application.stage == "applied"


def test_withdrawing_a_hire_on_the_page_shows_why_it_is_refused(client, worker, vacancy):
    application = applied(worker, vacancy, "hired")
    client.force_login(worker.user)

    response = client.post(
        reverse("matching:withdraw", args=[application.pk]), {"reason_code": "pay"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "You were hired for this job" in " ".join(response.context["form"].non_field_errors())
    application.refresh_from_db()
    assert application.stage == "hired"


def test_a_worker_cannot_withdraw_someone_elses_application(client, worker, vacancy, city):
    other = factories.WorkerProfileFactory(home_city=city)
    theirs = applied(other, vacancy)
    client.force_login(worker.user)

    assert (
        client.post(reverse("matching:withdraw", args=[theirs.pk]), {"reason_code": "pay"}).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.stage == "applied"


def test_the_next_address_must_be_our_own(client, worker, vacancy):
    application = applied(worker, vacancy)
    client.force_login(worker.user)

    response = client.post(
        reverse("matching:withdraw", args=[application.pk]),
        {"reason_code": "pay", "next": "https://evil.example/"},
    )

    assert response.url == reverse("matching:my-applications")


def test_the_withdraw_api_refuses_a_hire_with_409_and_the_reason(worker, vacancy):
    from rest_framework.test import APIClient

    application = applied(worker, vacancy, "hired")
    api = APIClient()
    api.force_authenticate(worker.user)

    response = api.post(
        f"/api/v1/applications/{application.pk}/withdraw/",
        {"reason": "不去了"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 409
    assert "You were hired" in response.json()["detail"]
