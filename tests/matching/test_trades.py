"""Trades in a city run: work history, imported and learnt related occupations, and reasons that name the trade."""

import datetime as dt

import numpy as np
import pytest
from django.utils import translation

from matching.api.serializers import ReasonsOutputSerializer, explain
from matching.engine.occupations import RELATED_CAP, learned_strength
from matching.loaders import load_taxonomy, load_workers, worker_queryset
from matching.models import Application, Match
from matching.tasks import run_city_matching
from talent.models import Occupation, RelatedOccupation, WorkHistory
from tests import factories
from tests.matching.city import build_small_city

pytestmark = pytest.mark.django_db


def _position(index, occupation) -> int:
    return int(index.occupation_positions(np.array([occupation.pk]))[0])


def test_the_loader_reads_parent_links_skill_levels_and_work_history():
    small = build_small_city(workers=6)
    welder = Occupation.objects.get(code="6-18-02-04")
    group = Occupation.objects.get(code="6-18-00-00")
    Occupation.objects.filter(pk=welder.pk).update(parent=group)
    worker = small.workers[1]  # a lathe operator
    WorkHistory.objects.create(
        worker=worker,
        employer_name="甬江焊接",
        occupation=welder,
        job_title="焊工",
        started_on=dt.date(2019, 3, 1),
        ended_on=dt.date(2022, 3, 1),
    )
    index = load_taxonomy(city_id=small.city.pk)
    tax = index.taxonomy
    assert tax.occupation_parent[_position(index, welder)] == _position(index, group)
    assert tax.skill_level is not None and set(tax.skill_level.data.tolist()) == {2.0}
    arrays = load_workers(worker_queryset(small.city.pk), index, today=dt.date(2026, 12, 1))
    row = int(np.searchsorted(arrays.ids, worker.pk))
    assert arrays.history[row, _position(index, welder)] == pytest.approx(3.0, abs=0.01)
    assert arrays.history.nnz == 1


def test_imported_related_occupations_count_nationally_and_for_their_own_city_only():
    small = build_small_city(workers=4)
    other = factories.PilotCityFactory(code="330100", name_zh="杭州市", name_en="Hangzhou")
    welder = Occupation.objects.get(code="6-18-02-04")
    lathe = Occupation.objects.get(code="6-18-01-01")
    group = Occupation.objects.get(code="6-18-00-00")
    RelatedOccupation.objects.create(occupation=welder, related=lathe, strength=0.6)
    RelatedOccupation.objects.create(occupation=welder, related=group, strength=0.4, city=other)
    index = load_taxonomy(city_id=small.city.pk)
    related = index.taxonomy.related
    assert related[_position(index, welder), _position(index, lathe)] == pytest.approx(0.6)
    assert related[_position(index, welder), _position(index, group)] == 0.0
    elsewhere = load_taxonomy(city_id=other.pk).taxonomy.related
    assert elsewhere[_position(index, welder), _position(index, group)] == pytest.approx(0.4)


def test_hires_across_trades_teach_the_engine_that_they_are_related():
    small = build_small_city(workers=6)
    welding_vacancy = small.vacancies[0]
    lathe_workers = [w for w in small.workers if w.primary_occupation.code == "6-18-01-01"]
    for worker in lathe_workers[:3]:
        factories.ApplicationFactory(vacancy=welding_vacancy, worker=worker, stage=Application.Stage.HIRED)
    index = load_taxonomy(city_id=small.city.pk)
    welder = Occupation.objects.get(code="6-18-02-04")
    lathe = Occupation.objects.get(code="6-18-01-01")
    learned = index.taxonomy.learned
    got = learned[_position(index, lathe), _position(index, welder)]
    assert got == pytest.approx(float(learned_strength(np.array([3]))[0])) and 0 < got < RELATED_CAP
    assert learned[_position(index, welder), _position(index, lathe)] == 0.0  # hires go one way


def test_shortlist_reasons_name_the_trade_first():
    small = build_small_city(workers=12)
    WorkHistory.objects.create(
        worker=small.workers[1],
        employer_name="甬江焊接",
        occupation=small.vacancies[0].occupation,
        job_title="焊工",
        started_on=dt.date(2018, 1, 1),
        ended_on=dt.date(2024, 1, 1),
    )
    run_id = run_city_matching.delay(small.city.pk).get()
    rows = Match.objects.filter(run_id=run_id, direction="s", vacancy=small.vacancies[0]).select_related(
        "trade_occupation"
    )
    by_trade = {m.trade: m for m in rows}
    assert by_trade[Match.Trade.SAME].trade_occupation.code == "6-18-02-04"
    with translation.override("zh-hans"):
        assert explain(by_trade[Match.Trade.SAME])[0] == "同职业：焊工"
        if Match.Trade.SAME_PAST in by_trade:
            assert explain(by_trade[Match.Trade.SAME_PAST])[0] == "曾从事焊工"
    with translation.override("en"):
        first = explain(rows.order_by("rank").first())[0]
        assert first == "Same occupation: 焊工"
    assert Match.Trade.SAME_PAST in by_trade  # the lathe operator who welded for six years
    with translation.override("en"):
        data = ReasonsOutputSerializer(by_trade[Match.Trade.SAME_PAST]).data
    assert (data["trade"], data["trade_label"], data["trade_occupation"]) == (
        1,
        "Same occupation, held before",
        "6-18-02-04",
    )
    assert data["summary"][0] == "Worked as 焊工 before" and "level" in data["parts"]
    others = [m for m in rows if m.trade in (Match.Trade.RELATED, Match.Trade.UNRELATED)]
    for match in others:
        assert match.trade_occupation.code == "6-18-01-01"
        with translation.override("en"):
            assert explain(match)[0] in ("Related trade: 车工", "Other trade: 车工")
