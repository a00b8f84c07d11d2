import pytest
from django.core.management import call_command
from django.urls import reverse

from pilots.models import PilotCity, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    call_command("load_reference", stdout=None)


def test_the_39_pilot_cities_are_loaded_by_region(reference):
    by_region = {r: PilotCity.objects.filter(region=r).count() for r in Region.values}
    assert by_region == {"east": 15, "central": 9, "west": 12, "northeast": 3}
    confirmed = set(PilotCity.objects.filter(confirmed=True).values_list("name_zh", flat=True))
    assert {"北京市", "天津市", "唐山市"} <= confirmed
    assert PilotCity.objects.get(code="330200").districts.count() > 3


def test_the_city_page_explains_an_empty_database(client):
    html = client.get(reverse("city-list")).content.decode()
    assert "load_reference" in html
