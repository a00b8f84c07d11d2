import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pilot_cities_page_renders_in_chinese_on_a_phone_and_signs_in(phone, live_server, settings):
    call_command("load_reference", stdout=None)
    call_command("seed_demo", workers=30, vacancies=10, seed=1, stdout=None)
    phone.goto(f"{live_server.url}/cities/")
    assert (
        phone.locator("h1").inner_text() == "试点城市" or phone.locator("h1").inner_text() == "Pilot cities"
    )
    assert phone.get_by_text("宁波市").first.is_visible()
    screenshot(phone, "city-list-phone")
    sign_in(phone, live_server, "ministry", settings.HRMATCH_DEMO_PASSWORD)
    assert "ministry" in phone.content() or "赵" in phone.content()
