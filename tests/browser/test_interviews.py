"""Journey: a factory sets an interview on a desktop; the worker sees the bell on a phone, confirms, and
the factory sees the answer."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from hrmatch.actors import actor_for
from matching.masking import candidate_handle
from matching.models import Interview
from matching.services import pipeline
from tests.browser.conftest import screenshot, sign_in
from tests.pages.conftest import build_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_a_factory_sets_an_interview_and_the_worker_confirms_it_on_a_phone(page, phone, live_server):
    market = build_market()
    vacancy = market.small.vacancies[0]
    application = pipeline.application_apply(
        worker=market.worker, vacancy=vacancy, actor=actor_for(market.worker_user)
    )
    hr = actor_for(market.factory_user)
    pipeline.application_shortlist(application=application, actor=hr)
    pipeline.application_interview(application=application, actor=hr)

    sign_in(page, live_server, "factory_hr", PASSWORD)
    page.goto(f"{live_server.url}/workspace/vacancies/{vacancy.pk}/board/")
    card = f"#board-{candidate_handle(vacancy.pk, market.worker.pk)}"  # cards are named by their handle
    page.locator(f"{card} a[href$='/interview/']").click()
    page.wait_for_url(re.compile(rf"/workspace/applications/{application.pk}/interview/"))
    page.fill("#id_starts_at", "2020-01-05T09:30")  # in the past: refused with the field's error
    page.fill("#id_place", "北仑区黄山西路1号 2号门")
    page.fill("#id_contact_phone", "0574-87654321")
    page.locator("#interview-form button[type=submit]").click()
    page.locator("#error-summary").wait_for()
    assert page.locator("#id_starts_at_error").is_visible()
    day = timezone.localdate() + dt.timedelta(days=3)
    page.fill("#id_starts_at", f"{day.isoformat()}T09:30")
    page.locator("#interview-form button[type=submit]").click()
    page.locator("#current-interview").wait_for()
    screenshot(page, "interview-1-factory-sets-it")
    assert Interview.objects.get(application=application).status == "proposed"

    sign_in(phone, live_server, "13900000000", PASSWORD)
    bell = phone.locator("#notification-bell .badge")
    assert int(bell.inner_text()) >= 1
    phone.locator("#notification-bell").click()
    phone.wait_for_url(re.compile(r"/notifications/"))
    screenshot(phone, "interview-2-worker-notifications-phone")
    phone.locator(".notification.unread button.link").first.click()
    phone.wait_for_url(re.compile(r"/me/applications/"))
    assert "9:30" in phone.locator(f"#application-{application.pk} .interview").inner_text()
    phone.locator(f"#application-{application.pk} .interview button.primary").click()
    phone.wait_for_url(re.compile(r"/me/applications/"))
    screenshot(phone, "interview-3-worker-confirmed-phone")
    assert Interview.objects.get(application=application).status == "confirmed"
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    page.goto(f"{live_server.url}/notifications/")
    assert page.locator(".notification.unread").count() >= 1
    page.goto(f"{live_server.url}/workspace/applications/{application.pk}/interview/")
    assert page.locator("#interview-status").inner_text() in ("已由求职者确认", "Confirmed by the worker")
