"""Editing and deleting notes on a worker: the author rewrites and deletes their own note, a manager of the
agency may delete (never rewrite) a colleague's, an edit is marked, and the timeline says who changed a
note and when, without keeping the old words; on the pages and in the API alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from agencies.activity import worker_activity
from agencies.models import AgencyMembership, WorkerNote, WorkerNoteChange
from agencies.services import worker_note_create, worker_note_delete, worker_note_update
from hrmatch.actors import actor_for
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pooled(agency, city):
    """Wang Qiang, a worker of the agency's pool."""
    return factories.WorkerProfileFactory(home_city=city, managing_agency=agency, full_name="王强")


@pytest.fixture
def colleague(agency):
    """Another recruiter of the same agency."""
    return factories.AgencyMembershipFactory(agency=agency, user__username="colleague").user


@pytest.fixture
def manager(agency):
    """The agency's manager."""
    return factories.AgencyMembershipFactory(
        agency=agency, user__username="manager", role=AgencyMembership.Role.MANAGER
    ).user


@pytest.fixture
def note(agency_staff, pooled):
    """A note the agency's recruiter wrote."""
    return worker_note_create(actor=actor_for(agency_staff), worker=pooled, body="下周一可到岗")


def edit_url(note) -> str:
    return reverse("agencies:worker-note-edit", args=[note.worker_id, note.pk])


def delete_url(note) -> str:
    return reverse("agencies:worker-note-delete", args=[note.worker_id, note.pk])


def english_page(client, worker) -> str:
    with translation.override("en"):
        return client.get(
            reverse("agencies:worker-edit", args=[worker.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()


def test_the_author_edits_their_note_which_is_marked_edited_and_the_edit_is_on_the_timeline(
    client, agency_staff, pooled, note
):
    client.force_login(agency_staff)
    response = client.post(edit_url(note), {"body": "  下周三可到岗  "})
    assert response.url == reverse("agencies:worker-edit", args=[pooled.pk]) + f"#note-{note.pk}"
    note.refresh_from_db()
    assert note.body == "下周三可到岗" and note.edited_at is not None
    page = english_page(client, pooled)
    assert "下周三可到岗" in page and "下周一可到岗" not in page
    assert '<span class="edited">edited <time' in page
    with translation.override("en"):
        lines = worker_activity(actor=actor_for(agency_staff), worker=pooled)
    assert [(line.kind, line.by) for line in lines] == [
        ("note_edited", "agency_staff"),
        ("note", "agency_staff"),
    ]
    assert lines[0].text == "Note edited" and lines[0].detail == ""  # the old words are not kept


def test_saving_the_same_words_changes_nothing(agency_staff, pooled, note):
    worker_note_update(actor=actor_for(agency_staff), note=note, body="下周一可到岗 ")
    note.refresh_from_db()
    assert note.edited_at is None and not WorkerNoteChange.objects.exists()


def test_a_blank_edit_is_refused_and_the_note_stays(client, agency_staff, note):
    client.force_login(agency_staff)
    assert client.post(edit_url(note), {"body": "   "}).status_code == 302
    with pytest.raises(ValidationError):
        worker_note_update(actor=actor_for(agency_staff), note=note, body="字" * 2001)
    note.refresh_from_db()
    assert note.body == "下周一可到岗" and note.edited_at is None


def test_the_author_deletes_their_note_and_the_timeline_keeps_only_who_and_when(
    client, agency_staff, pooled, note
):
    client.force_login(agency_staff)
    assert client.post(delete_url(note)).status_code == 302
    assert not WorkerNote.objects.exists()
    change = WorkerNoteChange.objects.get()
    assert (change.kind, change.by, change.worker, change.agency_id) == (
        "deleted",
        agency_staff,
        pooled,
        note.agency_id,
    )
    page = english_page(client, pooled)
    assert "下周一可到岗" not in page and "Note deleted" in page


def test_a_colleague_may_neither_edit_nor_delete_and_sees_no_controls(client, colleague, pooled, note):
    client.force_login(colleague)
    assert client.post(edit_url(note), {"body": "改写别人的备注"}).status_code == 403
    assert client.post(delete_url(note)).status_code == 403
    page = english_page(client, pooled)
    assert "下周一可到岗" in page  # colleagues read it
    assert f'action="{edit_url(note)}"' not in page and f'action="{delete_url(note)}"' not in page
    note.refresh_from_db()
    assert note.body == "下周一可到岗" and not WorkerNoteChange.objects.exists()


def test_a_manager_may_delete_a_colleagues_note_but_not_rewrite_it(
    client, manager, agency_staff, pooled, note
):
    with pytest.raises(PermissionDenied):
        worker_note_update(actor=actor_for(manager), note=note, body="经理改写")
    client.force_login(manager)
    page = english_page(client, pooled)
    assert f'action="{delete_url(note)}"' in page and f'action="{edit_url(note)}"' not in page
    assert client.post(delete_url(note)).status_code == 302
    assert not WorkerNote.objects.exists()
    assert WorkerNoteChange.objects.get().by == manager


def test_the_author_sees_both_controls_on_their_own_note(client, agency_staff, pooled, note):
    client.force_login(agency_staff)
    page = english_page(client, pooled)
    assert f'action="{edit_url(note)}"' in page and f'action="{delete_url(note)}"' in page
    assert f'id="note-{note.pk}-body"' in page


def test_another_agency_and_other_roles_cannot_reach_the_note(client, other_city, pooled, note, factory_hr):
    outsider = factories.AgencyMembershipFactory(
        agency=factories.AgencyFactory(city=other_city), user__username="other_agency"
    ).user
    client.force_login(outsider)
    assert client.post(edit_url(note), {"body": "越权"}).status_code == 404
    assert client.post(delete_url(note)).status_code == 404
    client.force_login(factory_hr)
    assert client.post(delete_url(note)).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        worker_note_delete(actor=actor_for(outsider), note=note)
    assert WorkerNote.objects.filter(pk=note.pk).exists()


def test_a_note_of_the_worker_cannot_be_reached_under_another_worker(
    client, agency, agency_staff, city, note
):
    other = factories.WorkerProfileFactory(home_city=city, managing_agency=agency)
    client.force_login(agency_staff)
    url = reverse("agencies:worker-note-delete", args=[other.pk, note.pk])
    assert client.post(url).status_code == 404


def test_editing_and_deleting_need_a_post(client, agency_staff, note):
    client.force_login(agency_staff)
    assert client.get(edit_url(note)).status_code == 405
    assert client.get(delete_url(note)).status_code == 405


def test_the_api_edits_and_deletes_under_the_same_rule(agency_staff, colleague, manager, pooled, note):
    api = APIClient()
    url = f"/api/v1/workers/{pooled.pk}/notes/{note.pk}/"
    api.force_authenticate(colleague)
    assert api.get(url).json()["body"] == "下周一可到岗"
    assert api.patch(url, {"body": "改写"}, format="json").status_code == 403
    assert api.delete(url).status_code == 403
    api.force_authenticate(agency_staff)
    assert api.patch(url, {"body": ""}, format="json").status_code == 400
    edited = api.patch(url, {"body": "已到岗"}, format="json")
    assert edited.status_code == 200
    assert edited.json()["body"] == "已到岗" and edited.json()["edited_at"]
    timeline = api.get(f"/api/v1/workers/{pooled.pk}/activity/").json()["results"]
    assert [(line["kind"], line["note"], line["can_edit"]) for line in timeline] == [
        ("note_edited", None, False),
        ("note", note.pk, True),
    ]
    api.force_authenticate(manager)
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert WorkerNoteChange.objects.filter(kind="deleted", by=manager).exists()


def test_erasure_deletes_the_notes_and_the_lines_of_their_changes(agency_staff, pooled, note):
    from talent.services import worker_anonymise

    staff = actor_for(agency_staff)
    worker_note_update(actor=staff, note=note, body="家住北仑")
    worker_note_delete(actor=staff, note=worker_note_create(actor=staff, worker=pooled, body="手机 139…"))
    worker_anonymise(worker=pooled)
    assert not WorkerNote.objects.filter(worker=pooled).exists()
    assert not WorkerNoteChange.objects.filter(worker=pooled).exists()


def test_the_data_export_says_when_a_note_was_edited(agency_staff, pooled, note):
    from talent.services import worker_data_export

    staff = actor_for(agency_staff)
    worker_note_update(actor=staff, note=note, body="愿意上夜班")
    row = worker_data_export(actor=staff, worker=pooled)["agency_notes"][0]
    assert row["note"] == "愿意上夜班" and row["edited"] is not None
