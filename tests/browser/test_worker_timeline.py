"""Agency staff on a phone: the client factories from the navigation, the worker's timeline loading older
lines in place, and editing then deleting one's own note, with no console error and no sideways scroll."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from agencies.models import WorkerNote, WorkerNoteChange
from tests.browser.conftest import screenshot, sign_in
from tests.pages.conftest import build_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_page_the_timeline_and_edit_and_delete_their_note_on_a_phone(phone, live_server):
    market = build_market()
    pooled = market.small.workers[1]
    start = timezone.now() - dt.timedelta(days=10)
    notes = WorkerNote.objects.bulk_create(
        WorkerNote(agency=market.agency, worker=pooled, author=market.agency_user, body=f"备注{i}")
        for i in range(25)
    )
    for i, note in enumerate(notes):
        WorkerNote.objects.filter(pk=note.pk).update(created_at=start + dt.timedelta(hours=i))
    errors: list[str] = []
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(phone, live_server, "agency_staff", PASSWORD)

    phone.locator("nav.main-nav a[href='/agency/clients/']").click()
    phone.wait_for_url(re.compile(r"/agency/clients/$"))
    assert phone.locator("nav.main-nav a[aria-current=page]").get_attribute("href") == "/agency/clients/"
    assert no_sideways_scroll(phone)

    phone.goto(f"{live_server.url}/agency/workers/{pooled.pk}/")
    timeline = phone.locator("#timeline > li.timeline-note")
    assert timeline.count() == 20
    phone.locator("#activity-more").click()
    timeline.nth(24).wait_for()
    assert phone.locator("#activity-more").count() == 0
    assert no_sideways_scroll(phone)
    screenshot(phone, "staff-4-timeline-older-phone")

    newest = notes[-1]
    line = phone.locator(f"#note-{newest.pk}")
    line.locator("details.confirm summary").first.click()
    phone.fill(f"#note-{newest.pk}-body", "电话沟通：改为下周三到岗。")
    line.locator("form button[type=submit]").first.click()
    phone.wait_for_url(re.compile(rf"/agency/workers/{pooled.pk}/#note-{newest.pk}$"))
    assert phone.locator(f"#note-{newest.pk} .edited").count() == 1
    assert "改为下周三到岗" in phone.locator(f"#note-{newest.pk} .note-body").inner_text()
    screenshot(phone, "staff-5-note-edited-phone")

    line = phone.locator(f"#note-{newest.pk}")
    line.locator("summary.danger").click()
    line.locator("form button.danger").click()
    phone.wait_for_url(re.compile(rf"/agency/workers/{pooled.pk}/#activity$"))
    assert phone.locator(".timeline-note_deleted").count() == 1
    assert not WorkerNote.objects.filter(pk=newest.pk).exists()
    assert list(WorkerNoteChange.objects.values_list("kind", flat=True).order_by("at")) == [
        "edited",
        "deleted",
    ]
    assert no_sideways_scroll(phone)
    assert errors == []
