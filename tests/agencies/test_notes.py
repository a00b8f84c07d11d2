"""Notes and the activity timeline of a worker for agency staff: private to the agency, one timeline of
applications, stage moves, notes and placements, on the worker page and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from agencies.activity import worker_activity
from agencies.models import Placement, WorkerNote
from agencies.services import worker_note_create
from hrmatch.actors import actor_for
from matching.services import pipeline
from tests import factories
from tests.pages.conftest import build_market

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(db):
    return build_market()


@pytest.fixture
def pooled(market):
    """A worker of the agency's pool."""
    return market.small.workers[1]


def test_staff_write_a_note_and_see_it_on_the_timeline(client, market, pooled):
    client.force_login(market.agency_user)
    url = reverse("agencies:worker-note-create", args=[pooled.pk])
    response = client.post(url, {"body": "电话沟通：下周一可到岗。"})
    assert response.url == reverse("agencies:worker-edit", args=[pooled.pk]) + "#activity"
    note = WorkerNote.objects.get(worker=pooled)
    assert (note.agency, note.author) == (market.agency, market.agency_user)
    page = client.get(reverse("agencies:worker-edit", args=[pooled.pk])).content.decode()
    assert "电话沟通：下周一可到岗。" in page


def test_blank_or_overlong_notes_are_refused(client, market, pooled):
    client.force_login(market.agency_user)
    url = reverse("agencies:worker-note-create", args=[pooled.pk])
    for body in ("", "   ", "字" * 2001):
        assert client.post(url, {"body": body}).status_code == 302
    assert not WorkerNote.objects.exists()
    with pytest.raises(ValidationError):
        worker_note_create(actor=actor_for(market.agency_user), worker=pooled, body=" ")


def test_notes_stay_private_to_the_agency(client, market, pooled):
    worker_note_create(actor=actor_for(market.agency_user), worker=pooled, body="只给本机构看")
    other_staff = factories.AgencyMembershipFactory(
        agency=factories.AgencyFactory(city=market.small.city), user__username="other_agency"
    ).user
    client.force_login(other_staff)
    assert client.get(reverse("agencies:worker-edit", args=[pooled.pk])).status_code == 404
    assert (
        client.post(reverse("agencies:worker-note-create", args=[pooled.pk]), {"body": "x"}).status_code
        == 404
    )
    for user in (market.factory_user, market.worker_user):
        client.force_login(user)
        assert client.post(
            reverse("agencies:worker-note-create", args=[pooled.pk]), {"body": "x"}
        ).status_code in (
            403,
            404,
        )
    assert worker_activity(actor=actor_for(other_staff), worker=pooled) == []
    with pytest.raises(ValidationError):
        worker_note_create(actor=actor_for(other_staff), worker=pooled, body="越权")
    assert WorkerNote.objects.count() == 1


def test_the_timeline_holds_applications_stage_moves_notes_and_placements(market, pooled):
    staff = actor_for(market.agency_user)
    vacancy = market.small.vacancies[0]
    application = pipeline.application_refer(
        worker=pooled, vacancy=vacancy, agency=market.agency, actor=staff
    )
    pipeline.application_move(application=application, to="shortlisted", actor=actor_for(market.factory_user))
    worker_note_create(actor=staff, worker=pooled, body="已推荐")
    Placement.objects.create(
        worker=pooled,
        vacancy=vacancy,
        agency=market.agency,
        employment_form="direct",
        started_on=dt.date(2026, 12, 1),
    )
    lines = worker_activity(actor=staff, worker=pooled)
    assert {line.kind for line in lines} == {"application", "stage", "note", "placement"}
    assert [line.at for line in lines] == sorted((line.at for line in lines), reverse=True)
    referred = next(line for line in lines if line.kind == "application")
    assert vacancy.title in referred.text and "Referred" in referred.text


def test_the_api_lists_and_writes_notes_and_gives_the_timeline(market, pooled):
    api = APIClient()
    api.force_authenticate(market.agency_user)
    url = f"/api/v1/workers/{pooled.pk}/notes/"
    assert api.post(url, {"body": ""}, format="json").status_code == 400
    assert api.post(url, {"body": "字" * 2001}, format="json").status_code == 400
    response = api.post(url, {"body": "可上夜班"}, format="json")
    assert response.status_code == 201 and response.json()["body"] == "可上夜班"
    assert [n["body"] for n in api.get(url).json()["results"]] == ["可上夜班"]
    activity = api.get(f"/api/v1/workers/{pooled.pk}/activity/").json()["results"]
    assert activity[0]["kind"] == "note" and activity[0]["detail"] == "可上夜班"
    outsider = market.small.workers[0]  # not in the agency's pool
    assert api.get(f"/api/v1/workers/{outsider.pk}/notes/").status_code == 404
    assert api.get(f"/api/v1/workers/{outsider.pk}/activity/").status_code == 404


def test_the_worker_page_keeps_its_query_count_as_the_timeline_grows(client, market, pooled):
    staff = actor_for(market.agency_user)
    client.force_login(market.agency_user)
    url = reverse("agencies:worker-edit", args=[pooled.pk])
    worker_note_create(actor=staff, worker=pooled, body="第一条")
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for i in range(8):
        worker_note_create(actor=staff, worker=pooled, body=f"备注{i}")
    for vacancy in market.small.vacancies:
        pipeline.application_refer(worker=pooled, vacancy=vacancy, agency=market.agency, actor=staff)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after.captured_queries) <= len(before.captured_queries) + 1


def test_erasing_a_worker_deletes_the_notes_about_them(market, pooled):
    from talent.services import worker_anonymise

    worker_note_create(actor=actor_for(market.agency_user), worker=pooled, body="家住北仑，手机 139…")
    worker_anonymise(worker=pooled)
    assert not WorkerNote.objects.filter(worker=pooled).exists()


def test_the_worker_reads_the_notes_about_them_in_their_data_export(market, pooled):
    from talent.services import worker_data_export

    worker_note_create(actor=actor_for(market.agency_user), worker=pooled, body="愿意上夜班")
    data = worker_data_export(actor=actor_for(market.agency_user), worker=pooled)
    assert [(row["agency"], row["note"]) for row in data["agency_notes"]] == [
        (market.agency.name, "愿意上夜班")
    ]
