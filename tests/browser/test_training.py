"""Journeys of training and joint recruitment in headless Chromium: a worker on a phone goes from a
missing skill to an enrolment, a provider records completion, a park officer plans a drive and exports
its invitation list."""

from __future__ import annotations

import re

import pytest

from pilots.models import Park
from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.pages.conftest import build_market, run_matching
from tests.training.factories import ProviderFactory, ProviderMembershipFactory, programme_teaching
from training.models import Drive, DriveInvitation, Enrolment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def cnc_operator_market():
    """build_market with the signed-in worker a CNC operator who lacks the welding vacancy's skills."""
    market = build_market(workers=12)
    cnc = market.small.workers[1]
    market.worker.user, cnc.user = None, market.worker_user
    market.worker.save(update_fields=["user"])
    cnc.save(update_fields=["user"])
    market.worker = cnc
    market.worker_user.set_password(PASSWORD)
    market.worker_user.save()
    run_matching(market.small.city)
    return market


def college_trainee(market, staff_username: str, *, status: str) -> Enrolment:
    """The market's worker in a welding course with a certificate, agreeing to the result on their profile;
    the college's staff login `staff_username`."""
    provider = ProviderFactory(city=market.small.city, name="宁波技师学院")
    course = programme_teaching(
        provider,
        market.small.welding[:3],
        title="氩弧焊速成班",
        occupation=market.small.vacancies[0].occupation,
        certificate_level=3,
    )
    ProviderMembershipFactory(provider=provider, user__username=staff_username)
    return Enrolment.objects.create(
        cohort=course.cohorts.get(), worker=market.worker, consent_to_profile=True, status=status
    )


def test_a_worker_goes_from_a_missing_skill_to_an_enrolment_on_a_phone(phone, live_server):
    market = cnc_operator_market()
    provider = ProviderFactory(city=market.small.city, name="宁波技师学院")
    course = programme_teaching(provider, market.small.welding[:3], title="氩弧焊速成班")
    sign_in(phone, live_server, market.worker_user.username, PASSWORD)
    phone.goto(f"{live_server.url}/me/")
    suggestion = phone.locator(".training-suggestions").first
    suggestion.wait_for()
    assert "教授缺少的3项技能中的3项" in suggestion.inner_text()
    screenshot(phone, "training-1-recommendation-with-programme-phone")
    suggestion.get_by_role("link", name="氩弧焊速成班").click()
    phone.wait_for_url(re.compile(rf"/training/programmes/{course.pk}/"))
    screenshot(phone, "training-2-programme-phone")
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_url(re.compile(r"/training/enrolments/"))
    screenshot(phone, "training-3-enrolled-phone")
    enrolment = Enrolment.objects.get(worker=market.worker, cohort__programme=course)
    assert enrolment.consent_to_profile


def test_a_provider_records_attendance_and_completion(page, live_server):
    market = cnc_operator_market()
    enrolment = college_trainee(market, "provider_staff", status="enrolled")
    sign_in(page, live_server, "provider_staff", PASSWORD)
    page.goto(f"{live_server.url}/training/enrolments/")
    row = page.locator(f"#enrolment-{enrolment.pk}")
    row.locator("form[action$='/advance/'] button").click()
    page.wait_for_load_state("networkidle")
    row = page.locator(f"#enrolment-{enrolment.pk}")
    row.locator("input[name=score]").fill("92")
    row.locator("input[name=certificate_number]").fill("NB-2026-0007")
    screenshot(page, "training-4-provider-records-completion")
    row.locator("form[action$='/complete/'] button").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "training-5-completion-recorded")
    enrolment.refresh_from_db()
    assert enrolment.status == "completed" and enrolment.written_to_profile_at is not None
    assert market.worker.certificates.filter(number="NB-2026-0007").exists()


def test_a_provider_records_a_completion_from_the_workspace_on_a_phone(phone, live_server):
    market = cnc_operator_market()
    enrolment = college_trainee(market, "college_teacher", status="attending")
    sign_in(phone, live_server, "college_teacher", PASSWORD)
    phone.goto(f"{live_server.url}/")
    phone.wait_for_url(re.compile(r"/training/provider/$"))
    assert "培训机构工作台" in phone.title()
    row = phone.locator(f"#enrolment-{enrolment.pk}")
    row.locator("select[name=passed]").select_option("1")
    row.locator("input[name=score]").fill("85")
    row.locator("input[name=certificate_number]").fill("NB-2026-0042")
    screenshot(phone, "training-6-provider-workspace-phone")
    row.locator("form[action$='/complete/'] button").click()
    phone.wait_for_url(re.compile(r"/training/provider/"))
    assert "已登记结业" in phone.locator(".messages").inner_text()
    assert phone.locator(f"#enrolment-{enrolment.pk}").count() == 0  # nothing left to record for them
    screenshot(phone, "training-7-provider-completion-recorded-phone")
    enrolment.refresh_from_db()
    assert enrolment.status == "completed" and enrolment.assessment_score == 85
    assert market.worker.certificates.filter(number="NB-2026-0042").exists()


def test_a_park_officer_plans_a_drive_and_exports_its_invitation_list(page, live_server):
    market = build_market(workers=16)
    factories.OfficialScopeFactory(city=market.small.city, level="city", user__username="park_officer")
    Park.objects.create(
        city=market.small.city,
        name_zh="北仑产业园",
        name_en="Beilun Park",
        kind="industrial",
        latitude=29.9,
        longitude=121.8,
    )
    sign_in(page, live_server, "park_officer", PASSWORD)
    page.goto(f"{live_server.url}/drives/new/")
    page.fill("input[name=title]", "北仑产业园冬季联合招聘")
    page.fill("input[name=held_on]", "2026-12-20")
    page.fill("input[name=venue]", "北仑人才市场")
    page.fill("input[name=max_interviews_per_worker]", "1")
    for box in page.locator("input[name=vacancies]").all():
        box.check()
    page.locator("input[name=agencies]").first.check()
    screenshot(page, "drive-1-new")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/drives/\d+/$"))
    page.locator("main form[action$='/plan/'] button").click()
    page.locator("#plan-comparison").wait_for()
    screenshot(page, "drive-2-planned")
    drive = Drive.objects.get()
    assert drive.plan_summary["plan"]["workers_over_k"] == 0
    with page.expect_download() as download:
        page.get_by_role("link", name="导出邀请名单").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert len(text.strip().splitlines()) - 1 == DriveInvitation.objects.filter(drive=drive).count() > 0
