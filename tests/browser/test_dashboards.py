"""The officials' daily journey in headless Chromium, in Chinese and English on a phone and a desktop: the
public list of the 39 pilot cities, a city official reads the city dashboard (and prints it), the ministry
compares the pilot cities, sorts them and drills down into one. Charts drawn, tables filled, nothing
fetched from outside."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import at, every_variant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NINGBO, SUZHOU = "330200", "320500"


@pytest.fixture
def demo_market():
    call_command("load_reference", stdout=None)
    call_command("seed_demo", workers=150, vacancies=40, seed=1, stdout=None)
    call_command("rollup_statistics", days=30, city=[NINGBO, SUZHOU], stdout=None)


def charts_drawn(page) -> list[str]:
    """The charts whose SVG image decoded and has a size."""
    return page.eval_on_selector_all(
        "img[data-chart]",
        "imgs => imgs.filter(i => i.complete && i.naturalWidth > 0).map(i => i.dataset.chart)",
    )


@every_variant
def test_officials_read_their_city_and_compare_the_pilot_cities(journey, settings, demo_market):
    page = journey.open()
    journey.go(page, "/cities/")
    assert page.locator("main table tbody tr").count() == 39
    journey.step(page, "official-0-pilot-cities")
    journey.sign_in(page, "city", settings.HRMATCH_DEMO_PASSWORD)
    journey.go(page, f"/dashboards/city/{NINGBO}/")
    assert len(charts_drawn(page)) == 6
    assert page.locator(".headline").count() == 12
    assert page.locator("#occupation-groups tbody tr").count() > 1
    assert page.locator("#trend-supply tbody tr").count() >= 28
    journey.step(page, "official-1-city-dashboard")
    journey.expected_console.append(f"/dashboards/city/{SUZHOU}/")  # another city is not found for them
    assert journey.go(page, f"/dashboards/city/{SUZHOU}/").status == 404
    page.emulate_media(media="print")
    journey.go(page, f"/dashboards/city/{NINGBO}/")
    assert not page.locator(".dash-filters").is_visible()
    journey.step(page, "official-2-city-dashboard-print")

    page = journey.open()
    journey.sign_in(page, "ministry", settings.HRMATCH_DEMO_PASSWORD)
    journey.go(page, "/dashboards/")
    assert sorted(charts_drawn(page)) == ["cities", "regions"]
    assert page.locator("#cities tbody tr").count() == 39
    page.locator("#cities thead a[href*='sort=open_headcount']").click()
    page.wait_for_url(lambda url: "sort=open_headcount" in url)
    journey.step(page, "official-3-national-comparison")
    page.locator(f"#cities tbody a[href^='/dashboards/city/{SUZHOU}/']").click()
    page.wait_for_url(at(f"/dashboards/city/{SUZHOU}/"))
    page.wait_for_load_state("load")
    assert len(charts_drawn(page)) == 6
    journey.step(page, "official-4-city-drilldown")
