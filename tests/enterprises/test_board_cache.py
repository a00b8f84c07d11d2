"""The anonymous job board and its API are answered from the cache per normalised query, and a publish,
pause, close, fill or edit retires the cached answers of the vacancy's city after commit."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from enterprises import board
from enterprises.selectors import vacancy_public_list
from enterprises.services import vacancy_close, vacancy_pause, vacancy_publish, vacancy_update
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_jobs(city, enterprise):
    vacancies = [
        factories.VacancyFactory(enterprise=enterprise, city=city, title=f"焊工{i}", status="open")
        for i in range(3)
    ]
    return vacancies


def board_titles(client: Client, query: str = "") -> str:
    """The board page without its per-response CSRF token."""
    html = client.get(reverse("enterprises:job-list") + query).content.decode()
    return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def api_titles(client: Client, query: str) -> list[str]:
    return [row["title"] for row in client.get("/api/v1/vacancies/" + query).json()["results"]]


def test_a_repeated_anonymous_board_query_runs_no_vacancy_query(
    client, city, open_jobs, django_assert_max_num_queries
):
    query = f"?city={city.code}&ordering=&page=1"
    first = board_titles(client, query)
    assert "焊工0" in first
    with django_assert_max_num_queries(0):
        # the same question asked another way (empty and default parameters dropped, order ignored)
        again = board_titles(client, f"?page=1&city={city.code}")
    results = 'id="job-results"'
    assert again[again.index(results) :] == first[first.index(results) :]


def test_the_api_answers_anonymous_readers_from_the_cache(client, city, open_jobs, django_assert_num_queries):
    query = f"?city={city.code}"
    titles = api_titles(client, query)
    assert len(titles) == 3
    with django_assert_num_queries(0):
        assert api_titles(client, query) == titles


@pytest.mark.parametrize("change", ["pause", "close", "edit"])
def test_pausing_closing_or_editing_an_open_vacancy_retires_its_city_s_cached_answers(
    client, city, open_jobs, change, django_capture_on_commit_callbacks
):
    query = f"?city={city.code}"
    assert "焊工0" in board_titles(client, query)
    assert "焊工0" in api_titles(client, query)
    vacancy = open_jobs[0]
    with django_capture_on_commit_callbacks(execute=True):
        if change == "pause":
            vacancy_pause(vacancy=vacancy)
        elif change == "close":
            vacancy_close(vacancy=vacancy)
        else:
            vacancy_update(vacancy=vacancy, data={"title": "数控车工"})
    after = board_titles(client, query)
    assert "焊工0" not in after
    assert "焊工0" not in api_titles(client, query)
    assert ("数控车工" in after) is (change == "edit")


def test_publishing_shows_the_vacancy_on_the_cached_board_after_commit(
    client, city, enterprise, open_jobs, django_capture_on_commit_callbacks
):
    draft = factories.VacancyFactory(enterprise=enterprise, city=city, title="叉车司机", status="draft")
    factories.VacancySkillFactory(vacancy=draft)
    query = f"?city={city.code}"
    assert "叉车司机" not in board_titles(client, query)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        vacancy_publish(vacancy=draft)
    assert "叉车司机" not in board_titles(client, query)  # not committed yet: the cached answer stands
    for callback in callbacks:
        callback()
    assert "叉车司机" in board_titles(client, query)
    assert "叉车司机" in api_titles(client, query)


def test_another_city_s_change_keeps_this_city_s_cached_answer(
    client, city, other_city, open_jobs, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    elsewhere = factories.VacancyFactory(city=other_city, status="open")
    query = f"?city={city.code}"
    board_titles(client, query)
    with django_capture_on_commit_callbacks(execute=True):
        vacancy_pause(vacancy=elsewhere)
    with django_assert_max_num_queries(0):
        board_titles(client, query)


def test_signed_in_readers_are_never_served_from_the_board_cache(client, city, open_jobs, factory_hr):
    client.force_login(factory_hr)
    query = f"?city={city.code}"
    assert len(api_titles(client, query)) == 3
    open_jobs[0].title = "改过的标题"
    open_jobs[0].save(update_fields=["title"])  # not through a service: the cache would not know
    assert "改过的标题" in api_titles(client, query)
    assert "改过的标题" in board_titles(client, query)


def test_the_board_counts_up_to_its_cap_and_then_says_more_than(client, city, enterprise, monkeypatch):
    monkeypatch.setattr(board.CappedPaginator, "cap", 4)
    for i in range(6):
        factories.VacancyFactory(enterprise=enterprise, city=city, status="open", title=f"岗位{i}")
    paginator = board.CappedPaginator(vacancy_public_list(), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (4, True, 2)
    html = client.get(reverse("enterprises:job-list"), {"city": city.code}, HTTP_ACCEPT_LANGUAGE="en").content
    assert "More than 4 jobs found" in html.decode()
    monkeypatch.setattr(board.CappedPaginator, "cap", 10)
    assert (board.CappedPaginator(vacancy_public_list(), 2).count, paginator.capped) == (6, True)


def test_the_normalised_query_ignores_order_empty_values_and_the_first_page(rf):
    a = rf.get("/jobs/?city=330200&occupation=&page=1&shift_pattern=night&shift_pattern=day")
    b = rf.get("/jobs/?shift_pattern=day&shift_pattern=night&city=330200")
    assert board.normalised_query(a) == board.normalised_query(b)
    assert board.normalised_query(rf.get("/jobs/?city=330200&page=2")) != board.normalised_query(b)
