"""A worker's everyday actions on a phone: pick a skill in the searchable picker with the keyboard, save a
job, say "not interested" to a recommendation, and withdraw an application after confirming."""

from __future__ import annotations

import pytest

from matching.models import Application, JobMark
from matching.services.pipeline import application_apply
from talent.models import WorkerSkill
from tests.browser.conftest import Variant, at, pick_skill
from tests.pages.conftest import build_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("variant", [Variant("zh-hans", "phone")], ids=str)
def test_a_worker_picks_a_skill_dismisses_a_job_and_withdraws_on_a_phone(journey):
    market = build_market()
    worker = market.worker
    held = set(WorkerSkill.objects.filter(worker=worker).values_list("skill_id", flat=True))
    new_skill = next(s for s in market.small.machining + market.small.welding if s.pk not in held)
    phone = journey.open()
    journey.sign_in(phone, "13900000000")

    journey.go(phone, "/me/profile/")
    rows = int(phone.input_value("input[name=skills-TOTAL_FORMS]"))
    phone.locator("[data-formset-add]").click()
    assert int(phone.input_value("input[name=skills-TOTAL_FORMS]")) == rows + 1
    pick_skill(phone, rows, new_skill, keyboard=True)
    phone.select_option(f"select[name=skills-{rows}-level]", "4")
    journey.step(phone, "worker-actions-1-skill-picker")
    phone.locator("main form.form button.primary").click()
    phone.wait_for_url(at("/me/profile/"))
    assert WorkerSkill.objects.get(worker=worker, skill=new_skill).level == 4

    journey.go(phone, "/me/")
    card = phone.locator("[data-mark=not_interested]").first
    marks_id = card.locator("xpath=ancestor::div[contains(@class, 'job-marks')]").get_attribute("id")
    card.click()
    phone.wait_for_url(at("/me/"))
    assert phone.locator(f"#{marks_id}").count() == 0
    dismissed = int(marks_id.split("-")[1])
    assert JobMark.objects.get(worker=worker, vacancy_id=dismissed).kind == "not_interested"
    journey.step(phone, "worker-actions-2-not-interested")

    vacancy = next(v for v in market.small.vacancies if v.pk != dismissed)
    application = Application.objects.filter(worker=worker, vacancy=vacancy).first()
    if application is None or application.stage == "suggested":
        application = application_apply(worker=worker, vacancy=vacancy)
    journey.go(phone, "/me/applications/")
    box = phone.locator(f"#withdraw-{application.pk}")
    box.locator("summary").click()
    box.locator("select[name=reason_code]").select_option("found_job")
    journey.step(phone, "worker-actions-3-withdraw-confirm")
    box.locator("button[type=submit]").click()
    phone.wait_for_url(at("/me/applications/"))
    application.refresh_from_db()
    assert application.stage == "withdrawn" and application.reason
    assert phone.locator(f"#withdraw-{application.pk}").count() == 0
    journey.step(phone, "worker-actions-4-withdrawn")
