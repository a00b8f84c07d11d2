"""Interviews: staff set, move and cancel them; the worker confirms or asks for another time; each change
tells the other side; the rules give field errors; pages and API alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hrmatch.actors import actor_for
from hrmatch.workflows import TransitionError
from matching.models import Application, Interview
from matching.services import interviews, pipeline
from matching.services.interviews import InterviewTerms
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


@pytest.fixture
def worker(city):
    """Li Na, a welder with a login."""
    return factories.WorkerProfileFactory(
        home_city=city, user=factories.UserFactory(username="li_na"), full_name="李娜"
    )


@pytest.fixture
def application(worker, enterprise, factory_hr):
    """Li Na applied to the factory's welding job and was invited to interview."""
    vacancy = factories.VacancyFactory(
        enterprise=enterprise, title="氩弧焊工", start_date=timezone.localdate() + dt.timedelta(days=20)
    )
    application = pipeline.application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))
    pipeline.application_shortlist(application=application, actor=actor_for(factory_hr))
    pipeline.application_interview(application=application, actor=actor_for(factory_hr))
    Notification.objects.all().delete()
    return application


def soon(days: int = 2, hour: int = 9) -> dt.datetime:
    """A time in Beijing, `days` from today at `hour` o'clock."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


TERMS = InterviewTerms(
    starts_at=soon(), place="北仑区黄山西路1号 2号门", contact_name="王经理", contact_phone="0574-87654321"
)


def schedule(application, factory_hr, terms: InterviewTerms = TERMS) -> Interview:
    return interviews.interview_schedule(application=application, terms=terms, actor=actor_for(factory_hr))


def told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# Services --------------------------------------------------------------------------------------------


def test_factory_hr_sets_an_interview_and_the_worker_is_asked_to_confirm(application, factory_hr, worker):
    interview = schedule(application, factory_hr)

    assert (interview.status, interview.place, interview.scheduled_by) == (
        "proposed",
        TERMS.place,
        factory_hr,
    )
    note = Notification.objects.get(recipient=worker.user)
    assert note.kind == Kind.INTERVIEW_SCHEDULED
    assert TERMS.place in note.message and "Please confirm" in note.message
    assert note.url.endswith(f"#application-{application.pk}")
    assert told(factory_hr) == []


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"starts_at": timezone.now() - dt.timedelta(minutes=1)}, "starts_at", "past"),
        ({"starts_at": timezone.now() + dt.timedelta(days=400)}, "starts_at", "too_far"),
        ({"place": "  "}, "place", "place_required"),
        ({"contact_name": ""}, "contact_name", "required"),
        ({"contact_phone": "call me"}, "contact_phone", "phone"),
        ({"contact_phone": "12-34"}, "contact_phone", "phone"),
        ({"mode": "carrier-pigeon"}, "mode", "invalid_choice"),
    ],
)
def test_bad_terms_are_refused_with_a_field_error(application, factory_hr, change, field, code):
    with pytest.raises(ValidationError) as refused:
        schedule(application, factory_hr, replace(TERMS, **change))

    assert [e.code for e in refused.value.error_dict[field]] == [code]
    assert not Interview.objects.exists() and not Notification.objects.exists()


def test_a_phone_interview_needs_no_place_and_names_the_mode_in_each_language(
    application, factory_hr, worker
):
    from django.utils import translation

    schedule(application, factory_hr, replace(TERMS, mode="phone", place=""))
    note = Notification.objects.get(recipient=worker.user)
    with translation.override("en"):
        assert "By phone" in note.message
    with translation.override("zh-hans"):
        assert "电话" in note.message


def test_only_a_candidate_at_the_interview_stage_gets_an_interview_and_only_one(application, factory_hr):
    schedule(application, factory_hr)
    with pytest.raises(TransitionError):
        schedule(application, factory_hr)
    pipeline.application_offer(application=application, actor=actor_for(factory_hr))
    Interview.objects.all().delete()
    with pytest.raises(TransitionError):
        schedule(application, factory_hr)


def test_the_worker_confirms_and_the_factory_is_told(application, factory_hr, worker):
    interview = schedule(application, factory_hr)

    interviews.interview_confirm(interview=interview, actor=actor_for(worker.user))
    interviews.interview_confirm(interview=interview, actor=actor_for(worker.user))  # twice: told once

    interview.refresh_from_db()
    assert interview.status == "confirmed"
    assert told(factory_hr) == [Kind.INTERVIEW_CONFIRMED]
    assert Notification.objects.get(recipient=factory_hr).url == reverse(
        "interviews:manage", kwargs={"pk": application.pk}
    )


def test_asking_for_another_time_needs_a_note_and_tells_the_factory(application, factory_hr, worker):
    interview = schedule(application, factory_hr)
    with pytest.raises(ValidationError) as refused:
        interviews.interview_request_reschedule(interview=interview, note=" ", actor=actor_for(worker.user))
    assert "note" in refused.value.error_dict

    interviews.interview_request_reschedule(
        interview=interview, note="周三下午以后都可以", actor=actor_for(worker.user)
    )
    interview.refresh_from_db()
    assert (interview.status, interview.worker_note) == ("reschedule", "周三下午以后都可以")
    assert "周三下午以后都可以" in Notification.objects.get(recipient=factory_hr).message


def test_moving_an_interview_asks_the_worker_again_and_says_the_new_time(application, factory_hr, worker):
    interview = schedule(application, factory_hr)
    interviews.interview_confirm(interview=interview, actor=actor_for(worker.user))

    later = soon(days=4, hour=14)
    moved = interviews.interview_reschedule(
        interview=interview, terms=replace(TERMS, starts_at=later), actor=actor_for(factory_hr)
    )

    assert (moved.status, moved.starts_at) == ("proposed", later)
    assert told(worker.user) == [Kind.INTERVIEW_CHANGED, Kind.INTERVIEW_SCHEDULED]


def test_cancelling_needs_a_reason_the_worker_is_told_and_a_new_one_may_follow(
    application, factory_hr, worker
):
    interview = schedule(application, factory_hr)
    with pytest.raises(ValidationError):
        interviews.interview_cancel(interview=interview, reason="", actor=actor_for(factory_hr))

    interviews.interview_cancel(interview=interview, reason="面试官出差", actor=actor_for(factory_hr))

    assert Notification.objects.filter(recipient=worker.user).first().message.endswith("面试官出差")
    with pytest.raises(TransitionError):
        interviews.interview_confirm(interview=interview, actor=actor_for(worker.user))
    assert schedule(application, factory_hr).status == "proposed"


def test_a_past_interview_cannot_be_confirmed_or_moved_by_the_worker(application, factory_hr, worker):
    interview = schedule(application, factory_hr)
    Interview.objects.filter(pk=interview.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(TransitionError):
        interviews.interview_confirm(interview=interview, actor=actor_for(worker.user))
    with pytest.raises(TransitionError):
        interviews.interview_request_reschedule(interview=interview, note="x", actor=actor_for(worker.user))


def test_rejecting_the_candidate_calls_the_open_interview_off(application, factory_hr, worker):
    interview = schedule(application, factory_hr)
    pipeline.application_reject(application=application, actor=actor_for(factory_hr), reason="岗位已招满")

    interview.refresh_from_db()
    assert (interview.status, interview.cancel_reason) == ("cancelled", "岗位已招满")
    assert told(worker.user)[0] == Kind.REJECTED


# Pages -----------------------------------------------------------------------------------------------


def form_data(**change) -> dict:
    data = {
        "action": "save",
        "starts_at": timezone.localtime(soon()).strftime("%Y-%m-%dT%H:%M"),
        "mode": "on_site",
        "place": TERMS.place,
        "contact_name": "王经理",
        "contact_phone": "13812345678",
        "note": "请带身份证和焊工证",
    }
    return {**data, **change}


def test_factory_hr_sets_the_interview_on_its_page_in_beijing_time(client, application, factory_hr):
    client.force_login(factory_hr)
    url = reverse("interviews:manage", kwargs={"pk": application.pk})
    assert client.get(url).status_code == 200

    day = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(url, form_data(starts_at=f"{day.isoformat()}T09:30"))

    assert response.status_code == 302
    interview = Interview.objects.get(application=application)
    in_utc = dt.datetime.combine(day, dt.time(1, 30), tzinfo=dt.UTC)  # 09:30 in Beijing is 01:30 UTC
    assert interview.starts_at == in_utc
    page = client.get(url).content.decode()
    assert f'value="{day.isoformat()}T09:30"' in page  # the picker shows the saved time
    assert f"{day.year}年{day.month}月{day.day}日 09:30" in page


def test_the_form_shows_field_errors_for_a_past_time_and_a_missing_place(client, application, factory_hr):
    client.force_login(factory_hr)
    url = reverse("interviews:manage", kwargs={"pk": application.pk})

    response = client.post(url, form_data(starts_at="2020-01-01T09:00", place=""), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"starts_at", "place"}
    assert "Choose a time in the future." in response.content.decode()
    assert not Interview.objects.exists()


def test_another_factory_cannot_open_the_interview_page(client, application):
    other = factories.EnterpriseMembershipFactory(enterprise=factories.EnterpriseFactory()).user
    client.force_login(other)
    url = reverse("interviews:manage", kwargs={"pk": application.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, form_data()).status_code == 404


def test_the_worker_sees_the_interview_on_their_applications_and_confirms(
    client, application, factory_hr, worker
):
    interview = schedule(application, factory_hr)
    client.force_login(worker.user)

    page = client.get(reverse("matching:my-applications")).content.decode()
    assert TERMS.place in page and "0574-87654321" in page
    assert reverse("interviews:confirm", kwargs={"pk": interview.pk}) in page

    response = client.post(reverse("interviews:confirm", kwargs={"pk": interview.pk}))
    assert response.status_code == 302 and response["Location"].endswith(f"#application-{application.pk}")
    interview.refresh_from_db()
    assert interview.status == "confirmed"


def test_the_worker_asks_for_another_time_from_the_page(client, application, factory_hr, worker):
    interview = schedule(application, factory_hr)
    client.force_login(worker.user)
    client.post(reverse("interviews:reschedule", kwargs={"pk": interview.pk}), {"note": "周五上午"})
    interview.refresh_from_db()
    assert (interview.status, interview.worker_note) == ("reschedule", "周五上午")


def test_another_worker_cannot_answer_the_interview(client, application, factory_hr, city):
    interview = schedule(application, factory_hr)
    other = factories.WorkerProfileFactory(home_city=city, user=factories.UserFactory()).user
    client.force_login(other)
    assert client.post(reverse("interviews:confirm", kwargs={"pk": interview.pk})).status_code == 404
    interview.refresh_from_db()
    assert interview.status == "proposed"


def test_the_board_links_a_candidate_at_the_interview_stage_to_the_interview_page(
    client, application, factory_hr
):
    client.force_login(factory_hr)
    page = client.get(reverse("matching:board", kwargs={"pk": application.vacancy_id})).content.decode()
    assert reverse("interviews:manage", kwargs={"pk": application.pk}) in page
    assert Application.objects.get(pk=application.pk).stage == "interviewing"


# Privacy ---------------------------------------------------------------------------------------------


def test_the_data_export_holds_the_interviews_and_the_notifications(application, factory_hr, worker):
    from talent.services import worker_data_export

    schedule(application, factory_hr)
    data = worker_data_export(actor=actor_for(worker.user), worker=worker)

    exported = next(app for app in data["applications"] if app["vacancy"] == "氩弧焊工")
    assert [i["place"] for i in exported["interviews"]] == [TERMS.place]
    assert [n["kind"] for n in data["notifications"]] == [Kind.INTERVIEW_SCHEDULED]


def test_erasure_clears_what_was_written_by_or_about_the_worker_in_interviews_and_notifications(
    application, factory_hr, worker
):
    from talent.services import worker_erase

    interview = schedule(application, factory_hr)
    interviews.interview_request_reschedule(
        interview=interview, note="我周三要去医院复查", actor=actor_for(worker.user)
    )
    pipeline.application_reject(application=application, actor=actor_for(factory_hr), reason="体检不合格")

    worker_erase(actor=actor_for(worker.user), worker=worker)

    interview.refresh_from_db()
    assert (interview.worker_note, interview.cancel_reason) == ("", "")
    texts = [str(n.params) + n.message for n in Notification.objects.all()]
    assert texts and not [t for t in texts if "医院" in t or "体检" in t]
