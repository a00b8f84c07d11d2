"""A worker's activity timeline pages 20 lines at a time: the worker page shows the newest 20 and an
"Older activity" link (htmx loads the next 20 in place), the activity page pages on with newer/older links,
the API pages with next/previous, and no page costs more queries as the timeline grows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from agencies import activity
from agencies.activity import worker_activity_page
from agencies.models import Placement, WorkerNote
from hrmatch.actors import actor_for
from tests import factories

pytestmark = pytest.mark.django_db
START = timezone.now() - dt.timedelta(days=30)


@pytest.fixture
def pooled(agency, city):
    """Wang Qiang, a worker of the agency's pool."""
    return factories.WorkerProfileFactory(home_city=city, managing_agency=agency, full_name="王强")


def write_notes(agency, author, worker, count: int, first: int = 0) -> list[WorkerNote]:
    """`count` notes "备注<i>", an hour apart, the later the higher i."""
    notes = WorkerNote.objects.bulk_create(
        WorkerNote(agency=agency, worker=worker, author=author, body=f"备注{i}")
        for i in range(first, first + count)
    )
    for i, note in enumerate(notes, start=first):
        WorkerNote.objects.filter(pk=note.pk).update(created_at=START + dt.timedelta(hours=i))
    return notes


def grow_other_lines(agency, worker, enterprise, count: int) -> None:
    """Applications, stage moves and placements for the worker, so every source of the timeline grows."""
    for _ in range(count):
        vacancy = factories.VacancyFactory(enterprise=enterprise)
        application = factories.ApplicationFactory(worker=worker, vacancy=vacancy, referred_by=agency)
        factories.ApplicationEventFactory(application=application)
        Placement.objects.create(
            worker=worker,
            vacancy=vacancy,
            agency=agency,
            employment_form="direct",
            started_on=dt.date(2026, 3, 1),
        )


def bodies(lines) -> list[str]:
    return [line.detail for line in lines]


def test_the_timeline_pages_twenty_lines_newest_first(agency, agency_staff, pooled):
    write_notes(agency, agency_staff, pooled, 45)
    staff = actor_for(agency_staff)
    first = worker_activity_page(actor=staff, worker=pooled)
    assert bodies(first.lines) == [f"备注{i}" for i in range(44, 24, -1)]
    assert (first.has_previous, first.has_next) == (False, True)
    last = worker_activity_page(actor=staff, worker=pooled, page=3)
    assert bodies(last.lines) == [f"备注{i}" for i in range(4, -1, -1)]
    assert (last.has_previous, last.has_next) == (True, False)
    assert worker_activity_page(actor=staff, worker=pooled, page=4).lines == []
    assert worker_activity_page(actor=staff, worker=pooled, page=0).number == 1


def test_pages_stop_at_the_newest_thousand_lines(agency, agency_staff, pooled, monkeypatch):
    monkeypatch.setattr(activity, "MAX_LINES", 30)
    write_notes(agency, agency_staff, pooled, 45)
    staff = actor_for(agency_staff)
    second = worker_activity_page(actor=staff, worker=pooled, page=2)
    assert len(second.lines) == 10 and not second.has_next
    assert worker_activity_page(actor=staff, worker=pooled, page=3).lines == []


def test_the_worker_page_shows_twenty_and_links_to_older_activity(client, agency, agency_staff, pooled):
    write_notes(agency, agency_staff, pooled, 25)
    client.force_login(agency_staff)
    with translation.override("en"):
        page = client.get(reverse("agencies:worker-edit", args=[pooled.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "备注24" in html and "备注5" in html and "备注4<" not in html
    older = reverse("agencies:worker-activity", args=[pooled.pk]) + "?page=2"
    assert f'href="{older}" hx-get="{older}"' in html and "Older activity" in html


def test_htmx_loads_the_next_twenty_lines_in_place(client, agency, agency_staff, pooled):
    write_notes(agency, agency_staff, pooled, 45)
    client.force_login(agency_staff)
    url = reverse("agencies:worker-activity", args=[pooled.pk])
    second = client.get(url, {"page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in second and second.count('<li class="timeline-note"') == 20
    assert "备注24" in second and "备注5<" in second and f'{url}?page=3"' in second
    third = client.get(url, {"page": 3}, HTTP_HX_REQUEST="true").content.decode()
    assert third.count('<li class="timeline-note"') == 5 and "activity-more" not in third


def test_the_activity_page_links_newer_and_older_pages(client, agency, agency_staff, pooled):
    write_notes(agency, agency_staff, pooled, 45)
    client.force_login(agency_staff)
    url = reverse("agencies:worker-activity", args=[pooled.pk])
    with translation.override("zh-hans"):
        html = client.get(url, {"page": 2}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "王强的动态" in html
    assert f'href="{url}?page=1" rel="prev"' in html and f'href="{url}?page=3" rel="next"' in html
    for garbage in ("abc", "-1", "99999999999"):
        assert client.get(url, {"page": garbage}).status_code == 200


def test_another_agency_cannot_page_the_timeline(client, other_city, pooled):
    outsider = factories.AgencyMembershipFactory(
        agency=factories.AgencyFactory(city=other_city), user__username="other_agency"
    ).user
    client.force_login(outsider)
    assert client.get(reverse("agencies:worker-activity", args=[pooled.pk])).status_code == 404


def count_queries(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **headers).status_code == 200
    return len(captured)


def test_no_page_of_the_timeline_costs_more_queries_as_it_grows(
    client, agency, agency_staff, pooled, enterprise
):
    client.force_login(agency_staff)
    worker_page = reverse("agencies:worker-edit", args=[pooled.pk])
    older = reverse("agencies:worker-activity", args=[pooled.pk]) + "?page=2"
    write_notes(agency, agency_staff, pooled, 25)
    grow_other_lines(agency, pooled, enterprise, 2)
    client.get(worker_page)  # warm per-process caches
    before = [count_queries(client, worker_page), count_queries(client, older, HTTP_HX_REQUEST="true")]
    write_notes(agency, agency_staff, pooled, 60, first=25)
    grow_other_lines(agency, pooled, enterprise, 8)
    after = [count_queries(client, worker_page), count_queries(client, older, HTTP_HX_REQUEST="true")]
    assert after == before


def test_the_api_pages_the_timeline_with_next_and_previous(agency, agency_staff, pooled):
    write_notes(agency, agency_staff, pooled, 45)
    api = APIClient()
    api.force_authenticate(agency_staff)
    url = f"/api/v1/workers/{pooled.pk}/activity/"
    first = api.get(url, {"page_size": 20}).json()
    assert [line["detail"] for line in first["results"]] == [f"备注{i}" for i in range(44, 24, -1)]
    assert first["previous"] is None and first["next"].endswith(f"{url}?page=2&page_size=20")
    last = api.get(url, {"page": 3, "page_size": 20}).json()
    assert (
        len(last["results"]) == 5
        and last["next"] is None
        and last["previous"].endswith("page=2&page_size=20")
    )
    assert len(api.get(url).json()["results"]) == 25  # the API's usual page size
    assert api.get(url, {"page_size": 101}).status_code == 400
    assert api.get(url, {"page": "x"}).status_code == 400
