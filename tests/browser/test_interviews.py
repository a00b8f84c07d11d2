"""Journey: a factory sets an interview on a desktop; the worker sees the bell on a phone, confirms, and
the factory sees the answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hrmatch.actors import actor_for
from matching.masking import candidate_handle
from matching.models import Interview
from matching.services import pipeline
from tests.browser.conftest import Variant, at
from tests.pages.conftest import build_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("variant", [Variant("en", "desktop")], ids=str)
def test_a_factory_sets_an_interview_and_the_worker_confirms_it_on_a_phone(journey):
    market = build_market()
    vacancy = market.small.vacancies[0]
    application = pipeline.application_apply(
        worker=market.worker, vacancy=vacancy, actor=actor_for(market.worker_user)
    )
    hr = actor_for(market.factory_user)
    pipeline.application_shortlist(application=application, actor=hr)
    pipeline.application_interview(application=application, actor=hr)

    page = journey.open()
    journey.sign_in(page, "factory_hr")
    journey.go(page, f"/workspace/vacancies/{vacancy.pk}/board/")
    card = f"#board-{candidate_handle(vacancy.pk, market.worker.pk)}"  # cards are named by their handle
    page.locator(f"{card} a[href$='/interview/']").click()
    page.wait_for_url(at(f"/workspace/applications/{application.pk}/interview/"))
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
    journey.step(page, "interview-1-factory-sets-it")
    assert Interview.objects.get(application=application).status == "proposed"

    phone = journey.open(size="phone", language="zh-hans")
    journey.sign_in(phone, "13900000000")
    bell = phone.locator("#notification-bell .badge")
    assert int(bell.inner_text()) >= 1
    phone.locator("#notification-bell").click()
    phone.wait_for_url(at("/notifications/"))
    journey.step(phone, "interview-2-worker-notifications")
    phone.locator(".notification.unread button.link").first.click()
    phone.wait_for_url(at("/me/applications/"))
    assert "9:30" in phone.locator(f"#application-{application.pk} .interview").inner_text()
    phone.locator(f"#application-{application.pk} .interview button.primary").click()
    phone.wait_for_url(at("/me/applications/"))
    journey.step(phone, "interview-3-worker-confirmed")
    assert Interview.objects.get(application=application).status == "confirmed"

    journey.go(page, "/notifications/")
    assert page.locator(".notification.unread").count() >= 1
    journey.go(page, f"/workspace/applications/{application.pk}/interview/")
    assert page.locator("#interview-status").get_attribute("data-status") == "confirmed"
    journey.step(page, "interview-4-factory-sees-it-confirmed")
