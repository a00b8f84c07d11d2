"""Notifications: who is told what when candidates move and runs end, the bell, the page and its actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from hrmatch.actors import actor_for
from matching.feedback import FEATURE_NAMES
from matching.services import pipeline, runs
from notifications.messages import render
from notifications.models import Notification
from notifications.selectors import notification_list, notification_unread_count
from notifications.services import notification_mark_all_read, notification_mark_read, notify
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
def vacancy(enterprise, agency):
    """An open welding job of the factory, posted by the agency that serves it."""
    factories.AgencyClientFactory(agency=agency, enterprise=enterprise)
    return factories.VacancyFactory(
        enterprise=enterprise,
        agency=agency,
        title="氩弧焊工",
        start_date=timezone.localdate() + dt.timedelta(days=10),
    )


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_new_application_tells_the_factory_hr_and_the_posting_agency(
    worker, vacancy, factory_hr, agency_staff
):
    pipeline.application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))

    assert kinds(factory_hr) == [Kind.NEW_APPLICANT]
    assert kinds(agency_staff) == [Kind.NEW_APPLICANT]
    assert kinds(worker.user) == []
    note = Notification.objects.get(recipient=factory_hr)
    assert note.message == "A new candidate applied for 氩弧焊工."
    assert "李娜" not in note.message and "李娜" not in str(note.params)
    assert note.url.startswith(reverse("matching:board", kwargs={"pk": vacancy.pk}))


def test_a_referral_tells_the_factory_but_not_the_referring_staff_member(
    worker, vacancy, factory_hr, agency, agency_staff
):
    pipeline.application_refer(worker=worker, vacancy=vacancy, agency=agency, actor=actor_for(agency_staff))

    assert kinds(agency_staff) == []
    note = Notification.objects.get(recipient=factory_hr)
    assert note.kind == Kind.NEW_REFERRAL
    assert note.message == f"{agency.name} referred a candidate for 氩弧焊工."


def test_the_worker_hears_of_each_move_and_the_reason_of_a_rejection(worker, vacancy, factory_hr):
    hr = actor_for(factory_hr)
    application = pipeline.application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))
    pipeline.application_shortlist(application=application, actor=hr)
    pipeline.application_interview(application=application, actor=hr)
    pipeline.application_reject(application=application, actor=hr, reason="焊接证书等级不够")

    assert kinds(worker.user) == [Kind.REJECTED, Kind.INTERVIEW_STAGE, Kind.SHORTLISTED]
    rejected = notification_list(actor=actor_for(worker.user)).first()
    assert rejected.message.endswith("Reason: 焊接证书等级不够")
    assert rejected.url == f"{reverse('matching:my-applications')}#application-{application.pk}"


def test_an_offer_and_a_hire_are_told_to_the_worker(worker, vacancy, factory_hr):
    hr = actor_for(factory_hr)
    application = pipeline.application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))
    for move in (pipeline.application_shortlist, pipeline.application_interview, pipeline.application_offer):
        move(application=application, actor=hr)
    pipeline.application_hire(application=application, actor=hr)

    assert kinds(worker.user)[:2] == [Kind.HIRED, Kind.OFFERED]


def test_a_candidate_the_engine_only_suggested_is_not_told_of_moves_on_them(worker, vacancy, factory_hr):
    features = {name: 0.5 for name in FEATURE_NAMES}
    application = pipeline.application_suggest(worker=worker, vacancy=vacancy, score=0.8, features=features)
    pipeline.application_reject(application=application, actor=actor_for(factory_hr), reason="距离太远")

    assert kinds(worker.user) == []


def test_a_withdrawal_tells_the_vacancy_staff(worker, vacancy, factory_hr):
    application = pipeline.application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))
    Notification.objects.all().delete()
    pipeline.application_withdraw(application=application, actor=actor_for(worker.user), reason="已找到工作")

    assert kinds(factory_hr) == [Kind.WITHDRAWN]
    assert kinds(worker.user) == []


def test_a_move_that_is_refused_tells_nobody(worker, vacancy, factory_hr):
    application = pipeline.application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))
    with pytest.raises(Exception):  # noqa: B017 (the reason check refuses the move)
        pipeline.application_reject(application=application, actor=actor_for(factory_hr), reason=" ")

    assert kinds(worker.user) == []


def test_a_published_run_tells_its_requester_and_the_city_agency_staff(city, agency_staff, city_official):
    other_agency_staff = factories.AgencyMembershipFactory(agency=factories.AgencyFactory()).user
    run = runs.match_run_start(city_id=city.pk, actor=actor_for(city_official))
    for chunk in run.chunks.all():
        runs.match_chunk_score(chunk_id=chunk.pk)
    runs.match_run_publish(run_id=run.pk)
    runs.match_run_publish(run_id=run.pk)  # a second publish tells nobody again

    assert kinds(city_official) == [Kind.RUN_FINISHED]
    assert kinds(agency_staff) == [Kind.RUN_FINISHED]
    assert kinds(other_agency_staff) == []
    note = Notification.objects.get(recipient=agency_staff)
    with translation.override("en"):
        assert note.message.startswith(f"The match run of {city.name_en} finished")
    with translation.override("zh-hans"):
        assert city.name_zh in note.message


def test_a_failed_run_tells_only_its_requester_once(city, agency_staff, city_official):
    run = runs.match_run_start(city_id=city.pk, actor=actor_for(city_official))
    runs.match_run_fail(run_id=run.pk, error="boom")
    runs.match_run_fail(run_id=run.pk, error="boom again")

    assert kinds(city_official) == [Kind.RUN_FAILED]
    assert kinds(agency_staff) == []


def test_notify_skips_the_actor_missing_recipients_and_duplicates(worker, factory_hr):
    written = notify(
        recipients=[factory_hr, factory_hr.pk, None, worker.user],
        kind=Kind.OFFERED,
        params={"vacancy": "焊工", "enterprise": "甬厂"},
        actor=actor_for(worker.user),
    )
    assert [n.recipient_id for n in written] == [factory_hr.pk]
    with pytest.raises(ValueError):
        notify(recipients=[factory_hr], kind="nonsense")


def test_times_are_shown_in_beijing_time_in_the_readers_language():
    moment = dt.datetime(2026, 12, 3, 1, 30, tzinfo=dt.UTC)  # 09:30 in Beijing
    params = {"vacancy": "焊工", "enterprise": "甬厂", "when": moment.isoformat(), "place": "1号门"}
    with translation.override("zh-hans"):
        assert "2026年12月3日 09:30" in render(Kind.INTERVIEW_SCHEDULED, params)
    with translation.override("en"):
        assert "Dec. 3, 2026, 9:30 a.m." in render(Kind.INTERVIEW_SCHEDULED, params)
    assert render(Kind.INTERVIEW_SCHEDULED, {}).startswith("Interview for ")  # old rows never crash


def test_marking_read_touches_only_ones_own_notifications(worker, factory_hr):
    mine = notify(recipients=[worker.user], kind=Kind.OFFERED)[0]
    theirs = notify(recipients=[factory_hr], kind=Kind.NEW_APPLICANT)[0]
    notification_mark_read(notification=theirs, actor=actor_for(worker.user))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    notification_mark_read(notification=mine, actor=actor_for(worker.user))
    assert mine.read_at is not None
    notify(recipients=[worker.user, worker.user.pk], kind=Kind.HIRED)
    assert notification_unread_count(actor=actor_for(worker.user)) == 1
    assert notification_mark_all_read(actor=actor_for(worker.user)) == 1
    assert notification_unread_count(actor=actor_for(factory_hr)) == 1


# Pages ------------------------------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count_and_the_page_lists_them(client, worker):
    notify(recipients=[worker.user], kind=Kind.OFFERED, params={"vacancy": "焊工", "enterprise": "甬厂"})
    notify(recipients=[worker.user], kind=Kind.HIRED, params={"vacancy": "焊工", "enterprise": "甬厂"})
    client.force_login(worker.user)

    page = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="notification-bell"' in page and '<span class="badge" aria-hidden="true">2</span>' in page
    assert "甬厂 offers you the job 焊工." in page
    zh = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "2 条未读通知" in zh


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, worker):
    note = notify(recipients=[worker.user], kind=Kind.OFFERED, url="/me/applications/#application-1")[0]
    client.force_login(worker.user)

    response = client.post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/me/applications/#application-1"
    note.refresh_from_db()
    assert note.is_read


def test_a_link_to_another_host_is_never_followed(client, worker):
    note = notify(recipients=[worker.user], kind=Kind.OFFERED, url="https://evil.example/")[0]
    client.force_login(worker.user)
    response = client.post(reverse("notifications:read", args=[note.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read_clears_the_badge(client, worker):
    notify(recipients=[worker.user], kind=Kind.OFFERED)
    client.force_login(worker.user)
    client.post(reverse("notifications:read-all"))
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'class="badge"' not in page
    assert notification_unread_count(actor=actor_for(worker.user)) == 0


def test_someone_elses_notification_is_a_404_and_anonymous_visitors_sign_in_first(client, worker, factory_hr):
    theirs = notify(recipients=[factory_hr], kind=Kind.NEW_APPLICANT)[0]
    assert client.get(reverse("notifications:list")).status_code == 302
    client.force_login(worker.user)
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert "notification-" + str(theirs.pk) not in client.get(reverse("notifications:list")).content.decode()


def test_the_bell_costs_one_query_however_many_notifications(client, worker):
    client.force_login(worker.user)
    url = reverse("notifications:list")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    notify(recipients=[worker.user], kind=Kind.OFFERED)
    few = queries()
    for _ in range(15):
        notify(recipients=[worker.user], kind=Kind.OFFERED)
    assert queries() == few
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("enterprises:job-list"))
    assert sum("notifications_notification" in q["sql"] for q in captured) == 1


def test_the_page_lists_twenty_a_page_newest_first_with_a_link_to_the_next(client, worker):
    start = timezone.now() - dt.timedelta(hours=50)
    notes = [
        Notification.objects.create(
            recipient=worker.user,
            kind=Kind.OFFERED,
            params={"vacancy": f"岗位{i}"},
            created_at=start + dt.timedelta(hours=i),
        )
        for i in range(45)
    ]
    client.force_login(worker.user)
    first = client.get(reverse("notifications:list"))
    shown = [note.pk for note in first.context["page"]]
    assert shown == [note.pk for note in reversed(notes[-20:])]
    assert "?page=2" in first.content.decode()
    last = client.get(reverse("notifications:list"), {"page": 3})
    assert [note.pk for note in last.context["page"]] == [note.pk for note in reversed(notes[:5])]
