"""Old notifications are pruned nightly: read ones after the read retention, unread ones after the longer
unread retention, in batches, by the beat task and the management command alike."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from hrmatch.celery import app
from notifications.models import Notification
from notifications.services import notification_prune, retention_days
from notifications.tasks import prune_notifications
from tests import factories

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 1, 3, 45, tzinfo=dt.UTC)


@pytest.fixture
def worker_user(db):
    """Li Na's login."""
    return factories.UserFactory(username="li_na")


def sent(user, *, days_ago: float, read: bool, now: dt.datetime = NOW) -> Notification:
    """A notification sent `days_ago` days before `now`, read a day after it was sent when `read`."""
    at = now - dt.timedelta(days=days_ago)
    return Notification.objects.create(
        recipient=user, kind="offered", created_at=at, read_at=at + dt.timedelta(days=1) if read else None
    )


def test_read_notifications_go_after_180_days_and_unread_ones_after_365(worker_user):
    keep = [
        sent(worker_user, days_ago=179, read=True),
        sent(worker_user, days_ago=200, read=False),
        sent(worker_user, days_ago=364, read=False),
    ]
    sent(worker_user, days_ago=181, read=True)
    sent(worker_user, days_ago=400, read=True)
    sent(worker_user, days_ago=366, read=False)

    assert notification_prune(now=NOW) == {"read": 2, "unread": 1}
    assert set(Notification.objects.values_list("pk", flat=True)) == {note.pk for note in keep}
    assert notification_prune(now=NOW) == {"read": 0, "unread": 0}  # a second run finds nothing


def test_the_retention_follows_the_settings(worker_user, settings):
    settings.HRMATCH_NOTIFICATION_RETENTION_DAYS = 30
    settings.HRMATCH_NOTIFICATION_UNREAD_RETENTION_DAYS = 60
    kept = sent(worker_user, days_ago=29, read=True)
    sent(worker_user, days_ago=31, read=True)
    unread = sent(worker_user, days_ago=59, read=False)
    sent(worker_user, days_ago=61, read=False)

    assert notification_prune(now=NOW) == {"read": 1, "unread": 1}
    assert set(Notification.objects.values_list("pk", flat=True)) == {kept.pk, unread.pk}


def test_unread_notifications_are_never_kept_shorter_than_read_ones(settings):
    settings.HRMATCH_NOTIFICATION_RETENTION_DAYS = 90
    settings.HRMATCH_NOTIFICATION_UNREAD_RETENTION_DAYS = 30
    assert retention_days() == (90, 90)
    settings.HRMATCH_NOTIFICATION_RETENTION_DAYS = 0
    settings.HRMATCH_NOTIFICATION_UNREAD_RETENTION_DAYS = -5
    assert retention_days() == (1, 1)  # a mistyped zero never deletes today's notifications


def test_a_backlog_is_deleted_batch_by_batch_and_other_users_keep_theirs(worker_user):
    other = factories.UserFactory(username="factory_hr")
    for days in range(400, 407):
        sent(worker_user, days_ago=days, read=days % 2 == 0)
    recent = sent(other, days_ago=1, read=True)

    assert notification_prune(now=NOW, batch=2) == {"read": 4, "unread": 3}
    assert list(Notification.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_nightly_task_prunes_and_is_on_the_beat_schedule(worker_user):
    sent(worker_user, days_ago=200, read=True, now=timezone.now())
    entry = app.conf.beat_schedule["prune-notifications-nightly"]
    assert entry["task"] == prune_notifications.name == "notifications.prune"
    assert entry["task"] in app.tasks

    assert prune_notifications.delay().get() == {"read": 1, "unread": 0}
    assert not Notification.objects.exists()


def test_the_management_command_prunes_and_says_what_it_kept(worker_user):
    sent(worker_user, days_ago=400, read=False, now=timezone.now())
    out = StringIO()
    call_command("prune_notifications", stdout=out)
    assert "kept read notifications 180 days and unread ones 365 days; deleted 0 read and 1 unread" in (
        out.getvalue()
    )
    assert not Notification.objects.exists()
