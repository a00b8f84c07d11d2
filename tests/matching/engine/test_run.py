"""The full run: hard filters, both directions, reasons, determinism, fast paths, explain_pairs."""

from __future__ import annotations

import numpy as np
import pytest

from matching.engine import (
    FEATURES,
    MatchParams,
    Weights,
    explain_pairs,
    prepare_vacancies,
    prepare_workers,
    recommend_for_worker,
    run_matching,
    shortlist_for_vacancy,
)
from matching.engine.evaluation.generator import make_city
from tests.matching.engine import tiny

ONE = MatchParams(n_jobs=1)


def _shortlisted(worker_specs, vacancy_specs) -> set[int]:
    res = run_matching(
        tiny.workers(worker_specs), tiny.vacancies(vacancy_specs), tiny.tiny_taxonomy(), params=ONE
    )
    assert np.all(res.shortlists.vacancy_index == 0)
    return set(res.shortlists.worker_index.tolist())


BASE = {"skills": {0: 3, 1: 3}}
VAC = {"required": {0: 2, 1: 2}, "form": 2, "xy": (0.0, 0.0)}


def test_form_filter() -> None:
    got = _shortlisted([{**BASE, "forms": 2}, {**BASE, "forms": 1 | 4}, {**BASE, "forms": 0}], [VAC])
    assert got == {0}


def test_commute_filter() -> None:
    ws = [
        {**BASE, "xy": (9.9, 0.0), "max_commute_km": 10.0},
        {**BASE, "xy": (10.1, 0.0), "max_commute_km": 10.0},
        {**BASE, "xy": (0.0, -29.0), "max_commute_km": 30.0},
    ]
    assert _shortlisted(ws, [VAC]) == {0, 2}


def test_relocation_needs_a_dormitory() -> None:
    ws = [
        {**BASE, "xy": (50.0, 0.0), "max_commute_km": 5.0, "relocate": True},
        {**BASE, "xy": (50.0, 0.0), "max_commute_km": 5.0, "relocate": False},
    ]
    assert _shortlisted(ws, [{**VAC, "dormitory": True}]) == {0}
    assert _shortlisted(ws, [{**VAC, "dormitory": False}]) == set()


def test_availability_filter() -> None:
    ws = [
        {**BASE, "available_from": tiny.DAY + 5},
        {**BASE, "available_from": tiny.DAY + 6},
        {**BASE, "available_from": tiny.DAY - 100},
    ]
    assert _shortlisted(ws, [{**VAC, "start": tiny.DAY + 5}]) == {0, 2}


def test_a_late_worker_never_takes_a_candidate_place() -> None:
    """The scan itself drops late workers: with one candidate place per vacancy, the better-skilled
    worker who starts a day late must not take it from the one who can start in time."""
    ws = tiny.workers(
        [
            {"skills": {0: 5, 1: 5}, "available_from": tiny.DAY + 6},
            {"skills": {0: 2, 1: 2, 3: 4, 4: 4}, "available_from": tiny.DAY + 5},
        ]
    )
    one_place = MatchParams(n_jobs=1, candidates=1, candidates_same_trade=0, candidates_related=0)
    res = run_matching(
        ws, tiny.vacancies([{**VAC, "start": tiny.DAY + 5}]), tiny.tiny_taxonomy(), params=one_place
    )
    assert res.shortlists.worker_index.tolist() == [1]


def test_eligibility_filter() -> None:
    ws = [{**BASE, "eligible": False}, {**BASE, "eligible": True}]
    assert _shortlisted(ws, [VAC]) == {1}


def test_filters_hold_on_a_synthetic_city() -> None:
    st, ws, vs = make_city(3000, 300, n_skills=120, seed=5)
    res = run_matching(ws, vs, st.taxonomy, params=MatchParams(n_jobs=1, candidates=100))
    for pairs in (res.shortlists, res.recommendations):
        assert pairs.feasible.all()
        w, v = pairs.worker_index, pairs.vacancy_index
        assert ws.eligible[w].all()
        assert np.all((ws.forms[w] & vs.form[v]) != 0)
        assert np.all(ws.available_from[w] <= vs.start[v])
        far = pairs.distance_km > ws.max_commute_km[w] * 1.01
        assert np.all(ws.relocate[w][far] & vs.dormitory[v][far])


def _hand_city():
    ws = tiny.workers(
        [
            {"skills": {0: 3, 1: 1}},  # welding ok, grinding below level 2
            {"skills": {0: 4, 1: 4, 2: 2}},  # everything
            {"skills": {5: 2}},  # nothing required
            {"skills": {3: 3, 4: 3}},
        ]
    )
    vs = tiny.vacancies(
        [
            {"required": {0: 2, 1: 2, 2: 3}, "headcount": 1},
            {"required": {3: 1, 4: 4}, "headcount": 12},
        ]
    )
    return ws, vs


def test_reasons_are_exact_on_a_hand_made_case() -> None:
    ws, vs = _hand_city()
    out = explain_pairs(ws, vs, np.array([0, 0, 0, 1]), np.array([0, 1, 2, 3]), taxonomy=tiny.tiny_taxonomy())
    assert out.required_total.tolist() == [3, 3, 3, 2]
    assert out.matched_required.tolist() == [1, 2, 0, 1]
    assert out.missing_for(0).tolist() == [1, 2]
    assert out.missing_for(1).tolist() == [2]  # holds skill 2 at level 2, needs 3
    assert out.missing_for(2).tolist() == [0, 1, 2]
    assert out.missing_for(3).tolist() == [4]
    miss = out.missing()
    assert miss.shape == (4, tiny.S) and miss.nnz == 7
    np.testing.assert_allclose(out.contributions.sum(axis=1), out.score, rtol=1e-5)
    assert out.contributions.shape == (4, len(FEATURES))
    assert np.all(out.rank == -1)


def test_both_directions_and_their_sizes() -> None:
    st, ws, vs = make_city(2000, 150, n_skills=80, seed=3)
    params = MatchParams(
        n_jobs=1,
        candidates=120,
        candidates_same_trade=0,
        candidates_related=0,
        shortlist_min=10,
        shortlist_per_head=5,
        recommendations=7,
    )
    res = run_matching(ws, vs, st.taxonomy, params=params)
    sl, rec = res.shortlists, res.recommendations
    # Shortlists: sorted by vacancy then rank, ranks 0..k-1, size max(10, 5 × headcount) capped by 120.
    key = sl.vacancy_index.astype(np.int64) * 1000 + sl.rank
    assert np.all(np.diff(key) > 0)
    counts = np.bincount(sl.vacancy_index, minlength=len(vs))
    want = np.minimum(np.maximum(10, 5 * vs.headcount), 120)
    assert np.all(counts <= want) and np.mean(counts == want) > 0.9
    for v in np.unique(sl.vacancy_index):
        s = sl.score[sl.vacancy_index == v]
        assert np.all(np.diff(s) <= 0)
    # Recommendations: sorted by worker then rank, at most 7 each, scores descending.
    key = rec.worker_index.astype(np.int64) * 1000 + rec.rank
    assert np.all(np.diff(key) > 0)
    assert np.bincount(rec.worker_index).max() == 7
    for w in np.unique(rec.worker_index)[:50]:
        assert np.all(np.diff(rec.score[rec.worker_index == w]) <= 0)
    # The same pair scores the same in both directions.
    both = {
        (int(v), int(w)): float(s)
        for v, w, s in zip(sl.vacancy_index, sl.worker_index, sl.score, strict=True)
    }
    shared = [
        (float(s), both[(int(v), int(w))])
        for v, w, s in zip(rec.vacancy_index, rec.worker_index, rec.score, strict=True)
        if (int(v), int(w)) in both
    ]
    assert shared and all(a == b for a, b in shared)


def test_shortlist_matches_exhaustive_ranking_when_candidates_cover_everyone() -> None:
    st, ws, vs = make_city(400, 20, n_skills=60, seed=9)
    res = run_matching(ws, vs, st.taxonomy, params=MatchParams(n_jobs=1, candidates=400, shortlist_min=15))
    v = 4
    allp = explain_pairs(ws, vs, np.full(len(ws), v), np.arange(len(ws)), taxonomy=st.taxonomy)
    ok = np.flatnonzero(allp.feasible)
    size = max(15, 5 * int(vs.headcount[v]))
    best = ok[np.lexsort((ok, -allp.score[ok]))][:size]
    got = res.shortlists.worker_index[res.shortlists.vacancy_index == v]
    assert got.tolist() == best.tolist()


def test_deterministic_and_independent_of_process_count() -> None:
    st, ws, vs = make_city(3000, 600, n_skills=100, seed=4)
    pw = prepare_workers(ws, st.taxonomy)
    pv = prepare_vacancies(vs, pw.basis)
    a = run_matching(pw, pv, st.taxonomy, params=MatchParams(n_jobs=1, block_size=64, candidates=80))
    b = run_matching(pw, pv, st.taxonomy, params=MatchParams(n_jobs=2, block_size=64, candidates=80))
    c = run_matching(
        ws, vs, st.taxonomy, params=MatchParams(n_jobs=1, block_size=256, candidates=80, chunk_rows=512)
    )
    for other in (b, c):
        for name in ("shortlists", "recommendations"):
            x, y = getattr(a, name), getattr(other, name)
            np.testing.assert_array_equal(x.vacancy_index, y.vacancy_index)
            np.testing.assert_array_equal(x.worker_index, y.worker_index)
            np.testing.assert_array_equal(x.score, y.score)
            np.testing.assert_array_equal(x.missing_skills, y.missing_skills)


def test_the_staged_run_yields_the_same_outputs_and_stops_its_pool_when_closed_early() -> None:
    """``matching_stages`` (what a chunk task uses, storing shortlists while the pool explains the
    recommendations) gives run_matching's outputs; a caller that stops after the shortlists (a chunk
    another worker already stored) leaves no pool process behind."""
    import multiprocessing
    from contextlib import closing

    from matching.engine.scoring import matching_stages

    st, ws, vs = make_city(3000, 600, n_skills=100, seed=4)
    pw = prepare_workers(ws, st.taxonomy)
    pv = prepare_vacancies(vs, pw.basis)
    params = MatchParams(n_jobs=2, block_size=64, candidates=80)
    want = run_matching(pw, pv, st.taxonomy, params=params)
    timings: dict[str, float] = {}
    shortlists, recommendations = matching_stages(pw, pv, st.taxonomy, params=params, timings=timings)
    for got, expected in ((shortlists, want.shortlists), (recommendations, want.recommendations)):
        np.testing.assert_array_equal(got.vacancy_index, expected.vacancy_index)
        np.testing.assert_array_equal(got.worker_index, expected.worker_index)
        np.testing.assert_array_equal(got.contributions, expected.contributions)
    assert {"candidates_and_rerank", "select_outputs", "explain"} <= timings.keys()

    before = set(multiprocessing.active_children())
    stages = matching_stages(pw, pv, st.taxonomy, params=params)
    with closing(stages):
        first = next(stages)
        assert len(first) == len(want.shortlists)
        assert len(set(multiprocessing.active_children()) - before) == 2  # explaining the recommendations
    assert not set(multiprocessing.active_children()) - before


def test_fast_paths_agree_with_the_full_run() -> None:
    st, ws, vs = make_city(2500, 200, n_skills=100, seed=6)
    pw = prepare_workers(ws, st.taxonomy)
    pv = prepare_vacancies(vs, pw.basis)
    params = MatchParams(n_jobs=1, candidates=150, recommendations=10)
    res = run_matching(pw, pv, st.taxonomy, params=params)
    for v in (0, 17, 123):
        fast = shortlist_for_vacancy(pw, vs.subset(slice(v, v + 1)), st.taxonomy, params=params)
        m = res.shortlists.vacancy_index == v
        np.testing.assert_array_equal(fast.worker_index, res.shortlists.worker_index[m])
        np.testing.assert_array_equal(fast.score, res.shortlists.score[m])
        assert np.all(fast.vacancy_index == 0)
    # With every vacancy a candidate of every worker (candidates ≥ workers, and the worker path sees
    # all vacancies), the worker fast path must return exactly the run's recommendations.
    wide = MatchParams(n_jobs=1, candidates=len(ws), recommendations=10)
    res = run_matching(pw, pv, st.taxonomy, params=wide)
    for w in (1, 42, 2000):
        fast = recommend_for_worker(ws.subset(slice(w, w + 1)), pv, st.taxonomy, params=wide)
        m = res.recommendations.worker_index == w
        np.testing.assert_array_equal(fast.vacancy_index, res.recommendations.vacancy_index[m])
        np.testing.assert_allclose(fast.score, res.recommendations.score[m], rtol=1e-6)


def test_explain_pairs_reports_infeasible_pairs_and_checks_indices() -> None:
    ws, vs = _hand_city()
    ws.eligible[2] = False
    out = explain_pairs(ws, vs, np.array([0, 0]), np.array([1, 2]), taxonomy=tiny.tiny_taxonomy())
    assert out.feasible.tolist() == [True, False]
    with pytest.raises(IndexError):
        explain_pairs(ws, vs, np.array([5]), np.array([0]), taxonomy=tiny.tiny_taxonomy())


def test_weights_change_the_order() -> None:
    ws = tiny.workers(
        [
            {"skills": {0: 3, 1: 3}, "xy": (18.0, 0.0)},  # perfect skills, far
            {"skills": {0: 3}, "xy": (0.5, 0.0)},  # half the skills, next door
        ]
    )
    vs = tiny.vacancies([{"required": {0: 1, 1: 1}}])
    tax = tiny.tiny_taxonomy()
    by_skill = run_matching(ws, vs, tax, Weights(skills=5, distance=0.1), params=ONE).shortlists
    by_distance = run_matching(ws, vs, tax, Weights(skills=0.1, distance=5), params=ONE).shortlists
    assert by_skill.worker_index.tolist() == [0, 1]
    assert by_distance.worker_index.tolist() == [1, 0]


def test_level_lookup_without_the_dense_matrix_gives_the_same_reasons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from matching.engine import prepare

    st, ws, vs = make_city(800, 60, n_skills=50, seed=8)
    a = run_matching(ws, vs, st.taxonomy, params=MatchParams(n_jobs=1, candidates=60))
    monkeypatch.setattr(prepare, "DENSE_LEVELS_MAX_BYTES", 0)
    pw = prepare.prepare_workers(ws, st.taxonomy)
    assert pw.levels is None
    b = run_matching(pw, vs, st.taxonomy, params=MatchParams(n_jobs=1, candidates=60))
    np.testing.assert_array_equal(a.shortlists.matched_required, b.shortlists.matched_required)
    np.testing.assert_array_equal(a.shortlists.missing_skills, b.shortlists.missing_skills)
    np.testing.assert_array_equal(a.shortlists.score, b.shortlists.score)


def test_each_workers_recommendations_are_its_best_pairs_with_ties_by_vacancy() -> None:
    """The threshold-then-sort selection agrees with ordering every candidate pair."""
    from matching.engine.scoring import _recommendation_pairs

    rng = np.random.default_rng(5)
    n = 20_000
    cw = rng.integers(0, 300, n).astype(np.int32)
    cv = rng.permutation(n).astype(np.int32)  # one pair per (worker, vacancy)
    cs = rng.choice(np.array([0.0, 0.3, 0.30000001, 0.7, 0.9], dtype=np.float32), n)
    rw, rv, rank = _recommendation_pairs(cv, cw, cs, 20)

    order = np.lexsort((cv, -cs.astype(np.float64), cw))
    ew, ev = cw[order], cv[order]
    first = np.r_[True, ew[1:] != ew[:-1]]
    erank = np.arange(n) - np.maximum.accumulate(np.where(first, np.arange(n), 0))
    keep = erank < 20
    assert np.array_equal(rw, ew[keep]) and np.array_equal(rv, ev[keep])
    assert np.array_equal(rank, erank[keep])
    assert rw.shape[0] == 300 * 20
