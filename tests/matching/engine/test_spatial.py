"""Spatial pruning of the candidate scan: exact with respect to the hard filters, and the run's output
identical to a scan of every eligible worker (shortlists, ranks, scores, reasons, recommendations)."""

from __future__ import annotations

import itertools
from dataclasses import fields

import numpy as np
import pytest

from matching.engine import MatchParams, prepare_vacancies, prepare_workers, run_matching, scoring
from matching.engine.arrays import PackedKeys, WorkerArrays
from matching.engine.candidates import ScanRows, scan_block, scan_rows
from matching.engine.evaluation.generator import make_city
from matching.engine.geo import project_km
from matching.engine.spatial import block_ranges, build_spatial_index, vacancy_blocks


def _spread_out(ws: WorkerArrays, seed: int) -> WorkerArrays:
    """Harder geography than the synthetic default: limits from 0.3 to 200 km, some workers far out."""
    rng = np.random.default_rng(seed)
    n = len(ws)
    ws.max_commute_km = rng.choice([0.3, 2.0, 7.5, 12.0, 25.0, 45.0, 80.0, 200.0], n).astype(np.float32)
    far = rng.random(n) < 0.05
    ws.lat = np.where(far, ws.lat + rng.uniform(-0.8, 0.8, n), ws.lat)
    ws.lon = np.where(far, ws.lon + rng.uniform(-0.8, 0.8, n), ws.lon)
    return ws


def _with_duplicates(ws: WorkerArrays, seed: int) -> WorkerArrays:
    """Repeat a third of the workers (same skills, elsewhere in the input): many exact score ties."""
    rng = np.random.default_rng(seed)
    n = len(ws)
    idx = np.r_[np.arange(n), rng.integers(0, n, n // 3)]
    out = ws.subset(idx)
    out.ids = np.arange(1, idx.shape[0] + 1, dtype=np.int64)
    return out


def _assert_same(a, b) -> None:
    for name in ("shortlists", "recommendations"):
        x, y = getattr(a, name), getattr(b, name)
        for f in fields(x):
            u, v = getattr(x, f.name), getattr(y, f.name)
            if isinstance(u, np.ndarray):
                np.testing.assert_array_equal(u, v, err_msg=f"{name}.{f.name}")
            else:
                assert u == v, f"{name}.{f.name}"


def _city(kind: str, seed: int):
    st, ws, vs = make_city(6000, 900, n_skills=90, seed=seed)
    if kind in ("spread", "both"):
        ws = _spread_out(ws, seed)
    if kind in ("ties", "both"):
        ws = _with_duplicates(ws, seed)
    return st, ws, vs


@pytest.mark.parametrize(("kind", "seed"), [("plain", 11), ("spread", 12), ("ties", 13), ("both", 14)])
def test_pruned_run_equals_the_full_scan(monkeypatch: pytest.MonkeyPatch, kind: str, seed: int) -> None:
    st, ws, vs = _city(kind, seed)
    pw = prepare_workers(ws, st.taxonomy)
    pv = prepare_vacancies(vs, pw.basis)
    params = MatchParams(n_jobs=1, candidates=60, block_size=64, chunk_rows=512)
    pruned = run_matching(pw, pv, st.taxonomy, params=params)
    assert pruned.timings["scanned_fraction"] < 0.9  # it does prune
    monkeypatch.setattr(scoring, "SPATIAL_PRUNING", False)
    full = run_matching(pw, pv, st.taxonomy, params=params)
    assert full.timings["scanned_fraction"] == pytest.approx(1.0)
    _assert_same(pruned, full)


def test_pruned_run_is_independent_of_processes_and_sizes() -> None:
    st, ws, vs = _city("both", 15)
    pw = prepare_workers(ws, st.taxonomy)
    pv = prepare_vacancies(vs, pw.basis)
    a = run_matching(pw, pv, st.taxonomy, params=MatchParams(n_jobs=1, candidates=50, block_size=32))
    b = run_matching(pw, pv, st.taxonomy, params=MatchParams(n_jobs=2, candidates=50, block_size=200))
    c = run_matching(pw, pv, st.taxonomy, params=MatchParams(n_jobs=1, candidates=50, chunk_rows=256))
    _assert_same(a, b)
    _assert_same(a, c)


@pytest.mark.parametrize("kind", ["plain", "spread"])
def test_every_pruned_pair_fails_the_reach_filter(kind: str) -> None:
    """Exactness of the bound, pair by pair in float64: a worker left out of a block's ranges is farther
    from every vacancy of the block than their limit, and cannot relocate to one with a dormitory."""
    st, ws, vs = _city(kind, 21)
    pw = prepare_workers(ws, st.taxonomy)
    pv = prepare_vacancies(vs, pw.basis)
    index = build_spatial_index(pw)
    assert np.array_equal(np.sort(index.rows.pos), np.arange(len(pw.order)))
    wpos = pw.order[index.rows.pos]  # input position of each row
    wxy = project_km(ws.lat[wpos], ws.lon[wpos], pw.basis.origin)
    pruned_total = 0
    for block in vacancy_blocks(pv, 64):
        dorm = pv.arrays.dormitory[block]
        ranges = block_ranges(index, pv.xy[block], bool(dorm.any()))
        scanned = np.zeros(len(pw.order), dtype=bool)
        for lo, hi in ranges:
            assert not scanned[lo:hi].any()  # ranges do not overlap
            scanned[lo:hi] = True
        out = np.flatnonzero(~scanned)
        pruned_total += out.shape[0] * block.shape[0]
        d = np.sqrt(((wxy[out, None, :] - pv.xy[block][None, :, :]) ** 2).sum(axis=2))
        reach = ws.max_commute_km[wpos[out]].astype(np.float64)[:, None]
        assert np.all(d > reach + 0.5)
        assert not np.any(ws.relocate[wpos[out]][:, None] & dorm[None, :])
    assert pruned_total > 0


def test_blocks_partition_the_vacancies() -> None:
    st, ws, vs = _city("plain", 22)
    pw = prepare_workers(ws, st.taxonomy)
    pv = prepare_vacancies(vs, pw.basis)
    blocks = vacancy_blocks(pv, 50)
    allv = np.concatenate(blocks)
    assert np.array_equal(np.sort(allv), np.arange(len(vs)))
    assert all(np.all(np.diff(b) > 0) and b.shape[0] <= 50 for b in blocks)
    mixed = sum(1 for b in blocks if 0 < pv.arrays.dormitory[b].sum() < b.shape[0])
    assert mixed <= 1  # dormitory vacancies are grouped apart


def test_scan_is_independent_of_the_row_visiting_order() -> None:
    """The top-C by (similarity desc, scan position asc) must not depend on the order rows are visited,
    ties included (duplicated workers tie exactly)."""
    st, ws, vs = _city("ties", 23)
    pw = prepare_workers(ws, st.taxonomy)
    pv = prepare_vacancies(vs, pw.basis)
    block = np.arange(0, 48)
    args = (pv.xt[:, block], pv.filters[block], pv.arrays.start[block], 40)
    want = scan_block(pw, *args, chunk_rows=256)
    n = len(pw.order)
    rng = np.random.default_rng(0)
    cuts = np.unique(np.r_[0, rng.integers(0, n, 60), n])
    ranges = [(int(a), int(b)) for a, b in itertools.pairwise(cuts)]
    rng.shuffle(ranges)
    rows = ScanRows(pw.scan, pw.scan_filters, pw.scan_available, None)
    got = scan_rows(rows, ranges, *args, chunk_rows=256)
    for x, y in zip(want, got, strict=True):
        np.testing.assert_array_equal(x, y)
    # Permuted rows with a position map give the same answer.
    perm = rng.permutation(n)
    prow = ScanRows(pw.scan[perm], pw.scan_filters[perm], pw.scan_available[perm], perm.astype(np.int64))
    got = scan_rows(prow, [(0, n)], *args, chunk_rows=256)
    for x, y in zip(want, got, strict=True):
        np.testing.assert_array_equal(x, y)


def test_ties_at_the_threshold_go_to_the_lower_scan_position() -> None:
    """40,000 workers with only 5 distinct profiles: nearly every score ties. Visiting rows backwards
    (so thresholds rise on rows of high position, and merges happen mid-scan) must still keep, among
    equal scores, the lowest scan positions."""
    st, ws, vs = make_city(5, 16, n_skills=60, seed=31)
    rng = np.random.default_rng(3)
    ws = ws.subset(rng.integers(0, 5, 40_000))
    ws.ids = np.arange(1, len(ws) + 1, dtype=np.int64)
    ws.max_commute_km = np.full(len(ws), 200.0, dtype=np.float32)
    pw = prepare_workers(ws, st.taxonomy)
    pv = prepare_vacancies(vs, pw.basis)
    block = np.arange(len(vs))
    args = (pv.xt[:, block], pv.filters[block], pv.arrays.start[block], 30)
    want = scan_block(pw, *args, chunk_rows=512)
    n = len(pw.order)
    bounds = [*range(0, n, 700), n]
    ranges = [(a, b) for a, b in itertools.pairwise(bounds)][::-1]
    rows = ScanRows(pw.scan, pw.scan_filters, pw.scan_available, None)
    got = scan_rows(rows, ranges, *args, chunk_rows=512)
    for x, y in zip(want, got, strict=True):
        np.testing.assert_array_equal(x, y)
    # The candidates are the lowest positions among the best score (a check of scan_block itself).
    v, p, s = want
    assert np.unique(v).shape[0] >= len(vs) // 2
    for j in np.unique(v):
        pj, sj = p[v == j], s[v == j]
        assert np.all(np.diff(sj) <= 0)
        same = sj == sj[-1]
        assert np.all(np.diff(pj[same]) > 0)


def test_packed_keys_and_float_keys_select_the_same_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan's merge packs (vacancy, similarity, position) into one integer when it fits and falls
    back to a float key with a tie pass when it does not: on a city of exact ties, visited in an order
    that makes merges happen mid-scan, both keep the same candidates in the same order."""
    st, ws, vs = _city("ties", 23)
    pw = prepare_workers(ws, st.taxonomy)
    pv = prepare_vacancies(vs, pw.basis)
    block = np.arange(0, 48)
    args = (pv.xt[:, block], pv.filters[block], pv.arrays.start[block], 40)
    n = len(pw.order)
    ranges = [(a, min(n, a + 300)) for a in range(0, n, 300)][::-1]
    rows = ScanRows(pw.scan, pw.scan_filters, pw.scan_available, None)
    packed = scan_rows(rows, ranges, *args, chunk_rows=256)
    monkeypatch.setattr(PackedKeys, "for_groups", classmethod(lambda cls, groups, positions: None))
    unpacked = scan_rows(rows, ranges, *args, chunk_rows=256)
    assert packed[0].shape[0] > 40 * 10
    for x, y in zip(packed, unpacked, strict=True):
        assert x.dtype == y.dtype
        np.testing.assert_array_equal(x, y)
