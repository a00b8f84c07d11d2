"""What the pages tell people is true: distances, skill gaps, the name in the header, export formats."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from hrmatch.templatetags.hrmatch_pages import match_reasons
from matching.selectors import missing_skills
from talent.models import WorkerSkill

pytestmark = pytest.mark.django_db


def _match(distance_km: float, *, dormitory: bool = False):
    vacancy = SimpleNamespace(dormitory=dormitory, pay_max=8000)
    return SimpleNamespace(
        vacancy=vacancy, distance_km=distance_km, required_total=0, matched_required=0, pay_fit=1.0
    )


def test_a_distance_is_named_only_when_it_is_within_the_workers_commute():
    worker = SimpleNamespace(max_commute_km=15, desired_pay=6000)
    assert "1.5 km from home" in match_reasons(_match(1.5), worker)
    far = match_reasons(_match(55.0), worker)
    assert not any("km" in reason for reason in far)
    assert "beyond your commute, with a dormitory" in match_reasons(_match(55.0, dormitory=True), worker)


def test_a_skill_held_below_the_level_is_a_gap_to_improve_not_a_missing_skill(market):
    vacancy = market.small.vacancies[0]
    worker = market.small.workers[0]
    required = list(vacancy.skill_requirements.filter(importance="required").select_related("skill"))
    WorkerSkill.objects.filter(worker=worker).delete()
    WorkerSkill.objects.create(worker=worker, skill=required[0].skill, level=1)
    match = SimpleNamespace(vacancy_id=vacancy.pk, worker_id=worker.pk)
    gaps = missing_skills([match])[(vacancy.pk, worker.pk)]
    assert {(gap.skill.pk, gap.held, gap.required) for gap in gaps} == {
        (required[0].skill.pk, 1, 2),
        (required[1].skill.pk, 0, 2),
        (required[2].skill.pk, 0, 2),
    }
    html = render_to_string("matching/partials/skill_gaps.html", {"gaps": gaps})
    below, missing = html.split("Below the level")[1], html.split("Below the level")[0]
    assert required[0].skill.name_en in below and "level 1 of 2" in below
    assert required[0].skill.name_en not in missing
    reasons = match_reasons(_match(1.0), worker, gaps)
    assert any(reason.startswith("to improve to the required level") for reason in reasons)


def test_the_header_shows_the_name_on_the_workers_profile(client, market):
    market.worker_user.first_name = "张"
    market.worker_user.save(update_fields=["first_name"])
    market.worker.full_name = "姬伟"
    market.worker.save(update_fields=["full_name"])
    client.force_login(market.worker_user)
    page = client.get(reverse("talent:profile")).content.decode()
    assert '<span class="who">姬伟</span>' in page


def test_the_xlsx_export_link_downloads_an_xlsx_file(client, market):
    client.force_login(market.agency_user)
    page = client.get(reverse("agencies:worker-list")).content.decode()
    assert "??" not in page
    response = client.get(reverse("agencies:worker-export") + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="workers.xlsx"' in response["Content-Disposition"]
    assert response.content[:2] == b"PK"
    assert 'href="/agency/workers/export/?format=xlsx"' in page


def test_closing_a_vacancy_asks_first_and_pausing_does_not(client, market):
    vacancy = market.small.vacancies[0]
    vacancy.agency = market.agency
    vacancy.save(update_fields=["agency"])
    client.force_login(market.agency_user)
    page = client.get(reverse("enterprises:vacancy-manage", args=[vacancy.pk])).content.decode()
    confirm = page.split('<details class="confirm" id="close-vacancy">')[1].split("</details>")[0]
    assert 'value="closed"' in confirm and "<p>" in confirm
    assert page.count('value="closed"') == 1


def test_a_form_with_errors_lists_them_at_the_top_with_links_to_the_fields(client, market):
    client.force_login(market.agency_user)
    response = client.post(reverse("agencies:placement-create"), {"employment_form": "direct"})
    page = response.content.decode()
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_worker"' in summary and 'href="#id_started_on"' in summary


def test_the_shortlist_api_gives_the_held_and_required_level_of_each_gap(client, market):
    vacancy = market.small.vacancies[0]
    client.force_login(market.factory_user)
    rows = client.get(f"/api/v1/vacancies/{vacancy.pk}/shortlist/").json()["results"]
    gaps = [gap for row in rows for gap in row["missing_skills"]]
    assert gaps, "the small city's candidates lack some required skills"
    assert all(set(gap) == {"code", "name", "held_level", "required_level"} for gap in gaps)
    assert all(gap["held_level"] < gap["required_level"] for gap in gaps)
