"""Editing a vacancy: one service behind the page and the API; an open vacancy whose matching terms
change is re-matched at once, a closed one refuses edits, bad dates are refused on their field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from enterprises.forms import VacancyForm
from enterprises.models import Enterprise, Vacancy
from enterprises.services import vacancy_update
from enterprises.signals import vacancy_terms_changed
from hrmatch.workflows import TransitionError
from matching.models import Match
from matching.selectors import current_run_id
from tests import factories
from tests.pages.conftest import build_market

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(db):
    return build_market()


def _top_trade(vacancy, small) -> str:
    """The trade of the best candidate on the vacancy's current shortlist."""
    top = Match.objects.get(
        run_id=current_run_id(vacancy.city_id), vacancy=vacancy, direction=Match.Direction.SHORTLIST, rank=0
    )
    welders = {w.pk for w in small.workers if w.primary_occupation.code == "6-18-02-04"}
    return "welder" if top.worker_id in welders else "lathe"


def test_new_skills_on_an_open_vacancy_rematch_it_at_once(market, django_capture_on_commit_callbacks):
    small = market.small
    lathe_job = small.vacancies[2]
    assert _top_trade(lathe_job, small) == "lathe"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        vacancy_update(
            vacancy=lathe_job,
            data={"occupation": small.vacancies[0].occupation},
            skills=[(skill.pk, "required", 2) for skill in small.welding[:3]],
        )
    assert callbacks, "the re-match waits for the commit"
    assert _top_trade(lathe_job, small) == "welder"


def test_a_new_title_or_description_does_not_rematch(market):
    sent = []

    def listen(sender, vacancy, **kwargs):
        sent.append(vacancy.pk)

    vacancy_terms_changed.connect(listen)
    try:
        vacancy = market.small.vacancies[0]
        vacancy_update(vacancy=vacancy, data={"title": "资深氩弧焊工", "description": "两班倒"})
        assert sent == []
        vacancy_update(vacancy=vacancy, data={"pay_max": vacancy.pay_max + 500})
        assert sent == [vacancy.pk]
        draft = factories.VacancyFactory(enterprise=market.enterprise, status="draft")
        vacancy_update(vacancy=draft, data={"pay_max": draft.pay_max + 500})
        assert sent == [vacancy.pk], "a draft is matched when it is published, not on every edit"
    finally:
        vacancy_terms_changed.disconnect(listen)


def test_a_closed_vacancy_cannot_be_edited():
    vacancy = factories.VacancyFactory(status="closed", title="旧岗位")
    with pytest.raises(TransitionError):
        vacancy_update(vacancy=vacancy, data={"title": "新岗位"})
    vacancy.refresh_from_db()
    assert vacancy.title == "旧岗位"


def _form_data(vacancy: Vacancy, **changes) -> dict:
    """What the edit page posts: the saved values as the form shows them, with `changes` applied."""
    form = VacancyForm(instance=vacancy, enterprises=Enterprise.objects.all())
    data = {name: form[name].value() for name in form.fields if name != "enterprise"}
    links = list(vacancy.skill_requirements.all())
    data.update(
        {
            "skills-TOTAL_FORMS": str(len(links)),
            "skills-INITIAL_FORMS": str(len(links)),
            "skills-MIN_NUM_FORMS": "0",
            "skills-MAX_NUM_FORMS": "30",
        }
    )
    for i, link in enumerate(links):
        data.update(
            {
                f"skills-{i}-skill": link.skill_id,
                f"skills-{i}-importance": link.importance,
                f"skills-{i}-min_level": link.min_level,
            }
        )
    data.update(changes)
    return {key: "" if value is None else value for key, value in data.items() if value is not False}


def test_agency_staff_edit_an_open_vacancy_on_its_page(client, market, django_capture_on_commit_callbacks):
    vacancy = market.small.vacancies[0]
    client.force_login(market.agency_user)
    url = reverse("enterprises:vacancy-edit", args=[vacancy.pk])
    page = client.get(url).content.decode()
    assert f'value="{vacancy.start_date:%Y-%m-%d}"' in page, "the saved start date loads into the date input"
    manage = client.get(reverse("enterprises:vacancy-manage", args=[vacancy.pk])).content.decode()
    assert f'href="{url}"' in manage
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form_data(vacancy, headcount=5, pay_max=vacancy.pay_max + 1000))
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.headcount, vacancy.status) == (5, "open")
    assert vacancy.skill_requirements.count() == 4


def test_a_closing_date_before_the_start_is_a_field_error_on_the_edit_page(client, market):
    vacancy = market.small.vacancies[0]
    client.force_login(market.factory_user)
    response = client.post(
        reverse("enterprises:vacancy-edit", args=[vacancy.pk]),
        _form_data(vacancy, start_date="2027-01-01", closing_date="2026-12-01"),
    )
    assert response.status_code == 200
    assert "closing_date" in response.context["form"].errors
    vacancy.refresh_from_db()
    assert vacancy.closing_date is None


def test_the_edit_page_is_a_404_for_other_tenants_and_closed_vacancies_go_back(client, market):
    other = factories.VacancyFactory(title="别家的岗位")
    closed = factories.VacancyFactory(enterprise=market.enterprise, status="closed")
    url = reverse("enterprises:vacancy-edit", args=[market.small.vacancies[0].pk])
    assert client.get(url).status_code == 302  # to the login page
    for user, status in ((market.worker_user, 404), (market.agency_user, 200), (market.factory_user, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status
    for user in (market.agency_user, market.factory_user):
        client.force_login(user)
        assert client.get(reverse("enterprises:vacancy-edit", args=[other.pk])).status_code == 404
        assert client.post(reverse("enterprises:vacancy-edit", args=[other.pk]), {}).status_code == 404
        response = client.post(reverse("enterprises:vacancy-edit", args=[closed.pk]), _form_data(closed))
        assert response.url == reverse("enterprises:vacancy-manage", args=[closed.pk])
    assert Vacancy.objects.get(pk=other.pk).title == "别家的岗位"


def test_the_api_refuses_bad_dates_with_field_errors_and_closed_vacancies_with_409(market):
    api = APIClient()
    api.force_authenticate(market.agency_user)
    vacancy = market.small.vacancies[0]
    url = f"/api/v1/vacancies/{vacancy.pk}/"
    response = api.patch(url, {"start_date": "2027-01-01", "closing_date": "2026-12-01"}, format="json")
    assert response.status_code == 400
    assert "closing_date" in response.json()["errors"]
    closed = factories.VacancyFactory(enterprise=market.enterprise, status="closed")
    response = api.patch(f"/api/v1/vacancies/{closed.pk}/", {"headcount": 3}, format="json")
    assert response.status_code == 409
    assert api.patch(url, {"headcount": 0}, format="json").status_code == 400
    response = api.patch(url, {"closing_date": dt.date(2027, 6, 1).isoformat()}, format="json")
    assert response.status_code == 200 and response.json()["closing_date"] == "2027-06-01"
