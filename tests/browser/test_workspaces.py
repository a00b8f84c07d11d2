"""Each role's daily journey through the workspaces in headless Chromium, in Chinese and English on a
360 px phone and a desktop: a worker finds a job, signs up, applies and withdraws; an agency imports
workers, posts a vacancy and refers a candidate; a factory shortlists, interviews, offers and hires. Also a
masked candidate invited to apply, and the language switch."""

from __future__ import annotations

import pytest

from enterprises.models import Vacancy
from matching.masking import candidate_handle
from matching.models import Application, Match
from matching.services.pipeline import application_apply
from talent.models import WorkerProfile
from tests.browser.conftest import at, every_variant, pick_skill, screenshot
from tests.pages.conftest import build_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@every_variant
def test_a_worker_finds_a_job_signs_up_applies_and_withdraws(journey):
    market = build_market()
    vacancy = market.small.vacancies[0]
    phone = journey.open()
    journey.go(phone, "/")
    phone.wait_for_url(at("/jobs/"))
    journey.step(phone, "worker-1-job-board")
    phone.fill("input[name=q]", "焊工")
    with phone.expect_response(lambda response: "q=" in response.url):
        phone.locator(".searchbar button[type=submit]").click()
    # htmx pushes the search's URL once the new results are swapped in: clicking before that could hit
    # the old results' link as it is replaced.
    phone.wait_for_url(lambda url: "q=" in url, wait_until="commit")
    phone.locator(
        f"#job-results a[href='/jobs/{vacancy.pk}/'], #job-results a[href^='/jobs/{vacancy.pk}/?']"
    ).first.click()
    phone.wait_for_url(at(f"/jobs/{vacancy.pk}/"))
    journey.step(phone, "worker-2-job-page")
    phone.locator("#apply-box a.button").click()
    phone.wait_for_url(at("/signup/"))
    phone.fill("input[name=full_name]", "刘洋")
    phone.fill("input[name=mobile]", "13700001111")
    phone.fill("input[name=password]", "welder-on-the-night-shift-2026")
    phone.fill("input[name=birth_year]", "1996")
    phone.select_option("select[name=home_city]", str(market.small.city.pk))
    journey.step(phone, "worker-3-signup")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(at("/accounts/login/"))
    phone.fill("input[name=username]", "13700001111")
    phone.fill("input[name=password]", "welder-on-the-night-shift-2026")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(at(f"/jobs/{vacancy.pk}/"))
    phone.locator("#apply-button").click()
    phone.locator("#apply-box .notice.ok").wait_for()
    journey.step(phone, "worker-4-applied")
    worker = WorkerProfile.objects.get(mobile="13700001111")
    application = Application.objects.get(worker=worker, vacancy=vacancy)
    assert application.stage == "applied"

    phone.locator("#apply-box a[href='/me/applications/']").click()
    phone.wait_for_url(at("/me/applications/"))
    box = phone.locator(f"#withdraw-{application.pk}")
    box.locator("summary").click()
    box.locator("select[name=reason_code]").select_option("found_job")
    journey.step(phone, "worker-5-withdraw-confirm")
    box.locator("button[type=submit]").click()
    phone.wait_for_url(at("/me/applications/"))
    phone.locator(f"#withdraw-{application.pk}").wait_for(state="detached")
    journey.step(phone, "worker-6-withdrawn")
    application.refresh_from_db()
    assert application.stage == "withdrawn" and application.reason


@every_variant
def test_an_agency_imports_a_sheet_fixes_it_posts_a_vacancy_and_refers_a_candidate(journey):
    market = build_market()
    page = journey.open()
    journey.sign_in(page, "agency_staff")
    assert page.url.endswith("/agency/")
    journey.step(page, "agency-1-workspace")
    page.locator("main a[href='/agency/workers/import/']").first.click()
    page.wait_for_url(at("/agency/workers/import/"))
    bad = "姓名,手机号,出生年份,技能\n王强,123,1990,weld-0:3\n赵敏,13600002222,1992,没有这个技能:2\n"
    page.set_input_files(
        "input[name=file]", {"name": "workers.csv", "mimeType": "text/csv", "buffer": bad.encode()}
    )
    page.locator("main button[type=submit]").click()
    page.locator("#import-errors").wait_for()
    assert page.locator("#import-errors tbody tr").count() >= 2
    journey.step(page, "agency-2-import-bad-rows")
    assert not WorkerProfile.objects.filter(full_name__in=["王强", "赵敏"]).exists()
    good = "姓名,手机号,出生年份,技能\n王强,13600001111,1990,weld-0:3\n赵敏,13600002222,1992,weld-1:2\n"
    page.set_input_files(
        "input[name=file]", {"name": "workers.csv", "mimeType": "text/csv", "buffer": good.encode()}
    )
    page.locator("main button[type=submit]").click()
    page.locator("#confirm-import").click()
    page.wait_for_url(at("/agency/workers/"))
    assert (
        WorkerProfile.objects.filter(full_name__in=["王强", "赵敏"], managing_agency=market.agency).count()
        == 2
    )
    journey.step(page, "agency-3-worker-pool")

    journey.go(page, "/workspace/vacancies/new/")
    page.select_option("select[name=enterprise]", str(market.enterprise.pk))
    page.fill("input[name=title]", "焊工")
    page.locator("input[name=suggested_occupation][value='6-18-02-04']").check()
    assert page.input_value("input[name=occupation_code]") == "6-18-02-04"
    page.fill("input[name=headcount]", "2")
    page.fill("input[name=pay_min]", "6500")
    page.fill("input[name=pay_max]", "8500")
    page.select_option("select[name=employment_form]", "direct")
    page.select_option("select[name=shift_pattern]", "day")
    page.fill("input[name=start_date]", "2026-12-15")
    pick_skill(page, 0, market.small.welding[0])
    pick_skill(page, 1, market.small.welding[1])
    journey.step(page, "agency-4-new-vacancy")
    page.locator("main form button.primary").click()
    page.wait_for_url(at(r"/workspace/vacancies/\d+/"))
    page.locator("form:has(input[name=to][value=open]) button[type=submit]").click()
    page.locator("form:has(input[name=to][value=paused])").wait_for()
    vacancy = Vacancy.objects.get(title="焊工", enterprise=market.enterprise)
    assert vacancy.status == "open" and vacancy.agency == market.agency
    journey.step(page, "agency-5-published")
    page.locator(f"main a[href='/workspace/vacancies/{vacancy.pk}/candidates/']").click()
    page.locator("#shortlist tbody tr").first.wait_for()
    journey.step(page, "agency-6-candidates")
    refer = page.locator("#shortlist form[action$='/refer/'] button").first
    row_id = refer.locator("xpath=ancestor::tr").get_attribute("id")
    refer.click()
    page.locator(f"#{row_id} .tag.stage-applied").wait_for()
    assert Application.objects.filter(vacancy=vacancy, source="referred").exists()
    journey.step(page, "agency-7-referred")


@every_variant
def test_a_factory_manager_shortlists_interviews_offers_and_hires(journey):
    market = build_market()
    vacancy = market.small.vacancies[0]
    ranked = list(
        Match.objects.filter(vacancy=vacancy, direction="s").order_by("rank").select_related("worker")
    )
    applicant = ranked[0].worker
    application_apply(worker=applicant, vacancy=vacancy)
    page = journey.open()
    journey.sign_in(page, "factory_hr")
    assert page.url.endswith("/factory/")
    journey.step(page, "factory-1-workspace")
    page.locator(f"main a[href='/workspace/vacancies/{vacancy.pk}/candidates/']").first.click()
    page.wait_for_url(at(f"/workspace/vacancies/{vacancy.pk}/candidates/"))
    journey.step(page, "factory-2-shortlist")
    row_id = f"candidate-{candidate_handle(vacancy.pk, applicant.pk)}"
    assert applicant.full_name in page.locator(f"#{row_id}").inner_text()
    for move in ("shortlisted", "interviewing", "offered", "hired"):
        page.locator(f"#{row_id} button[data-move={move}]").click()
        page.locator(f"#{row_id} .tag.stage-{move}").wait_for()
    assert Application.objects.get(vacancy=vacancy, worker=applicant).stage == "hired"
    second_id = f"candidate-{candidate_handle(vacancy.pk, ranked[1].worker_id)}"
    assert page.locator(f"#{second_id} button[data-move=shortlisted]").count() == 0
    page.locator(f"#{second_id} details.reject summary").click()
    page.select_option(f"#{second_id} select[name=reason_code]", "commute")
    journey.check(page, "the rejection form open")
    page.locator(f"#{second_id} .reject-form button").click()
    page.locator(f"#{second_id} .tag.stage-rejected").wait_for()
    rejected = Application.objects.get(vacancy=vacancy, worker_id=ranked[1].worker_id)
    assert rejected.reason and rejected.events.get(to_stage="rejected").actor == market.factory_user
    journey.step(page, "factory-3-hired-and-rejected")
    boxes = page.locator("#shortlist input[name=w]")
    boxes.nth(2).check()
    boxes.nth(3).check()
    page.locator("#compare-form button").click()
    page.wait_for_url(at(r"/workspace/vacancies/\d+/compare/"))
    assert page.locator(".compare .card").count() == 2
    journey.step(page, "factory-4-compare")
    journey.go(page, f"/workspace/vacancies/{vacancy.pk}/board/")
    assert page.locator(".board .column").count() == 8
    journey.step(page, "factory-5-board")


def test_a_factory_invites_a_masked_candidate_and_the_worker_accepts_on_their_phone(journey):
    market = build_market()
    vacancy = market.small.vacancies[0]
    worker = market.worker
    row_id = f"candidate-{candidate_handle(vacancy.pk, worker.pk)}"
    page = journey.open()
    journey.sign_in(page, "factory_hr")
    journey.go(page, f"/workspace/vacancies/{vacancy.pk}/candidates/")
    row = page.locator(f"#{row_id}")
    assert worker.full_name not in row.inner_text()
    row.locator("button[data-move=invited]").click()
    page.locator(f"#{row_id} .tag.stage-invited").wait_for()
    journey.step(page, "invite-1-factory-invited")
    hrefs = page.eval_on_selector_all(
        "[href],[action],[hx-post]",
        "els => els.map(e => e.getAttribute('href') || e.getAttribute('action') || e.getAttribute('hx-post'))",
    )
    assert not any(f"/candidates/{worker.pk}/" in href for href in hrefs)

    phone = journey.open(size="phone", language="en")
    journey.sign_in(phone, market.worker_user.username)
    journey.go(phone, "/me/applications/")
    journey.step(phone, "invite-2-worker-invitation")
    phone.locator("button[data-answer=accept]").click()
    phone.wait_for_url(at("/me/applications/"))
    assert Application.objects.get(vacancy=vacancy, worker=worker).stage == "applied"
    journey.step(phone, "invite-3-worker-accepted")

    page.reload()
    assert worker.full_name in page.locator(f"#{row_id}").inner_text()
    page.locator(f"#{row_id} button[data-move=shortlisted]").click()
    page.locator(f"#{row_id} .tag.stage-shortlisted").wait_for()


def test_the_language_switch_turns_a_page_into_english_and_back(journey):
    build_market()
    page = journey.open()
    journey.go(page, "/jobs/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.select_option("#lang-select", "en")
    page.locator("html[lang=en]").wait_for(state="attached")
    assert "Find a job" in page.locator("h1").inner_text()
    screenshot(page, "language-english")  # not a step: the journey's own language is Chinese
    page.select_option("#lang-select", "zh-hans")
    page.locator("html[lang=zh-hans]").wait_for(state="attached")
    assert "Find a job" not in page.locator("h1").inner_text()
    journey.step(page, "language-chinese")
