"""Every role's daily pages in headless Chromium, on a 360 px phone and on a desktop, in Chinese and in
English: no 5xx, no console error, no sideways scroll, no request leaving 127.0.0.1, and no string of
our own catalogue left in the other language."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import screenshot, sign_in
from tests.pages.conftest import build_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
# A long unbroken line in a job description once stretched /jobs/<id>/ to 189,419 px on a phone.
LONG_WORD = "焊" * 400 + "x" * 2000


def _catalogue() -> dict[str, str]:
    """Our own msgid → msgstr pairs, long enough that finding one on a page cannot be a coincidence."""
    with CATALOGUE.open("rb") as handle:
        pairs = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return {
        msgid: msgstr
        for msgid, msgstr in pairs.items()
        if isinstance(msgid, str) and msgid and "%" not in msgid and "{" not in msgid and msgstr != msgid
    }


def _visible_text(page) -> str:
    return page.evaluate("() => document.body.innerText")


def _check(page, url: str, language: str, catalogue: dict[str, str], problems: list[str]) -> None:
    text = _visible_text(page)
    if language == "en":
        leftovers = [zh for zh in catalogue.values() if len(zh) >= 8 and zh in text]
    else:
        leftovers = [en for en in catalogue if len(en) >= 16 and " " in en and en in text]
    if leftovers:
        problems.append(f"{language} {url}: strings of the other language: {leftovers[:3]}")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{language} {url}: {overflow} px of sideways scroll")


MISSING_PAGE = "/no-such-page/"


def _console(message, problems: list[str]) -> None:
    """Every console error is a problem, except the 404 of the page we open to see our 404 page."""
    expected = MISSING_PAGE in (message.location or {}).get("url", "") and "404" in message.text
    if message.type == "error" and not expected:
        problems.append(f"console: {message.text} at {(message.location or {}).get('url')}")


def _walk(browser, live_server, viewport: dict, language: str, walks: dict, catalogue: dict) -> list[str]:
    problems: list[str] = []
    mobile = viewport["width"] < 500
    for username, paths in walks.items():
        context = browser.new_context(
            viewport=viewport,
            is_mobile=mobile,
            has_touch=mobile,
            locale="zh-CN" if language != "en" else "en-US",
        )
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda msg, p=problems: _console(msg, p))
        page.on("pageerror", lambda exc, p=problems: p.append(f"page error: {exc}"))
        page.on(
            "response",
            lambda r, p=problems: r.status >= 500 and p.append(f"{r.status} from {r.url}"),
        )
        page.on(
            "request",
            lambda r, p=problems: (
                not re.match(r"^(https?://(127\.0\.0\.1|localhost)|data:|blob:)", r.url)
                and p.append(f"request outside: {r.url}")
            ),
        )
        if username:
            sign_in(page, live_server, username, PASSWORD)
        for number, path in enumerate(paths):
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            _check(page, path, language, catalogue, problems)
            if number < 2:
                size = "phone" if mobile else "desktop"
                screenshot(page, f"every-page-{username or 'visitor'}-{number + 1}-{language}-{size}")
        context.close()
    return problems


def _training_provider(market, trainee) -> None:
    """A college with a running programme, one attending trainee, and its staff login `provider_staff`."""
    from tests.training.factories import (
        EnrolmentFactory,
        ProviderFactory,
        ProviderMembershipFactory,
        programme_teaching,
    )

    college = ProviderFactory(city=market.small.city, name="宁波技师学院")
    course = programme_teaching(college, market.small.welding[:2], title="氩弧焊速成班")
    EnrolmentFactory(cohort=course.cohorts.get(), worker=trainee, status="attending")
    ProviderMembershipFactory(provider=college, user__username="provider_staff")


def _interview_for(market, vacancy):
    """The worker applied and has an interview set (their applications page shows it, the bell counts)."""
    import datetime as dt

    from django.utils import timezone

    from hrmatch.actors import actor_for
    from matching.services import interviews, pipeline

    hr = actor_for(market.factory_user)
    application = pipeline.application_apply(
        worker=market.worker, vacancy=vacancy, actor=actor_for(market.worker_user)
    )
    pipeline.application_shortlist(application=application, actor=hr)
    pipeline.application_interview(application=application, actor=hr)
    terms = interviews.InterviewTerms(
        starts_at=timezone.now() + dt.timedelta(days=2),
        place="宁波市北仑区黄山西路1号 2号门 人事部三楼会议室",
        contact_name="王经理",
        contact_phone="0574-87654321",
        note="请带身份证和焊工证",
    )
    interviews.interview_schedule(application=application, terms=terms, actor=hr)
    return application


@pytest.fixture
def walks():
    market = build_market()
    vacancy = market.small.vacancies[0]
    vacancy.description = LONG_WORD
    vacancy.save(update_fields=["description"])
    pooled = market.small.workers[1]
    _training_provider(market, pooled)
    interviewing = _interview_for(market, vacancy)
    return {
        None: [
            "/jobs/",
            f"/jobs/?city={market.small.city.code}",
            f"/jobs/{vacancy.pk}/",
            "/signup/",
            "/accounts/login/",
            "/accounts/password-reset/",
            "/privacy-notice/",
            "/cities/",
            MISSING_PAGE,
        ],
        "13900000000": [
            "/me/",
            "/me/applications/",
            "/me/profile/",
            "/me/saved/",
            "/me/privacy/",
            "/notifications/",
        ],
        "agency_staff": [
            "/agency/",
            "/agency/workers/",
            f"/agency/workers/{pooled.pk}/",
            "/agency/workers/new/",
            "/agency/clients/",
            "/agency/clients/new/",
            f"/agency/clients/{market.enterprise.pk}/",
            "/agency/workers/import/",
            "/agency/placements/",
            "/agency/placements/new/",
            "/agency/runs/",
            "/workspace/vacancies/",
            "/workspace/vacancies/new/",
            f"/workspace/vacancies/{vacancy.pk}/",
            f"/workspace/vacancies/{vacancy.pk}/edit/",
            f"/workspace/vacancies/{vacancy.pk}/candidates/",
        ],
        "provider_staff": ["/training/provider/", "/training/enrolments/", "/training/outcomes/"],
        "factory_hr": [
            "/factory/",
            f"/workspace/vacancies/{vacancy.pk}/candidates/",
            f"/workspace/vacancies/{vacancy.pk}/board/",
            f"/workspace/applications/{interviewing.pk}/interview/",
            "/notifications/",
            f"/workspace/applications/{interviewing.pk}/",  # the candidate page of an applicant
        ],
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "viewport", [{"width": 360, "height": 740}, {"width": 1280, "height": 800}], ids=["phone", "desktop"]
)
def test_every_roles_pages_render_cleanly(browser, live_server, walks, viewport, language):
    problems = _walk(browser, live_server, viewport, language, walks, _catalogue())
    assert not problems, "\n".join(problems)
