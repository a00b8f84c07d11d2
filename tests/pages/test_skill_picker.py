"""The searchable skill picker on the worker profile, the agency's worker form and the vacancy form: search,
choose by id or (without JavaScript) by exact name, field errors for the rest, and pages light enough."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from talent.models import Skill, WorkerProfile, WorkerSkill

pytestmark = pytest.mark.django_db
PAGE_LIMIT = 150 * 1024


def _profile_post(worker, **skills) -> dict:
    """The profile form as the page would post it, with `skills` (field name → value) for the rows."""
    data = {
        "full_name": worker.full_name,
        "max_commute_km": worker.max_commute_km,
        "available_from": worker.available_from.isoformat(),
        "years_experience": worker.years_experience,
        "status": worker.status,
        "forms_accepted": ["direct"],
        "skills-TOTAL_FORMS": "2",
        "skills-INITIAL_FORMS": "0",
        "skills-MIN_NUM_FORMS": "0",
        "skills-MAX_NUM_FORMS": "40",
        "skills-0-level": "3",
        "skills-1-level": "2",
    }
    data.update(skills)
    return data


def test_the_search_finds_skills_by_chinese_or_english_name_and_code(client, market):
    skill = Skill.objects.create(
        code="tig-welding", name_zh="氩弧焊", name_en="TIG welding", category=market.small.welding[0].category
    )
    url = reverse("talent:skill-search")
    for query in ("氩弧", "tig", "TIG WELD", "tig-w"):
        html = client.get(url, {"field": "skills-0-skill_q", "skills-0-skill_q": query}).content.decode()
        assert f'data-value="{skill.pk}"' in html, query
    english = client.get(url, {"q": "tig"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-label="TIG welding"' in english
    chinese = client.get(url, {"q": "tig"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-label="氩弧焊"' in chinese


def test_the_search_answers_nothing_for_an_empty_box_and_at_most_twelve_skills(client, market):
    category = market.small.welding[0].category
    Skill.objects.bulk_create(
        Skill(code=f"weld-extra-{i}", name_zh=f"焊接{i}", name_en=f"Weld {i}", category=category)
        for i in range(30)
    )
    url = reverse("talent:skill-search")
    assert 'role="option"' not in client.get(url, {"q": ""}).content.decode()
    assert client.get(url, {"q": "焊接"}).content.decode().count('role="option"') == 12


@pytest.mark.parametrize("junk", ["'", '"><script>', "%00", "9" * 400, "字"])
def test_the_search_never_fails_on_junk(client, market, junk):
    response = client.get(reverse("talent:skill-search"), {"field": junk, "list": junk, "q": junk})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_a_worker_picks_skills_by_id_and_the_saved_names_show_in_the_picker(client, market):
    worker, welding = market.worker, market.small.welding
    WorkerSkill.objects.filter(worker=worker).delete()
    client.force_login(market.worker_user)

    response = client.post(
        reverse("talent:profile"),
        _profile_post(worker, **{"skills-0-skill": welding[2].pk, "skills-1-skill": welding[3].pk}),
    )

    assert response.status_code == 302, response.context["form"].errors
    assert dict(WorkerSkill.objects.filter(worker=worker).values_list("skill_id", "level")) == {
        welding[2].pk: 3,
        welding[3].pk: 2,
    }
    page = client.get(reverse("talent:profile"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'value="{welding[2].name_en}"' in page and f'value="{welding[2].pk}"' in page
    assert 'select name="skills-0-skill"' not in page


def test_without_javascript_a_typed_exact_name_is_the_skill(client, market):
    worker, welding = market.worker, market.small.welding
    WorkerSkill.objects.filter(worker=worker).delete()
    client.force_login(market.worker_user)

    response = client.post(
        reverse("talent:profile"),
        _profile_post(
            worker,
            **{"skills-0-skill_q": welding[1].name_zh, "skills-1-skill_q": welding[0].name_en.upper()},
        ),
    )

    assert response.status_code == 302
    assert set(WorkerSkill.objects.filter(worker=worker).values_list("skill_id", flat=True)) == {
        welding[0].pk,
        welding[1].pk,
    }


def test_an_unknown_name_or_a_forged_id_is_a_field_error_and_nothing_changes(client, market):
    worker = market.worker
    before = set(WorkerSkill.objects.filter(worker=worker).values_list("skill_id", "level"))
    client.force_login(market.worker_user)

    response = client.post(
        reverse("talent:profile"),
        _profile_post(worker, **{"skills-0-skill_q": "没有这个技能", "skills-1-skill": "999999"}),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    rows = response.context["skills"].forms
    assert "No skill is called" in rows[0].errors["skill"][0]
    assert rows[1].errors["skill"]
    assert 'id="error-summary"' in response.content.decode()
    assert set(WorkerSkill.objects.filter(worker=worker).values_list("skill_id", "level")) == before


def test_the_same_skill_twice_is_refused(client, market):
    skill = market.small.welding[0]
    WorkerSkill.objects.filter(worker=market.worker).delete()
    client.force_login(market.worker_user)

    response = client.post(
        reverse("talent:profile"),
        _profile_post(market.worker, **{"skills-0-skill": skill.pk, "skills-1-skill_q": skill.name_zh}),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "Each skill may be listed once." in response.context["skills"].non_form_errors()


def test_the_agency_worker_form_and_the_vacancy_form_use_the_picker(client, market):
    pool_worker = WorkerProfile.objects.filter(managing_agency=market.agency).first()
    client.force_login(market.agency_user)
    for url in (
        reverse("agencies:worker-edit", args=[pool_worker.pk]),
        reverse("agencies:worker-create"),
        reverse("enterprises:vacancy-create"),
    ):
        html = client.get(url).content.decode()
        assert 'name="skills-0-skill_q"' in html and 'role="combobox"' in html, url
        assert 'select name="skills-0-skill"' not in html, url


def test_a_vacancy_is_saved_with_skills_chosen_in_the_picker(client, market):
    from enterprises.models import Vacancy

    welding = market.small.welding
    client.force_login(market.agency_user)
    data = {
        "enterprise": market.enterprise.pk,
        "title": "二保焊工",
        "occupation_code": market.small.vacancies[0].occupation.code,
        "headcount": 2,
        "pay_min": 6000,
        "pay_max": 8000,
        "employment_form": "direct",
        "shift_pattern": "day",
        "min_years_experience": 0,
        "start_date": "2026-12-20",
        "skills-TOTAL_FORMS": "2",
        "skills-INITIAL_FORMS": "0",
        "skills-MIN_NUM_FORMS": "0",
        "skills-MAX_NUM_FORMS": "30",
        "skills-0-skill": welding[0].pk,
        "skills-0-importance": "required",
        "skills-0-min_level": "3",
        "skills-1-skill_q": welding[1].name_zh,
        "skills-1-importance": "preferred",
        "skills-1-min_level": "2",
    }

    response = client.post(reverse("enterprises:vacancy-create"), data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    vacancy = Vacancy.objects.get(title="二保焊工")
    assert set(vacancy.skill_requirements.values_list("skill_id", "importance", "min_level")) == {
        (welding[0].pk, "required", 3),
        (welding[1].pk, "preferred", 2),
    }


# --- page weight with the demo data ---------------------------------------------------------------


@pytest.fixture
def demo(settings):
    call_command("load_reference", stdout=None)
    call_command("seed_demo", workers=60, vacancies=20, seed=1, stdout=None)
    return settings.HRMATCH_DEMO_PASSWORD


def test_the_skill_forms_weigh_under_150_kb_with_the_whole_demo_vocabulary(client, demo):
    assert Skill.objects.count() > 500  # the real vocabulary: nine selects of it weighed ~270 KB
    users = get_user_model().objects
    worker = WorkerProfile.objects.get(user__username="worker")
    pool_worker = WorkerProfile.objects.filter(managing_agency__memberships__user__username="agency").first()
    weights = {}
    client.force_login(users.get(username="worker"))
    weights["profile"] = len(client.get(reverse("talent:profile")).content)
    assert worker.skills.exists()
    client.force_login(users.get(username="agency"))
    weights["agency worker"] = len(client.get(reverse("agencies:worker-edit", args=[pool_worker.pk])).content)
    weights["new vacancy"] = len(client.get(reverse("enterprises:vacancy-create")).content)

    assert all(size < PAGE_LIMIT for size in weights.values()), weights
