"""Retake the README's screenshots from a running demo (`make run`), in Chinese.

    .venv/bin/python docs/screenshots/capture.py [--base http://127.0.0.1:8000]

Drives Debian's Chromium (/usr/bin/chromium) with Playwright, signs in as each demo login and saves
PNGs next to this file. Only the demo server on 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PASSWORD = os.environ.get("HRMATCH_DEMO_PASSWORD", "hrmatch-demo-2026")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def shots(base: str) -> list[tuple[str, str | None, str, dict]]:
    """(file name, login or None, path, viewport); paths with {vacancy} use the factory's first vacancy."""
    return [
        ("jobs-phone", None, "/jobs/", PHONE),
        ("worker-recommendations-phone", "worker", "/me/", PHONE),
        ("worker-applications-phone", "worker", "/me/applications/", PHONE),
        ("worker-profile-phone", "worker", "/me/profile/", PHONE),
        ("agency-workspace", "agency", "/agency/", DESKTOP),
        ("agency-workers", "agency", "/agency/workers/", DESKTOP),
        ("factory-workspace", "factory", "/factory/", DESKTOP),
        ("factory-shortlist", "factory", "/workspace/vacancies/{vacancy}/candidates/", DESKTOP),
        ("factory-board", "factory", "/workspace/vacancies/{vacancy}/board/", DESKTOP),
        ("provider-workspace", "provider", "/training/provider/", DESKTOP),
        ("city-dashboard", "city", "/", DESKTOP),
        ("national-dashboard", "ministry", "/dashboards/", DESKTOP),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        vacancy = None
        for name, login, path, viewport in shots(args.base):
            context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=viewport is PHONE)
            page = context.new_page()
            if login:
                page.goto(f"{args.base}/accounts/login/")
                page.fill("input[name=username]", login)
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
            if "{vacancy}" in path:
                if vacancy is None:
                    page.goto(f"{args.base}/factory/")
                    link = page.locator("a[href*='/candidates/']").first.get_attribute("href") or ""
                    vacancy = re.search(r"/vacancies/(\d+)/", link).group(1)
                path = path.format(vacancy=vacancy)
            page.goto(f"{args.base}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(HERE / f"{name}.png"), full_page=False)
            print(f"{name}.png  {page.url}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
