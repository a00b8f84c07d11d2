"""The factory's counts of suggested candidates agree with the ranked shortlist they lead to."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from matching.models import Application, Match
from matching.selectors import shortlist_waiting_counts
from matching.services import pipeline
from talent.services import consent_withdraw

pytestmark = pytest.mark.django_db


def _shortlisted(vacancy) -> list[int]:
    return list(
        Match.objects.filter(vacancy=vacancy, direction=Match.Direction.SHORTLIST)
        .order_by("rank")
        .values_list("worker_id", flat=True)
    )


def _suggested_cell(page: str, vacancy) -> int:
    row = page[page.index(reverse("matching:candidates", args=[vacancy.pk])) :]
    return int(re.search(r'data-label="(?:Suggested|系统推荐)" class="num">(\d+)<', row).group(1))


def test_the_workspace_counts_the_engines_suggestions_not_yet_in_the_pipeline(client, market):
    vacancy = market.small.vacancies[0]
    workers = _shortlisted(vacancy)
    assert len(workers) >= 3
    client.force_login(market.factory_user)
    page = client.get(reverse("matching:factory-workspace")).content.decode()
    assert _suggested_cell(page, vacancy) == len(workers)

    # One moves into the pipeline (no longer waiting), one withdraws consent (off the shortlist at once).
    worker = vacancy.matches.get(worker_id=workers[0], direction="s").worker
    pipeline.application_suggest(worker=worker, vacancy=vacancy, score=0.5, features={})
    Application.objects.filter(vacancy=vacancy, worker=worker).update(stage=Application.Stage.SHORTLISTED)
    gone = vacancy.matches.get(worker_id=workers[1], direction="s").worker
    consent_withdraw(actor=None, worker=gone, purpose="matching")

    assert shortlist_waiting_counts(vacancies=[vacancy]) == {vacancy.pk: len(workers) - 2}
    page = client.get(reverse("matching:factory-workspace")).content.decode()
    assert _suggested_cell(page, vacancy) == len(workers) - 2


def test_the_board_points_to_the_shortlists_waiting_candidates(client, market):
    vacancy = market.small.vacancies[0]
    waiting = len(_shortlisted(vacancy))
    client.force_login(market.factory_user)
    page = client.get(
        reverse("matching:board", args=[vacancy.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"{waiting} more on the ranked shortlist" in page
    assert reverse("matching:candidates", args=[vacancy.pk]) in page


def test_a_city_without_a_published_run_waits_for_nobody(market):
    Match.objects.all().delete()
    from matching.models import CurrentRun

    CurrentRun.objects.all().delete()
    assert shortlist_waiting_counts(vacancies=market.small.vacancies) == {}
