"""One's own notifications over the API: worded in the request's language, filtered, marked read."""

from __future__ import annotations

import pytest

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def test_a_worker_lists_only_their_own_notifications_worded_in_their_language(world):
    notify(recipients=[world.users["factory_x"]], kind="new_applicant", params={"vacancy": "焊工"})

    answer = world.client("worker").get(URL, HTTP_ACCEPT_LANGUAGE="en").json()

    assert [row["id"] for row in answer["results"]] == [world["note_worker"].pk]
    row = answer["results"][0]
    assert (row["kind"], row["read"], row["message"]) == ("offered", False, "甬厂 offers you the job 焊工.")
    zh = world.client("worker").get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"][0]
    assert zh["message"] != row["message"] and "焊工" in zh["message"]


def test_unread_filter_read_and_read_all(world):
    client = world.client("worker")
    second = notify(recipients=[world.users["worker"]], kind="hired")[0]
    assert client.get(URL, {"unread": "true"}).json()["count"] == 2

    answer = client.post(f"{URL}{second.pk}/read/")
    assert answer.status_code == 200 and answer.json()["read"] is True
    assert [r["id"] for r in client.get(URL, {"unread": "true"}).json()["results"]] == [
        world["note_worker"].pk
    ]
    assert client.get(URL, {"unread": "false"}).json()["count"] == 1

    assert client.post(f"{URL}read-all/").json() == {"marked": 1, "unread": 0}
    assert not Notification.objects.filter(recipient=world.users["worker"], read_at__isnull=True).exists()


@pytest.mark.parametrize("query", [{"kind": "nonsense"}, {"page_size": "1000"}])
def test_bad_filters_answer_400_with_field_errors(world, query):
    response = world.client("worker").get(URL, query)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(query)


def test_someone_elses_notification_cannot_be_marked_read(world):
    response = world.client("agency_a").post(f"{URL}{world['note_worker'].pk}/read/")
    assert response.status_code == 404
    world["note_worker"].refresh_from_db()
    assert world["note_worker"].read_at is None
