"""The officials' dashboards: scope, small-cell suppression, exports, any filter value, query counts."""

from __future__ import annotations

import io
import urllib.parse

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.charts import bar_chart, clean_svg
from dashboards.figures import NOT_SHOWN, Period, people
from dashboards.selectors import city_dashboard
from dashboards.services import statistics_rollup_city_day
from tests import factories
from tests.dashboards.test_statistics import D, market  # noqa: F401  (the hand-worked city)

pytestmark = pytest.mark.django_db

PERIOD = {"start": D.isoformat(), "end": D.isoformat()}


@pytest.fixture
def rolled(market):  # noqa: F811
    statistics_rollup_city_day(city=market["city"], day=D)
    return market


def city_url(code: str = "330200") -> str:
    return reverse("dashboards:city", kwargs={"code": code})


def test_a_city_official_sees_their_city_and_not_another(client, city_official, rolled, other_city):
    client.force_login(city_official)
    assert client.get(city_url(), PERIOD).status_code == 200
    assert client.get(city_url(other_city.code)).status_code == 404
    assert client.get(city_url("999999")).status_code == 404
    export = reverse("dashboards:city-export", args=[other_city.code, "agencies", "csv"])
    assert client.get(export).status_code == 404
    # The national overview sends a city official to their own city.
    response = client.get(reverse("dashboards:national"))
    assert response.status_code == 302 and response["Location"] == city_url()


def test_a_national_official_sees_every_city(client, national_official, rolled, other_city):
    client.force_login(national_official)
    assert client.get(reverse("dashboards:national"), PERIOD).status_code == 200
    assert client.get(city_url(other_city.code)).status_code == 200
    assert client.get(city_url(), PERIOD).status_code == 200


def test_visitors_sign_in_and_other_roles_get_404(client, agency_staff, factory_hr, rolled):
    for url in (city_url(), reverse("dashboards:national")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (agency_staff, factory_hr):
        client.force_login(user)
        assert client.get(city_url()).status_code == 404
        assert client.get(reverse("dashboards:national")).status_code == 404


def test_counts_of_fewer_than_five_people_are_suppressed(client, city_official, rolled):
    assert [people(n) for n in (0, 1, 4, 5)] == [0, "<5", "<5", 5]
    client.force_login(city_official)
    response = client.get(city_url(), PERIOD)
    headlines = {h.key: h.value for h in response.context["dashboard"].headlines}
    assert headlines["applications"] == "<5" and headlines["hires"] == "<5"
    assert headlines["active_seekers"] == 7 and headlines["open_headcount"] == 7
    export = client.get(reverse("dashboards:city-export", args=["330200", "trend-pipeline", "csv"]), PERIOD)
    text = export.content.decode("utf-8-sig")
    assert f"{D.isoformat()},<5,<5,<5,<5,5" in text


def test_every_table_exports_as_csv_and_xlsx_with_formulas_escaped(client, national_official, rolled):
    evil = rolled["over_cap"]
    evil.name = '=HYPERLINK("http://x","y")'
    evil.save()
    statistics_rollup_city_day(city=rolled["city"], day=D)
    client.force_login(national_official)
    board = client.get(city_url(), PERIOD).context["dashboard"]
    for key in board.tables:
        for fmt in ("csv", "xlsx"):
            response = client.get(reverse("dashboards:city-export", args=["330200", key, fmt]), PERIOD)
            assert response.status_code == 200, (key, fmt)
    csv_text = client.get(
        reverse("dashboards:city-export", args=["330200", "dispatch-compliance", "csv"]), PERIOD
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and '\n"=HYPERLINK' not in csv_text
    xlsx = client.get(
        reverse("dashboards:city-export", args=["330200", "dispatch-compliance", "xlsx"]), PERIOD
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=1).value.startswith("'=")
    for key in ("cities", "regions"):
        response = client.get(reverse("dashboards:national-export", args=[key, "xlsx"]), PERIOD)
        assert response.status_code == 200
    assert client.get(reverse("dashboards:national-export", args=["nope", "csv"])).status_code == 404
    assert (
        client.get(reverse("dashboards:city-export", args=["330200", "agencies", "pdf"])).status_code == 404
    )


GARBAGE = [
    {},
    {"start": "abc"},
    {"start": "2026-02-30"},
    {"start": "0001-01-01", "end": "0001-01-02"},
    {"start": "9999-12-31"},
    {"end": "1999-01-01"},
    {"start": "2026-03-10", "end": "2020-01-01"},
    {"start": "2000-01-01", "end": "2100-12-31"},
    {"district": "999999"},
    {"district": "' OR 1=1 --"},
    {"district": "330206", "start": "2026-03-10"},
    {"sort": "__class__", "dir": "sideways"},
    {"sort": "median_days", "dir": "asc"},
    {"start": "%", "end": "%%"},
]


@pytest.mark.parametrize("params", GARBAGE)
def test_no_filter_value_answers_500(client, national_official, rolled, params):
    client.force_login(national_official)
    assert client.get(city_url(), params).status_code == 200
    assert client.get(reverse("dashboards:national"), params).status_code == 200
    export = reverse("dashboards:city-export", args=["330200", "short-skills", "csv"])
    assert client.get(export, params).status_code == 200


def test_the_district_filter_narrows_the_figures(client, city_official, rolled):
    client.force_login(city_official)
    board = client.get(city_url(), {**PERIOD, "district": rolled["b"].code}).context["dashboard"]
    headlines = {h.key: h.value for h in board.headlines}
    assert headlines["open_headcount"] == 4 and headlines["open_vacancies"] == 1


def test_dashboard_pages_read_a_bounded_number_of_queries(
    client, national_official, rolled, django_assert_max_num_queries
):
    for code in ("320500", "440300", "110100"):
        factories.PilotCityFactory(code=code)
    client.force_login(national_official)
    client.get(city_url(), PERIOD)  # warm the session
    with django_assert_max_num_queries(20):
        assert client.get(city_url(), PERIOD).status_code == 200
    with django_assert_max_num_queries(13):  # 12, and the header's unread-notification count
        assert client.get(reverse("dashboards:national"), PERIOD).status_code == 200


def test_the_charts_carry_no_script_and_use_a_chinese_font(client, national_official, rolled):
    client.force_login(national_official)
    html = client.get(city_url(), PERIOD).content.decode()
    assert "<script" not in html.split("<main", 1)[1]
    assert html.count('src="data:image/svg+xml,') == 6
    assert len(html.encode()) < 150_000  # the page-weight budget, six charts included
    svg = clean_svg('<svg><script src="https://cdn"></script><script>x()</script><desc>7</desc><g/></svg>')
    assert svg == "<svg><g/></svg>"

    uri = bar_chart(["焊工 & 钳工"], [("需求", [3.0])])
    assert not set('<>"&#') & set(uri.split(",", 1)[1])  # nothing that could end the attribute or the URI
    decoded = urllib.parse.unquote(uri.split(",", 1)[1])
    assert "<script" not in decoded and "WenQuanYi Micro Hei" in decoded and "Noto Sans CJK SC" in decoded
    assert "焊工 &amp; 钳工" in decoded


def test_no_growth_is_shown_when_the_previous_period_has_no_statistics(rolled):
    board = city_dashboard(city=rolled["city"], period=Period(D, D))
    assert board.headlines and all(h.change == NOT_SHOWN for h in board.headlines)
    assert not any(str(h.change).startswith("+") for h in board.headlines)
