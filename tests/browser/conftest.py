"""Browser tests: Debian's Chromium at /usr/bin/chromium driven by Playwright (never a downloaded browser).

Every page load is recorded; a test fails if any request leaves 127.0.0.1. Screenshots go to
artifacts/screenshots/ (CI keeps them as test artifacts).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import CHROMIUM

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    # Playwright's sync API runs an event loop in this thread; the ORM must still be usable here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class RequestLog:
    """Every URL the page asked for; `outside` lists those that left this machine."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def record(self, request) -> None:
        self.urls.append(request.url)

    @property
    def outside(self) -> list[str]:
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(url).hostname not in LOCAL_HOSTS
        ]


@pytest.fixture
def requests_log() -> RequestLog:
    return RequestLog()


def _page(browser, requests_log: RequestLog, **context_options):
    context = browser.new_context(locale="zh-CN", **context_options)
    page = context.new_page()
    page.on("request", requests_log.record)
    return context, page


@pytest.fixture
def page(browser, requests_log, live_server):
    """A desktop-sized page (1280 × 800)."""
    context, page = _page(browser, requests_log, viewport={"width": 1280, "height": 800})
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not requests_log.outside, f"requests left 127.0.0.1: {requests_log.outside}"


@pytest.fixture
def phone(browser, requests_log, live_server):
    """A phone-sized page (360 × 740, touch)."""
    context, page = _page(
        browser, requests_log, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not requests_log.outside, f"requests left 127.0.0.1: {requests_log.outside}"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, live_server, username: str, password: str) -> None:
    """Sign in through the login page as a person would."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def pick_skill(page, row: int, skill, *, keyboard: bool = False) -> None:
    """Choose a skill in the picker of form row `row`: type part of its name, then pick it from the list
    (with the arrow keys and Enter when `keyboard`, else by tapping it)."""
    box = page.locator(f"input[name=skills-{row}-skill_q]")
    box.fill(skill.name_zh[-2:])
    option = page.locator(f"#{box.get_attribute('id')}_options [data-value='{skill.pk}']")
    option.wait_for()
    if keyboard:
        for _ in range(page.locator(f"#{box.get_attribute('id')}_options [role=option]").count()):
            if option.get_attribute("aria-selected") == "true":
                break
            box.press("ArrowDown")
        box.press("Enter")
    else:
        option.click()
    assert page.input_value(f"input[name=skills-{row}-skill]") == str(skill.pk)
