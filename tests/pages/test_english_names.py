"""English pages name places, skills and occupations in English where our data has an English name."""

from __future__ import annotations

import csv

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from pilots.services import DATA_DIR

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_every_pilot_city_of_the_reference_data_has_english_names():
    with open(DATA_DIR / "pilot_cities.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row["name_en"] and row["province_en"] for row in rows)


def test_places_and_skills_read_in_the_pages_language(market):
    district = market.small.city.districts.get(code="330206")
    skill = market.small.welding[0]
    with translation.override("en"):
        assert (str(market.small.city), str(district), str(skill)) == ("Ningbo", "Beilun", skill.name_en)
    with translation.override("zh-hans"):
        assert (str(market.small.city), str(district), str(skill)) == ("宁波市", "北仑区", skill.name_zh)


def test_an_occupation_without_an_english_name_keeps_its_chinese_name_with_the_code(client, market):
    vacancy = market.small.vacancies[0]
    page = client.get(reverse("enterprises:job-detail", args=[vacancy.pk]), **EN).content.decode()
    assert f"{vacancy.occupation.name} ({vacancy.occupation.code})" in page


def test_the_english_job_board_filters_name_districts_in_english(client, market):
    page = client.get(
        reverse("enterprises:job-list") + f"?city={market.small.city.code}", **EN
    ).content.decode()
    assert ">Beilun<" in page and ">北仑区<" not in page


def test_the_english_city_list_names_provinces_in_english(client, market):
    market.small.city.province_en = "Zhejiang"
    market.small.city.save(update_fields=["province_en"])
    page = client.get(reverse("city-list"), **EN).content.decode()
    assert "Zhejiang" in page and "浙江省" not in page


def test_the_english_city_dashboard_title_and_export_name_the_city_in_english(
    client, market, national_official
):
    client.force_login(national_official)
    page = client.get(reverse("dashboards:city", args=[market.small.city.code]), **EN).content.decode()
    assert "Ningbo: the labour market at a glance" in page
    assert settings.LANGUAGE_CODE == "zh-hans"
