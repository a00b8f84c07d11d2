"""The offline evaluation: a planted-truth city on the real taxonomy, exact metrics, and the ablation."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from matching.engine import FEATURES, MatchParams, Weights, explain_pairs, run_matching
from matching.engine.evaluation import (
    Evaluation,
    EvaluationCity,
    build_evaluation_city,
    evaluate,
    evaluate_result,
    hit_at_k,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
    reciprocal_rank,
)
from matching.engine.evaluation.classification import (
    ClassificationCity,
    build_classification_city,
    evaluate_classification,
    ranking_ndcg,
)
from matching.engine.evaluation.planted import (
    DECOY_FAR,
    DECOY_FORM,
    DECOY_LOW_LEVEL,
    DECOY_PAY,
    NEAR_LEVEL_SHORT,
    NEAR_MISSING_SKILL,
    TRUE_FIT,
)

DATA = Path(__file__).resolve().parents[2] / "talent" / "data"
ONE = MatchParams(n_jobs=1)


@pytest.fixture(scope="module")
def city() -> EvaluationCity:
    return build_evaluation_city(DATA, vacancies=30, background=3000, seed=3)


@pytest.fixture(scope="module")
def evaluation(city: EvaluationCity) -> Evaluation:
    return evaluate(city, params=ONE)


def _variant(evaluation: Evaluation, name: str):
    return next(v for v in evaluation.variants if v.name == name)


def test_metric_functions_match_a_hand_computed_ranking() -> None:
    # One vacancy: ranks 1..5 hold a true fit, nothing, a near miss, nothing, a true fit. It has three
    # true fits and one near miss planted, so the ideal ranking is 2, 2, 2, 1, 0.
    grades = np.array([[2.0, 0.0, 1.0, 0.0, 2.0]])
    ideal = np.array([[2.0, 2.0, 2.0, 1.0, 0.0]])
    assert precision_at_k(grades, 5)[0] == pytest.approx(2 / 5)
    assert precision_at_k(grades, 2)[0] == pytest.approx(1 / 2)
    assert recall_at_k(grades, np.array([3]), 5)[0] == pytest.approx(2 / 3)
    assert recall_at_k(grades, np.array([3]), 1)[0] == pytest.approx(1 / 3)
    dcg = 3 / math.log2(2) + 1 / math.log2(4) + 3 / math.log2(6)
    best = 3 / math.log2(2) + 3 / math.log2(3) + 3 / math.log2(4) + 1 / math.log2(5)
    assert ndcg_at_k(grades, ideal, 5)[0] == pytest.approx(dcg / best)
    assert ndcg_at_k(grades, ideal, 5)[0] == pytest.approx(0.683019, abs=1e-6)
    assert ndcg_at_k(ideal, ideal, 5)[0] == pytest.approx(1.0)
    assert np.isnan(recall_at_k(grades, np.array([0]), 5)[0])


def test_worker_direction_metrics_count_an_unlisted_vacancy_as_a_miss() -> None:
    rank = np.array([0, 3, 19, 20, -1])
    assert hit_at_k(rank, 20).tolist() == [1.0, 1.0, 1.0, 0.0, 0.0]
    assert reciprocal_rank(rank) == pytest.approx([1.0, 0.25, 0.05, 1 / 21, 0.0])


def test_planted_workers_are_what_their_labels_say(city: EvaluationCity) -> None:
    why = explain_pairs(
        city.workers, city.vacancies, city.planted_vacancy, city.planted_worker, taxonomy=city.taxonomy
    )
    kind = city.planted_kind
    complete = why.matched_required == why.required_total
    assert complete[kind == TRUE_FIT].all() and why.feasible[kind == TRUE_FIT].all()
    assert (why.matched_required == why.required_total - 1)[kind == NEAR_MISSING_SKILL].all()
    assert (why.matched_required == why.required_total - 1)[kind == NEAR_LEVEL_SHORT].all()
    assert (why.matched_required == 0)[kind == DECOY_LOW_LEVEL].all()
    assert not why.feasible[(kind == DECOY_FAR) | (kind == DECOY_FORM)].any()
    assert (why.pay_fit[kind == DECOY_PAY] == 0).all()
    assert (city.true_fit_counts() == 10).all()


def test_the_full_model_beats_the_skills_only_baseline_on_ndcg(evaluation: Evaluation) -> None:
    full = _variant(evaluation, "full model").metrics
    baseline = _variant(evaluation, "baseline: skills only").metrics
    assert full.ndcg_at_10 > baseline.ndcg_at_10


def test_decoys_rank_below_true_fits_on_average(evaluation: Evaluation) -> None:
    by_kind = {k.kind: k for k in evaluation.kinds}
    true_fit = by_kind["true fit"]
    decoys = [k for k in evaluation.kinds if k.grade == 0]
    assert len(decoys) == 4
    for decoy in decoys:
        assert decoy.mean_rank > true_fit.mean_rank
        assert decoy.mean_score < true_fit.mean_score or decoy.feasible == 0.0
        assert decoy.top10 < true_fit.top10


def test_every_metric_lies_between_zero_and_one(evaluation: Evaluation) -> None:
    assert len(evaluation.variants) >= 10
    for variant in evaluation.variants:
        assert all(0.0 <= x <= 1.0 for x in variant.metrics.values()), variant.name
    assert 0.0 <= evaluation.lookalikes_in_top10 <= 1.0


def test_the_city_and_its_metrics_are_the_same_for_the_same_seed(city: EvaluationCity) -> None:
    again = build_evaluation_city(DATA, vacancies=30, background=3000, seed=3)
    assert (again.workers.skills != city.workers.skills).nnz == 0
    assert np.array_equal(again.workers.lat, city.workers.lat)
    assert np.array_equal(again.vacancies.pay_min, city.vacancies.pay_min)
    assert np.array_equal(again.planted_worker, city.planted_worker)
    first = evaluate_result(city, run_matching(city.workers, city.vacancies, city.taxonomy, params=ONE))
    second = evaluate_result(again, run_matching(again.workers, again.vacancies, again.taxonomy, params=ONE))
    assert first == second
    other = build_evaluation_city(DATA, vacancies=30, background=3000, seed=4)
    assert not np.array_equal(other.workers.lat, city.workers.lat)


def test_each_ablation_zeroes_one_weight_and_keeps_the_others(evaluation: Evaluation) -> None:
    full = Weights()
    ablations = [
        v for v in evaluation.variants if v.name.startswith("without ") and "smoothing" not in v.name
    ]
    assert {v.name.removeprefix("without ") for v in ablations} == set(FEATURES)
    for variant in ablations:
        zeroed = variant.name.removeprefix("without ")
        for name in FEATURES:
            assert getattr(variant.weights, name) == (0.0 if name == zeroed else getattr(full, name))


def test_the_command_prints_a_markdown_table(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("evaluate_matching", "--vacancies", "8", "--background", "300", "--jobs", "1", "--markdown")
    out = capsys.readouterr().out
    assert "| full model |" in out and "| baseline: skills only |" in out and "nDCG@10" in out
    assert "Classification city (seed 1)" in out and "related trades only nDCG@10" in out
    assert "| naive: same occupation first, then TF-IDF |" in out


@pytest.fixture(scope="module")
def classification_city() -> ClassificationCity:
    return build_classification_city(DATA, DATA / "csco2022_definitions.csv", trades=40, seed=2)


def test_the_classification_city_grades_by_the_classification_not_by_the_engine(
    classification_city: ClassificationCity,
) -> None:
    city = classification_city
    codes = city.taxonomy.occupation_codes
    v = np.repeat(np.arange(len(city.vacancies)), len(city.workers))[:: len(city.workers) // 7 + 1]
    w = np.tile(np.arange(len(city.workers)), len(city.vacancies))[:: len(city.workers) // 7 + 1]
    grades = city.grades(v, w)
    same = city.vacancy_trade[v] == city.worker_trade[w]
    assert (grades[same] == 2).all() and (grades[~same] < 2).all()
    # Every pair of trades of one minor group is related; relatedness never comes from the engine's table.
    rel = city.related.tocoo()
    assert rel.nnz and (rel.row != rel.col).all()
    minor = [str(codes[a])[:7] == str(codes[b])[:7] for a, b in zip(rel.row, rel.col, strict=True)]
    assert any(minor) and not all(minor)  # the tree, and the definitions' text across groups
    assert (city.vacancies.occupation == city.vacancy_trade).all()
    assert city.workers.history is not None and city.workers.history.nnz > 0


def test_ranking_ndcg_is_one_for_the_ideal_order_and_drops_the_own_trade_when_asked(
    classification_city: ClassificationCity,
) -> None:
    city = classification_city
    m, n = len(city.vacancies), len(city.workers)
    grades = city.grades(np.repeat(np.arange(m), n), np.tile(np.arange(n), m)).reshape(m, n)
    ideal = np.argsort(-grades, axis=1, kind="stable")[:, :60]
    assert ranking_ndcg(city, ideal) == pytest.approx(1.0)
    assert ranking_ndcg(city, ideal, related_only=True) == pytest.approx(1.0)
    worst = np.argsort(grades, axis=1, kind="stable")[:, :60]
    assert ranking_ndcg(city, worst) == 0.0


def test_the_engine_finds_related_trades_better_than_the_naive_ranker(
    classification_city: ClassificationCity,
) -> None:
    figures = {f.name: f for f in evaluate_classification(classification_city, params=ONE)}
    engine, naive = figures["hrmatch"], figures["naive: same occupation first, then TF-IDF"]
    assert engine.related_only_ndcg_at_10 > naive.related_only_ndcg_at_10
    assert engine.ndcg_at_10 > 0.85 and naive.ndcg_at_10 > 0.85
    assert all(0.0 <= x <= 1.0 for f in figures.values() for x in (f.ndcg_at_10, f.related_only_ndcg_at_10))
