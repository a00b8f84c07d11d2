"""Journeys through the workspaces in headless Chromium: a worker on a phone, an agency, a factory, the
language switch, and every role's main pages with no request leaving 127.0.0.1."""

from __future__ import annotations

import re

import pytest

from enterprises.models import Vacancy
from matching.masking import candidate_handle
from matching.models import Application, Match
from matching.services.pipeline import application_apply
from talent.models import WorkerProfile
from tests.browser.conftest import pick_skill, screenshot, sign_in
from tests.pages.conftest import build_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_a_worker_finds_a_job_on_a_phone_signs_up_and_applies(phone, live_server):
    market = build_market()
    vacancy = market.small.vacancies[0]
    phone.goto(f"{live_server.url}/")
    phone.wait_for_url(re.compile(r"/jobs/"))
    screenshot(phone, "worker-1-job-board-phone")
    phone.fill("input[name=q]", "焊工")
    phone.locator(".searchbar button").click()
    phone.wait_for_load_state("networkidle")
    phone.get_by_role("link", name=vacancy.title, exact=True).first.click()
    phone.wait_for_url(re.compile(rf"/jobs/{vacancy.pk}/"))
    screenshot(phone, "worker-2-job-page-phone")
    phone.locator("#apply-box a.button").click()
    phone.fill("input[name=full_name]", "刘洋")
    phone.fill("input[name=mobile]", "13700001111")
    phone.fill("input[name=password]", "welder-on-the-night-shift-2026")
    phone.fill("input[name=birth_year]", "1996")
    phone.select_option("select[name=home_city]", str(market.small.city.pk))
    screenshot(phone, "worker-3-signup-phone")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/accounts/login/"))
    phone.fill("input[name=username]", "13700001111")
    phone.fill("input[name=password]", "welder-on-the-night-shift-2026")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(re.compile(rf"/jobs/{vacancy.pk}/"))
    phone.locator("#apply-button").click()
    phone.locator("#apply-box .notice.ok").wait_for()
    screenshot(phone, "worker-4-applied-phone")
    worker = WorkerProfile.objects.get(mobile="13700001111")
    assert Application.objects.get(worker=worker, vacancy=vacancy).stage == "applied"
    phone.goto(f"{live_server.url}/me/applications/")
    assert vacancy.title in phone.content()


def test_an_agency_imports_a_sheet_fixes_it_posts_a_vacancy_and_sees_candidates(page, live_server, tmp_path):
    market = build_market()
    sign_in(page, live_server, "agency_staff", PASSWORD)
    assert page.url.endswith("/agency/")
    screenshot(page, "agency-1-workspace")
    page.goto(f"{live_server.url}/agency/workers/import/")
    bad = "姓名,手机号,出生年份,技能\n王强,123,1990,weld-0:3\n赵敏,13600002222,1992,没有这个技能:2\n"
    page.set_input_files(
        "input[name=file]", {"name": "workers.csv", "mimeType": "text/csv", "buffer": bad.encode()}
    )
    page.locator("main button[type=submit]").click()
    page.locator("#import-errors").wait_for()
    assert page.locator("#import-errors tbody tr").count() >= 2
    screenshot(page, "agency-2-import-bad-rows")
    assert not WorkerProfile.objects.filter(full_name__in=["王强", "赵敏"]).exists()
    good = "姓名,手机号,出生年份,技能\n王强,13600001111,1990,weld-0:3\n赵敏,13600002222,1992,weld-1:2\n"
    page.set_input_files(
        "input[name=file]", {"name": "workers.csv", "mimeType": "text/csv", "buffer": good.encode()}
    )
    page.locator("main button[type=submit]").click()
    page.locator("#confirm-import").click()
    page.wait_for_url(re.compile(r"/agency/workers/$"))
    assert (
        WorkerProfile.objects.filter(full_name__in=["王强", "赵敏"], managing_agency=market.agency).count()
        == 2
    )
    screenshot(page, "agency-3-worker-pool")

    page.goto(f"{live_server.url}/workspace/vacancies/new/")
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
    screenshot(page, "agency-4-new-vacancy")
    page.locator("main form button.primary").click()
    page.wait_for_url(re.compile(r"/workspace/vacancies/\d+/$"))
    page.locator("button", has_text=re.compile("Publish|发布")).click()
    page.wait_for_load_state("networkidle")
    vacancy = Vacancy.objects.get(title="焊工", enterprise=market.enterprise)
    assert vacancy.status == "open" and vacancy.agency == market.agency
    page.goto(f"{live_server.url}/workspace/vacancies/{vacancy.pk}/candidates/")
    page.locator("#shortlist tbody tr").first.wait_for()
    screenshot(page, "agency-5-candidates")
    refer = page.locator("#shortlist button", has_text=re.compile("Refer|推荐")).first
    row_id = refer.locator("xpath=ancestor::tr").get_attribute("id")
    refer.click()
    page.locator(f"#{row_id} .tag.stage-applied").wait_for()
    assert Application.objects.filter(vacancy=vacancy, source="referred").exists()


def test_a_factory_manager_shortlists_interviews_and_hires(page, live_server):
    market = build_market()
    vacancy = market.small.vacancies[0]
    ranked = list(
        Match.objects.filter(vacancy=vacancy, direction="s").order_by("rank").select_related("worker")
    )
    applicant = ranked[0].worker
    application_apply(worker=applicant, vacancy=vacancy)
    sign_in(page, live_server, "factory_hr", PASSWORD)
    assert page.url.endswith("/factory/")
    screenshot(page, "factory-1-workspace")
    page.get_by_role("link", name=vacancy.title, exact=True).first.click()
    page.wait_for_url(re.compile(rf"/workspace/vacancies/{vacancy.pk}/candidates/"))
    screenshot(page, "factory-2-shortlist")
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
    page.locator(f"#{second_id} .reject-form button").click()
    page.locator(f"#{second_id} .tag.stage-rejected").wait_for()
    rejected = Application.objects.get(vacancy=vacancy, worker_id=ranked[1].worker_id)
    assert rejected.reason and rejected.events.get(to_stage="rejected").actor == market.factory_user
    screenshot(page, "factory-3-after-moves")
    boxes = page.locator("#shortlist input[name=w]")
    boxes.nth(2).check()
    boxes.nth(3).check()
    page.locator("#compare-form button").click()
    page.wait_for_url(re.compile(r"/compare/"))
    assert page.locator(".compare .card").count() == 2
    screenshot(page, "factory-4-compare")
    page.goto(f"{live_server.url}/workspace/vacancies/{vacancy.pk}/board/")
    screenshot(page, "factory-5-board")
    assert page.locator(".board .column").count() == 8


def test_a_factory_invites_a_masked_candidate_and_the_worker_accepts_on_their_phone(page, phone, live_server):
    market = build_market()
    vacancy = market.small.vacancies[0]
    worker = market.worker
    row_id = f"candidate-{candidate_handle(vacancy.pk, worker.pk)}"
    sign_in(page, live_server, "factory_hr", PASSWORD)
    page.goto(f"{live_server.url}/workspace/vacancies/{vacancy.pk}/candidates/")
    row = page.locator(f"#{row_id}")
    assert worker.full_name not in row.inner_text()
    row.locator("button[data-move=invited]").click()
    page.locator(f"#{row_id} .tag.stage-invited").wait_for()
    screenshot(page, "invite-1-factory-invited")
    hrefs = page.eval_on_selector_all(
        "[href],[action],[hx-post]",
        "els => els.map(e => e.getAttribute('href') || e.getAttribute('action') || e.getAttribute('hx-post'))",
    )
    assert not any(f"/candidates/{worker.pk}/" in href for href in hrefs)

    sign_in(phone, live_server, market.worker_user.username, PASSWORD)
    phone.goto(f"{live_server.url}/me/applications/")
    screenshot(phone, "invite-2-worker-invitation-phone")
    phone.locator("button[data-answer=accept]").click()
    phone.wait_for_url(re.compile(r"/me/applications/"))
    assert Application.objects.get(vacancy=vacancy, worker=worker).stage == "applied"
    screenshot(phone, "invite-3-worker-accepted-phone")

    page.reload()
    assert worker.full_name in page.locator(f"#{row_id}").inner_text()
    page.locator(f"#{row_id} button[data-move=shortlisted]").click()
    page.locator(f"#{row_id} .tag.stage-shortlisted").wait_for()


def test_the_language_switch_turns_a_page_into_english_and_back(page, live_server):
    build_market()
    page.goto(f"{live_server.url}/jobs/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.select_option("#lang-select", "en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert "Find a job" in page.locator("h1").inner_text()
    screenshot(page, "language-english")
    page.select_option("#lang-select", "zh-hans")
    page.wait_for_function("document.documentElement.lang === 'zh-hans'")
    screenshot(page, "language-chinese")


def test_every_roles_main_pages_request_nothing_outside_this_machine(page, live_server, requests_log):
    market = build_market()
    vacancy = market.small.vacancies[0]
    walks = {
        None: ["/jobs/", f"/jobs/{vacancy.pk}/", "/signup/", "/cities/", "/accounts/login/"],
        "agency_staff": [
            "/agency/",
            "/agency/workers/",
            "/agency/workers/import/",
            "/agency/placements/",
            "/agency/placements/new/",
            "/agency/runs/",
            "/workspace/vacancies/",
            "/workspace/vacancies/new/",
            f"/workspace/vacancies/{vacancy.pk}/candidates/",
        ],
        "factory_hr": [
            "/factory/",
            f"/workspace/vacancies/{vacancy.pk}/candidates/",
            f"/workspace/vacancies/{vacancy.pk}/board/",
            "/workspace/vacancies/",
        ],
        "13900000000": ["/me/", "/me/applications/", "/me/profile/", "/me/privacy/", "/jobs/"],
    }
    for username, paths in walks.items():
        page.context.clear_cookies()
        if username:
            sign_in(page, live_server, username, PASSWORD)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            assert response.status < 400, (username, path, response.status)
    assert len(requests_log.urls) > 20
    assert not requests_log.outside
