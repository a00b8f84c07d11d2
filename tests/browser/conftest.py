"""Browser tests: Debian's Chromium at /usr/bin/chromium driven by Playwright (never a downloaded browser).

Every browser page is opened through a `Journey`, which fails the test on any 5xx answer, any console
error, any request leaving 127.0.0.1, and, at each step, on sideways scroll or a string of our own
catalogue left in the other language. Journeys run in a language (zh-hans or English) at a size (a
360 × 740 phone or a 1280 × 800 desktop); `every_variant` runs a test in all four. Screenshots go to
artifacts/screenshots/<step>-<language>-<size>.png (CI keeps them as test artifacts).
"""

from __future__ import annotations

import functools
import gettext
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.conftest import CHROMIUM

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
PASSWORD = "correct horse battery staple"
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
HAN = "\u3400-\u9fff"  # the CJK ideographs a Chinese word is made of
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
# What a person reads or hears on the page: its title, visible text, and the labels, placeholders, tooltips
# and alternative texts that innerText leaves out.
SHOWN_TEXT = """() => [document.title, document.body.innerText, ...[...document.querySelectorAll(
  '[placeholder],[aria-label],[title],img[alt],input[type=submit][value],input[type=button][value]')]
  .flatMap(e => ['placeholder', 'aria-label', 'title', 'alt', 'value']
  .filter(a => a !== 'value' || e.matches('input[type=submit],input[type=button]'))
  .map(a => e.getAttribute(a)).filter(Boolean))].join('\\n')"""
# The innermost elements sticking out on the right, to name them when a page scrolls sideways.
WIDEST = """() => {
  const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
  const out = [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 && !clipped(e));
  const innermost = out.filter(e => !out.some(o => o !== e && e.contains(o)));
  return innermost.slice(0, 3).map(e => `${e.closest('[id]') ? '#' + e.closest('[id]').id + ' ' : ''}`
    + `${e.tagName.toLowerCase()}`
    + `${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''}`
    + ` (right ${Math.round(e.getBoundingClientRect().right)})`);
}"""
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Variant:
    """A language and a screen size a journey runs in."""

    language: str  # "zh-hans" or "en"
    size: str  # "phone" or "desktop"

    def __str__(self) -> str:
        return f"{self.language}-{self.size}"

    @property
    def english(self) -> bool:
        return self.language == "en"


VARIANTS = [Variant(language, size) for language in ("zh-hans", "en") for size in ("phone", "desktop")]
every_variant = pytest.mark.parametrize("variant", VARIANTS, ids=str)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    # Playwright's sync API runs an event loop in this thread; the ORM must still be usable here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@functools.cache
def catalogue() -> dict[str, str]:
    """Our own msgid → msgstr pairs, long enough that finding one on a page cannot be a coincidence."""
    with CATALOGUE.open("rb") as handle:
        pairs = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    # The language switch names each language in itself on purpose ("简体中文" on English pages).
    own_names = {str(name) for _code, name in settings.LANGUAGES}
    return {
        msgid: msgstr
        for msgid, msgstr in pairs.items()
        if isinstance(msgid, str)
        and msgid
        and "%" not in msgid
        and "{" not in msgid
        and msgstr != msgid
        and msgid not in own_names
    }


def leftovers(text: str, language: str) -> list[str]:
    """Strings of our catalogue in the other language than the page's, found in its visible text."""
    pairs = catalogue()
    if language == "en":
        # An English label may quote the Chinese term on purpose: "Chief technician (首席技师)"; and a
        # term inside a longer Chinese name is data ("宁波劳务派遣有限公司"), not a label left untranslated.
        return [
            zh
            for en, zh in pairs.items()
            if len(zh) >= 4
            and zh not in en
            and zh in text
            and re.search(rf"(?<![{HAN}]){re.escape(zh)}(?![{HAN}])", text)
        ]
    return [en for en in pairs if len(en) >= 12 and " " in en and en in text]


def _outside(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS


class Journey:
    """Pages of one test in one variant, watched for 5xx answers, console errors and outside requests;
    `step` adds the checks of the page as shown (sideways scroll, the other language) and a screenshot."""

    def __init__(self, browser, live_server, variant: Variant) -> None:
        self.browser = browser
        self.url = live_server.url
        self.variant = variant
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.expected_console: list[str] = []
        self._contexts: list[object] = []
        self._variants: dict[int, Variant] = {}

    def open(self, *, size: str | None = None, language: str | None = None):
        """A new browser (its own cookies) at the journey's size and language, or the ones given."""
        variant = Variant(language or self.variant.language, size or self.variant.size)
        mobile = variant.size == "phone"
        context = self.browser.new_context(
            viewport=SIZES[variant.size],
            is_mobile=mobile,
            has_touch=mobile,
            locale="en-US" if variant.english else "zh-CN",
        )
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": variant.language, "url": self.url}]
        )
        self._contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        self._variants[id(page)] = variant
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("response", self._response)
        page.on("request", self._request)
        return page

    def go(self, page, path: str):
        """Open a path of the live server; returns the response."""
        return page.goto(f"{self.url}{path}")

    def sign_in(self, page, username: str, password: str = PASSWORD) -> None:
        sign_in(page, self.url, username, password)

    def check(self, page, where: str = "") -> None:
        """The page as shown now: no sideways scroll, no string of the other language."""
        variant = self._variants[id(page)]
        where = f"{variant} {where or urlsplit(page.url).path}"
        text = page.evaluate(SHOWN_TEXT)
        found = leftovers(text, variant.language)
        if found:
            self.problems.append(f"{where}: strings of the other language: {found[:3]}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            culprits = page.evaluate(WIDEST)
            self.problems.append(f"{where}: {overflow} px of sideways scroll, from {culprits}")

    def step(self, page, name: str) -> Path:
        """Check the page and save it as artifacts/screenshots/<name>-<language>-<size>.png."""
        self.check(page, name)
        return screenshot(page, f"{name}-{self._variants[id(page)]}")

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        outside = [url for url in self.requests if _outside(url)]
        if outside:
            self.problems.append(f"requests left 127.0.0.1: {outside}")

    def _console(self, message) -> None:
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        if not any(part in where and "404" in message.text for part in self.expected_console):
            shown = message.page.url if message.page else "?"
            self.problems.append(f"console on {shown}: {message.text} at {where}")

    def _response(self, response) -> None:
        if response.status >= 500:
            self.problems.append(f"{response.status} from {response.url}")

    def _request(self, request) -> None:
        self.requests.append(request.url)


@pytest.fixture
def variant() -> Variant:
    """The variant of a test not run in all four: Chinese on a desktop unless it says otherwise."""
    return Variant("zh-hans", "desktop")


@pytest.fixture
def journey(browser, live_server, variant) -> Iterator[Journey]:
    watched = Journey(browser, live_server, variant)
    yield watched
    watched.close()
    assert not watched.problems, "\n".join(watched.problems)


@pytest.fixture
def page(journey):
    """A desktop-sized page (1280 × 800) of this test's journey, watched like every journey page."""
    return journey.open(size="desktop")


@pytest.fixture
def phone(journey):
    """A phone-sized page (360 × 740, touch) of this test's journey, watched like every journey page."""
    return journey.open(size="phone")


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as a test artifact. The caret stays as it is: hiding it makes Playwright
    touch the focused field's style attribute, and htmx copying that attribute on its next swap is then a
    (test-made) CSP error in the console."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


def sign_in(page, server, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login page as a person would, and wait until it lets us in; `server` is the
    live server or its URL."""
    page.goto(f"{getattr(server, 'url', server)}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


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


def at(path_pattern: str) -> re.Pattern[str]:
    """A URL pattern for wait_for_url: the path matches `path_pattern` in full (query and fragment allowed)."""
    return re.compile(rf"^https?://[^/]+{path_pattern}(\?[^#]*)?(#.*)?$")
