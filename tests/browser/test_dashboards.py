"""The dashboards in headless Chromium: charts drawn, tables filled, nothing fetched from outside."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_market():
    call_command("load_reference", stdout=None)
    call_command("seed_demo", workers=300, vacancies=80, seed=1, stdout=None)
    call_command("rollup_statistics", days=60, city=["330200", "320500", "440300"], stdout=None)


def charts_drawn(page) -> list[str]:
    """The charts whose SVG image decoded and has a size."""
    return page.eval_on_selector_all(
        "img[data-chart]",
        "imgs => imgs.filter(i => i.complete && i.naturalWidth > 0).map(i => i.dataset.chart)",
    )


def test_the_city_official_reads_the_city_dashboard(page, live_server, settings, demo_market):
    sign_in(page, live_server, "city", settings.HRMATCH_DEMO_PASSWORD)
    page.goto(f"{live_server.url}/dashboards/city/330200/")
    assert "宁波" in page.locator("h1").inner_text()
    assert len(charts_drawn(page)) == 6
    assert page.locator(".headline").count() == 12
    assert page.locator("#occupation-groups tbody tr").count() > 1
    assert page.locator("#trend-supply tbody tr").count() >= 28
    screenshot(page, "dashboard-city")
    page.goto(f"{live_server.url}/dashboards/city/320500/")
    assert page.locator("h1").count() == 0 or "苏州" not in page.locator("h1").inner_text()
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/dashboards/city/330200/")
    assert not page.locator(".dash-filters").is_visible()
    screenshot(page, "dashboard-city-print")


def test_the_ministry_compares_the_pilot_cities_and_drills_down(page, live_server, settings, demo_market):
    sign_in(page, live_server, "ministry", settings.HRMATCH_DEMO_PASSWORD)
    page.goto(f"{live_server.url}/dashboards/")
    assert sorted(charts_drawn(page)) == ["cities", "regions"]
    assert page.locator("#cities tbody tr").count() >= 39
    page.locator("#cities thead a").nth(2).click()  # sort by open headcount
    page.wait_for_load_state("networkidle")
    assert "sort=open_headcount" in page.url
    screenshot(page, "dashboard-national")
    page.locator("#cities tbody a", has_text="苏州").first.click()
    page.wait_for_load_state("networkidle")
    assert "/dashboards/city/320500/" in page.url
    assert len(charts_drawn(page)) == 6
    screenshot(page, "dashboard-city-drilldown")
