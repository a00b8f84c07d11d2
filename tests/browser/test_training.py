"""Journeys of training and joint recruitment in headless Chromium: a provider marks attendance and records
a completion (in Chinese and English, on a phone and a desktop), a worker on a phone goes from a missing
skill to an enrolment, a park officer plans a drive and exports its invitation list."""

from __future__ import annotations

import pytest

from pilots.models import Park
from tests import factories
from tests.browser.conftest import PASSWORD, Variant, at, every_variant
from tests.pages.conftest import build_market, run_matching
from tests.training.factories import ProviderFactory, ProviderMembershipFactory, programme_teaching
from training.models import Drive, DriveInvitation, Enrolment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


@every_variant
def test_a_provider_marks_attendance_and_records_a_completion(journey):
    market = cnc_operator_market()
    enrolment = college_trainee(market, "provider_staff", status="enrolled")
    page = journey.open()
    journey.sign_in(page, "provider_staff")
    page.wait_for_url(at("/training/provider/"))
    journey.step(page, "provider-1-workspace")
    row = page.locator(f"#enrolment-{enrolment.pk}")
    row.locator("select[name=status]").select_option("attending")
    row.locator("form[action$='/advance/'] button").click()
    page.wait_for_url(at("/training/provider/"))
    row = page.locator(f"#enrolment-{enrolment.pk}")
    row.locator("select[name=passed]").select_option("1")
    row.locator("input[name=score]").fill("92")
    row.locator("input[name=certificate_number]").fill("NB-2026-0007")
    journey.step(page, "provider-2-recording-completion")
    row.locator("form[action$='/complete/'] button").click()
    page.wait_for_url(at("/training/provider/"))
    page.locator(".messages").wait_for()
    assert page.locator(f"#enrolment-{enrolment.pk}").count() == 0  # nothing left to record for them
    journey.step(page, "provider-3-completion-recorded")
    enrolment.refresh_from_db()
    assert enrolment.status == "completed" and enrolment.assessment_score == 92
    assert enrolment.written_to_profile_at is not None
    assert market.worker.certificates.filter(number="NB-2026-0007").exists()
    page.locator("main a[href='/training/outcomes/']").click()
    page.wait_for_url(at("/training/outcomes/"))
    journey.step(page, "provider-4-outcomes")


@pytest.mark.parametrize("variant", [Variant("en", "phone")], ids=str)
def test_a_worker_goes_from_a_missing_skill_to_an_enrolment_on_a_phone(journey):
    market = cnc_operator_market()
    provider = ProviderFactory(city=market.small.city, name="宁波技师学院")
    course = programme_teaching(provider, market.small.welding[:3], title="氩弧焊速成班")
    phone = journey.open()
    journey.sign_in(phone, market.worker_user.username)
    journey.go(phone, "/me/")
    suggestion = phone.locator(".training-suggestions").first
    suggestion.wait_for()
    assert "Teaches 3 of the 3 missing skills" in suggestion.inner_text()
    journey.step(phone, "training-1-recommendation-with-programme")
    suggestion.locator(f"a[href^='/training/programmes/{course.pk}/']").click()
    phone.wait_for_url(at(f"/training/programmes/{course.pk}/"))
    journey.step(phone, "training-2-programme")
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_url(at("/training/enrolments/"))
    journey.step(phone, "training-3-enrolled")
    enrolment = Enrolment.objects.get(worker=market.worker, cohort__programme=course)
    assert enrolment.consent_to_profile


@pytest.mark.parametrize("variant", [Variant("en", "desktop")], ids=str)
def test_a_park_officer_plans_a_drive_and_exports_its_invitation_list(journey):
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
    page = journey.open()
    journey.sign_in(page, "park_officer")
    journey.go(page, "/drives/new/")
    page.fill("input[name=title]", "北仑产业园冬季联合招聘")
    page.fill("input[name=held_on]", "2026-12-20")
    page.fill("input[name=venue]", "北仑人才市场")
    page.fill("input[name=max_interviews_per_worker]", "1")
    for box in page.locator("input[name=vacancies]").all():
        box.check()
    page.locator("input[name=agencies]").first.check()
    journey.step(page, "drive-1-new")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(at(r"/drives/\d+/"))
    page.locator("main form[action$='/plan/'] button").click()
    page.locator("#plan-comparison").wait_for()
    journey.step(page, "drive-2-planned")
    drive = Drive.objects.get()
    assert drive.plan_summary["plan"]["workers_over_k"] == 0
    with page.expect_download() as download:
        page.locator(f"main a[href='/drives/{drive.pk}/invitations.csv']").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert len(text.strip().splitlines()) - 1 == DriveInvitation.objects.filter(drive=drive).count() > 0
