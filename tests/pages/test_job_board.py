"""The job board's filters work with the worker: districts follow the city without a reload, several
occupation groups at once, and the way back from a job keeps the filters."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_choosing_a_city_answers_htmx_with_its_districts_swapped_in(client, market):
    url = reverse("enterprises:job-list") + f"?city={market.small.city.code}"
    page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    swapped = page.split('<div id="place-filters" hx-swap-oob="true">')[1]
    assert 'value="330206"' in swapped.split('name="near_district"')[0]
    assert 'name="near_district"' in swapped and swapped.count('value="330206"') == 2


def test_a_district_of_another_city_is_dropped_instead_of_emptying_the_results(client, market):
    other = factories.PilotCityFactory(code="320500", name_zh="苏州市", name_en="Suzhou")
    url = reverse("enterprises:job-list") + f"?city={other.code}&district=330206"
    first = client.get(reverse("enterprises:job-list") + f"?city={market.small.city.code}").content.decode()
    page = client.get(url).content.decode()
    assert 'value="330206"' not in page
    assert "330206" not in re.findall(r"<select name=\"district\"[\s\S]*?</select>", page)[0]
    assert 'value="330206"' in first


def test_several_occupation_groups_can_be_chosen_at_once(client, market):
    factories.OccupationFactory(code="6-20-00-00", name="电子设备制造人员", level=2)
    assembler = factories.VacancyFactory(
        enterprise=market.enterprise,
        title="电子装配工",
        occupation=factories.OccupationFactory(code="6-20-01-01", name="电子装配工"),
    )
    welder = market.small.vacancies[0]
    board = reverse("enterprises:job-list")
    one = client.get(board + "?occupation=6-20-00-00").content.decode()
    assert assembler.title in one and welder.title not in one
    assert 'type="checkbox" name="occupation" value="6-20-00-00"' in one
    both = client.get(board + "?occupation=6-20-00-00&occupation=6-18-00-00").content.decode()
    assert assembler.title in both and welder.title in both
    assert "not understood" not in both


def test_the_way_back_from_a_job_keeps_the_filters(client, market):
    query = f"city={market.small.city.code}&dormitory=false"
    page = client.get(reverse("enterprises:job-list") + "?" + query).content.decode()
    vacancy = market.small.vacancies[0]
    link = re.search(rf'href="(/jobs/{vacancy.pk}/[^"]*)"', page).group(1).replace("&amp;", "&")
    assert link.endswith("?" + query)
    detail = client.get(link).content.decode()
    back = re.search(r'href="([^"]*)" id="back-to-jobs"', detail).group(1).replace("&amp;", "&")
    assert back == reverse("enterprises:job-list") + "?" + query
