"""Agency staff's and factory HR's everyday actions in headless Chromium: registering a client factory
(its credit code checked), editing an open vacancy, a note on a worker, and a factory reading a candidate
who applied."""

from __future__ import annotations

import pytest

from agencies.models import WorkerNote
from enterprises.models import Enterprise
from hrmatch.actors import actor_for
from matching.services import pipeline
from tests import factories
from tests.browser.conftest import Variant, at
from tests.pages.conftest import build_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("variant", [Variant("en", "phone")], ids=str)
def test_an_agency_registers_a_client_edits_a_vacancy_and_notes_a_worker(journey):
    market = build_market()
    page = journey.open()
    journey.sign_in(page, "agency_staff")
    page.locator("main a[href='/agency/clients/new/']").first.click()
    page.wait_for_url(at("/agency/clients/new/"))
    good = factories.credit_code(8080)
    page.fill("input[name=name]", "宁波新材料有限公司")
    page.fill("input[name=credit_code]", good[:17] + ("0" if good[17] != "0" else "1"))
    page.select_option("select[name=industry]", "C34")
    page.fill("input[name=address]", "北仑区长江路8号")
    page.locator("main button[type=submit]").click()
    page.locator(".field.has-error .error").first.wait_for()
    message = page.locator(".field.has-error .error").first.inner_text()
    assert f"check character {good[17]}," in message
    journey.step(page, "staff-1-credit-code-check")
    page.fill("input[name=credit_code]", good)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(at("/agency/clients/"))
    assert Enterprise.objects.filter(credit_code=good, agency_links__agency=market.agency).exists()

    vacancy = market.small.vacancies[0]
    pay_max = vacancy.pay_max
    journey.go(page, f"/workspace/vacancies/{vacancy.pk}/")
    page.locator(f"a[href='/workspace/vacancies/{vacancy.pk}/edit/']").click()
    page.fill("input[name=pay_max]", str(pay_max + 800))
    page.fill("input[name=closing_date]", "2020-01-01")
    page.locator("main form button[type=submit].primary").click()
    page.locator(".field.has-error").first.wait_for()
    page.fill("input[name=closing_date]", "")
    page.locator("main form button[type=submit].primary").click()
    page.wait_for_url(at(f"/workspace/vacancies/{vacancy.pk}/"))
    vacancy.refresh_from_db()
    assert vacancy.pay_max == pay_max + 800
    journey.step(page, "staff-2-vacancy-edited")

    pooled = market.small.workers[1]
    journey.go(page, f"/agency/workers/{pooled.pk}/")
    page.fill("textarea[name=body]", "电话沟通：下周一可到岗。")
    page.locator("#activity button[type=submit]").click()
    page.locator("#activity .timeline-note").first.wait_for()
    assert WorkerNote.objects.filter(worker=pooled, agency=market.agency).count() == 1
    journey.step(page, "staff-3-worker-notes")


def test_a_factory_opens_a_candidate_who_applied_from_the_pipeline(journey):
    market = build_market()
    vacancy = market.small.vacancies[0]
    application = pipeline.application_apply(
        worker=market.worker, vacancy=vacancy, actor=actor_for(market.worker_user)
    )
    page = journey.open()
    journey.sign_in(page, "factory_hr")
    journey.go(page, f"/workspace/vacancies/{vacancy.pk}/board/")
    page.locator(f".board a[href='/workspace/applications/{application.pk}/']").first.click()
    page.wait_for_url(at(f"/workspace/applications/{application.pk}/"))
    assert market.worker.full_name in page.locator("h1").inner_text()
    assert page.locator("table.data tbody tr").count() == vacancy.skill_requirements.count()
    journey.step(page, "staff-4-factory-candidate")
