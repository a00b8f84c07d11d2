"""The trade: candidates of the vacancy's own and related trades, relatedness, work history, level fit."""

from __future__ import annotations

import numpy as np
import pytest

from matching.engine import (
    MatchParams,
    prepare_vacancies,
    prepare_workers,
    run_matching,
    shortlist_for_vacancy,
)
from matching.engine.evaluation.generator import make_city
from matching.engine.occupations import (
    TRADE_RELATED,
    TRADE_SAME,
    TRADE_SAME_PAST,
    TRADE_UNKNOWN,
    TRADE_UNRELATED,
)
from tests.matching.engine import tiny

WELDER, FITTER, CNC = 0, 1, 2  # tiny taxonomy: WELDER and FITTER share a minor group, CNC stands apart


def _shortlist(ws, vs, **params):
    res = run_matching(ws, vs, tiny.tiny_taxonomy(), params=MatchParams(n_jobs=1, **params))
    return res.shortlists


def _crowded_city(n_crowd: int = 30, n_welders: int = 4):
    """A welding vacancy (skills 0 and 1), a crowd of unrelated workers with exactly those skills,
    and welders who list only a loosely related skill (2), so their skill similarity is the lowest."""
    crowd = [{"skills": {0: 3, 1: 3}, "occupation": CNC} for _ in range(n_crowd)]
    welders = [{"skills": {2: 3}, "occupation": WELDER} for _ in range(n_welders)]
    ws = tiny.workers(crowd + welders)
    vs = tiny.vacancies([{"required": {0: 2, 1: 2}, "occupation": WELDER}])
    return ws, vs, np.arange(n_crowd, n_crowd + n_welders)


def test_exact_trade_workers_with_low_skill_similarity_are_still_shortlisted() -> None:
    ws, vs, welders = _crowded_city()
    only_skills = _shortlist(ws, vs, candidates=10, candidates_same_trade=0, candidates_related=0)
    assert not np.isin(welders, only_skills.worker_index).any()
    union = _shortlist(ws, vs, candidates=10, candidates_same_trade=10, candidates_related=0)
    assert np.isin(welders, union.worker_index).all()
    assert (union.trade[np.isin(union.worker_index, welders)] == TRADE_SAME).all()


def test_the_union_of_generators_respects_each_budget() -> None:
    ws, vs, welders = _crowded_city(n_crowd=30, n_welders=6)
    for same in (0, 2, 6, 20):
        sl = _shortlist(
            ws, vs, candidates=10, candidates_same_trade=same, candidates_related=0, shortlist_min=100
        )
        got = np.isin(sl.worker_index, welders).sum()
        assert got == min(same, welders.shape[0])
        assert len(sl) == 10 + got  # skill candidates, plus the budget of welders (none of them among the 10)
    # Within a budget, the most skill-similar of the trade come first: a welder who also lists skill 0.
    ws.skills = ws.skills.tolil()
    ws.skills[welders[-1], 0] = 3
    ws.skills = ws.skills.tocsr()
    sl = _shortlist(ws, vs, candidates=10, candidates_same_trade=1, candidates_related=0, shortlist_min=100)
    assert np.isin(sl.worker_index, welders).sum() == 1 and welders[-1] in sl.worker_index


def test_exact_trade_workers_who_fail_a_hard_filter_are_never_added() -> None:
    ws, vs, welders = _crowded_city()
    ws.eligible[welders[0]] = False
    ws.forms[welders[1]] = 2  # dispatch only; the vacancy hires directly
    sl = _shortlist(ws, vs, candidates=10, candidates_same_trade=50, candidates_related=50, shortlist_min=100)
    assert welders[0] not in sl.worker_index and welders[1] not in sl.worker_index
    assert welders[2] in sl.worker_index and sl.feasible.all()


def test_related_trades_rank_above_unrelated_ones_with_equal_skills() -> None:
    same = {"skills": {0: 2, 1: 2}}
    ws = tiny.workers(
        [
            {**same, "occupation": CNC},
            {**same, "occupation": FITTER},
            {**same},
            {**same, "occupation": WELDER},
        ]
    )
    vs = tiny.vacancies([{"required": {0: 2, 1: 2}, "occupation": WELDER}])
    sl = _shortlist(ws, vs)
    assert sl.worker_index.tolist() == [3, 1, 0, 2]
    assert sl.trade.tolist() == [TRADE_SAME, TRADE_RELATED, TRADE_UNRELATED, TRADE_UNKNOWN]
    assert sl.trade_occupation.tolist() == [WELDER, FITTER, CNC, -1]


def test_work_history_counts_and_is_named() -> None:
    same = {"skills": {0: 2, 1: 2}, "occupation": CNC}
    ws = tiny.workers(
        [
            {**same, "history": {}},
            {**same, "history": {WELDER: 0.5}},  # a short stint as a welder
            {**same, "history": {WELDER: 6.0}},  # six years as a welder
            {**same, "history": {FITTER: 6.0}},  # six years in a related trade
            {**same, "occupation": WELDER},  # a welder today
        ]
    )
    vs = tiny.vacancies([{"required": {0: 2, 1: 2}, "occupation": WELDER}])
    sl = _shortlist(ws, vs)
    # Today's trade first, then years in it before, then years in a related trade, then a short stint.
    assert sl.worker_index.tolist() == [4, 2, 3, 1, 0]
    assert sl.trade.tolist() == [TRADE_SAME, TRADE_SAME_PAST, TRADE_RELATED, TRADE_SAME_PAST, TRADE_UNRELATED]
    assert sl.trade_occupation.tolist() == [WELDER, WELDER, FITTER, WELDER, CNC]


def test_an_over_qualified_worker_does_not_outrank_an_exact_fit() -> None:
    base = {"occupation": WELDER, "cert": 3, "years": 4.0}
    ws = tiny.workers(
        [
            {**base, "skills": {0: 5, 1: 5}},  # two levels above on both required skills
            {**base, "skills": {0: 3, 1: 3}},  # exactly the required levels
            {**base, "skills": {0: 4, 1: 3}},  # one level above on one skill
        ]
    )
    vs = tiny.vacancies([{"required": {0: 3, 1: 3}, "occupation": WELDER, "min_cert": 3}])
    sl = _shortlist(ws, vs)
    assert sl.worker_index.tolist() == [1, 2, 0]
    assert (sl.matched_required == 2).all()  # all three meet every requirement


def test_fast_path_agrees_with_the_full_run_with_trade_generators() -> None:
    st, ws, vs = make_city(3000, 120, n_skills=100, seed=11)
    pw = prepare_workers(ws, st.taxonomy)
    pv = prepare_vacancies(vs, pw.basis)
    params = MatchParams(
        n_jobs=1, candidates=20, candidates_same_trade=40, candidates_related=15, shortlist_min=60
    )
    res = run_matching(pw, pv, st.taxonomy, params=params)
    assert res.timings["trade_pairs"] > 0
    for v in (0, 31, 99):
        fast = shortlist_for_vacancy(pw, vs.subset(slice(v, v + 1)), st.taxonomy, params=params)
        m = res.shortlists.vacancy_index == v
        np.testing.assert_array_equal(fast.worker_index, res.shortlists.worker_index[m])
        np.testing.assert_array_equal(fast.trade, res.shortlists.trade[m])
        assert len(fast) > 20  # the trade generators added candidates beyond the skill budget


@pytest.mark.parametrize("jobs", [1, 2])
def test_trade_candidates_do_not_depend_on_pruning_or_processes(jobs: int, monkeypatch) -> None:
    from matching.engine import scoring

    st, ws, vs = make_city(2500, 200, n_skills=100, seed=12)
    params = MatchParams(
        n_jobs=jobs, candidates=15, candidates_same_trade=30, candidates_related=10, block_size=64
    )
    a = run_matching(ws, vs, st.taxonomy, params=params)
    monkeypatch.setattr(scoring, "SPATIAL_PRUNING", False)
    b = run_matching(ws, vs, st.taxonomy, params=params)
    np.testing.assert_array_equal(a.shortlists.worker_index, b.shortlists.worker_index)
    np.testing.assert_array_equal(a.shortlists.score, b.shortlists.score)


@pytest.mark.parametrize("packed", [True, False], ids=["packed-key", "float-key"])
def test_the_trade_selection_keeps_each_vacancys_best_by_key_then_position(
    packed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ties, negative keys and a negative zero: the one-sort selection agrees with a plain lexsort,
    with (vacancy, key, position) packed in one integer and with the float key's tie pass."""
    from matching.engine.arrays import PackedKeys
    from matching.engine.generators import top_per_vacancy

    if not packed:
        monkeypatch.setattr(PackedKeys, "for_groups", classmethod(lambda cls, groups, positions: None))
    rng = np.random.default_rng(3)
    v = rng.integers(0, 7, 4000).astype(np.int32)
    p = rng.permutation(4000).astype(np.int64)
    k = rng.choice(np.array([-0.4, -0.0, 0.0, 0.25, 0.5, 0.5000001, 1.0], dtype=np.float32), 4000)
    kv, kp, kk = top_per_vacancy(v, p, k, 30)

    order = np.lexsort((p, -k.astype(np.float64), v))
    rv, rp, rk = v[order], p[order], k[order]
    first = np.r_[True, rv[1:] != rv[:-1]]
    rank = np.arange(rv.shape[0]) - np.maximum.accumulate(np.where(first, np.arange(rv.shape[0]), 0))
    keep = rank < 30
    assert np.array_equal(kv, rv[keep]) and np.array_equal(kp, rp[keep]) and np.array_equal(kk, rk[keep])
    assert kv.shape[0] == 7 * 30
    assert top_per_vacancy(v, p, k, 0)[0].shape[0] == 0
