"""Page forms that must not fight the user: saved values load back, service rules come back as form
errors (never a 500)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from agencies.models import Placement
from enterprises.forms import VacancyForm
from tests import factories

pytestmark = pytest.mark.django_db


def _date_value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    assert 'type="date"' in tag
    return re.search(r'value="([^"]*)"', tag).group(1)


def test_a_dispatch_placement_over_the_ten_percent_cap_is_refused_with_the_rule(client, market):
    enterprise = market.enterprise
    enterprise.contract_headcount, enterprise.dispatched_headcount = 900, 100
    enterprise.save(update_fields=["contract_headcount", "dispatched_headcount"])
    vacancy = factories.VacancyFactory(
        enterprise=enterprise, employment_form="dispatch", dispatch_nature="auxiliary", agency=market.agency
    )
    worker = factories.WorkerProfileFactory(home_city=market.small.city, managing_agency=market.agency)
    client.force_login(market.agency_user)
    response = client.post(
        reverse("agencies:placement-create"),
        {
            "worker": worker.pk,
            "vacancy": vacancy.pk,
            "employment_form": "dispatch",
            "started_on": "2026-12-15",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "10%" in page and "101" in page
    assert not Placement.objects.filter(worker=worker).exists()


def test_the_saved_available_from_date_loads_into_the_profile_form(client, market):
    worker = market.worker
    worker.available_from = dt.date(2026, 11, 10)
    worker.save(update_fields=["available_from"])
    client.force_login(market.worker_user)
    page = client.get(reverse("talent:profile")).content.decode()
    assert _date_value(page, "available_from") == "2026-11-10"


def test_the_agency_worker_form_and_the_new_forms_show_their_dates(client, market):
    pooled = market.small.workers[1]
    pooled.available_from = dt.date(2027, 1, 5)
    pooled.save(update_fields=["available_from"])
    client.force_login(market.agency_user)
    page = client.get(reverse("agencies:worker-edit", args=[pooled.pk])).content.decode()
    assert _date_value(page, "available_from") == "2027-01-05"
    for name, field in (
        ("agencies:worker-create", "available_from"),
        ("agencies:placement-create", "started_on"),
    ):
        value = _date_value(client.get(reverse(name)).content.decode(), field)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (name, value)


def test_a_saved_vacancy_start_date_loads_as_an_iso_date_in_chinese_too(market):
    vacancy = market.small.vacancies[0]
    with translation.override("zh-hans"):
        rendered = str(VacancyForm(instance=vacancy)["start_date"])
    assert f'value="{vacancy.start_date.isoformat()}"' in rendered


def test_the_placement_worker_list_tells_namesakes_apart(client, market):
    for mobile in ("13711112222", "13733334444"):
        factories.WorkerProfileFactory(
            full_name="王伟", mobile=mobile, home_city=market.small.city, managing_agency=market.agency
        )
    client.force_login(market.agency_user)
    page = client.get(reverse("agencies:placement-create")).content.decode()
    labels = re.findall(r"<option value=\"\d+\">(王伟[^<]*)</option>", page)
    assert len(labels) == 2 and len(set(labels)) == 2
    assert all("1992" in label and "****" in label for label in labels)
