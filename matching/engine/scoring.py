"""The engine's entry points: the full run (both directions), the two fast paths, and ``explain_pairs``.

The full run scans blocks of vacancies in parallel processes (fork: the prepared arrays are shared
copy-on-write, and scipy's sparse kernel holds the GIL, so threads would serialise it). Each block
returns its candidates already re-ranked; the parent cuts shortlists, ranks every candidate pair per
worker for the recommendations, and explains the output pairs (in the pool again). ``matching_stages``
hands out the shortlists before the recommendations, so that the caller stores one while the pool
explains the other; ``run_matching`` takes both at once.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from matching.engine.arrays import (
    MatchResult,
    PairSet,
    Taxonomy,
    VacancyArrays,
    Weights,
    WorkerArrays,
    argsort_ties_by,
    descending_bits,
)
from matching.engine.candidates import (
    CHUNK_ROWS,
    filtered_similarity,
    scan_block,
    scan_one_vacancy,
    scan_one_worker,
    scan_rows,
    worker_filtered_similarity,
)
from matching.engine.features import explain, pair_scores
from matching.engine.generators import TradeScan, trade_candidates_one, union_pairs
from matching.engine.prepare import (
    PreparedVacancies,
    PreparedWorkers,
    SkillBasis,
    build_basis,
    prepare_vacancies,
    prepare_workers,
)
from matching.engine.spatial import block_ranges, build_spatial_index, vacancy_blocks

# Scan only the workers who can reach a block (spatial.py); False scans every eligible worker for every
# block. Both give the same candidates (tested), pruning is just faster.
SPATIAL_PRUNING = True


@dataclass(frozen=True, slots=True)
class MatchParams:
    """Sizes of a run. A shortlist holds max(shortlist_min, shortlist_per_head × headcount) pairs,
    capped by the vacancy's candidates, re-ranked: the union of ``candidates`` by skill similarity,
    ``candidates_same_trade`` of the vacancy's own trade and ``candidates_related`` of its related
    trades (generators.py), every one passing the hard filters."""

    candidates: int = 300
    candidates_same_trade: int = 200
    candidates_related: int = 50
    shortlist_min: int = 50
    shortlist_per_head: int = 5
    recommendations: int = 20
    block_size: int = 256
    chunk_rows: int = CHUNK_ROWS
    n_jobs: int | None = None  # None: one process per CPU; 1: no pool (tests, Celery prefork children)

    def shortlist_sizes(self, headcount: np.ndarray) -> np.ndarray:
        """Shortlist length of each vacancy before capping by its candidates."""
        return np.maximum(self.shortlist_min, self.shortlist_per_head * headcount.astype(np.int64))


# State handed to forked pool processes (set just before the fork, cleared after the run).
_STATE: dict[str, Any] = {}


def _rank_within(groups: np.ndarray, score: np.ndarray, tie: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order pairs by (group, score desc, tie asc); return the order and each pair's rank in its group."""
    order = np.lexsort((tie, -score, groups))
    g = groups[order]
    first = np.r_[True, g[1:] != g[:-1]]
    start_idx = np.flatnonzero(first)
    run_start = np.repeat(start_idx, np.diff(np.r_[start_idx, g.shape[0]]))
    return order, np.arange(g.shape[0]) - run_start


def _block_task(block: np.ndarray) -> tuple[Any, ...]:
    """Scan one block of vacancies (ascending positions) and re-rank its candidates (pool process)."""
    pw: PreparedWorkers = _STATE["pw"]
    pv: PreparedVacancies = _STATE["pv"]
    weights: Weights = _STATE["weights"]
    params: MatchParams = _STATE["params"]
    index = _STATE.get("spatial")
    stats: dict[str, float] = {}
    t0 = time.perf_counter()
    with threadpool_limits(1):
        xt, filters, starts = pv.xt[:, block], pv.filters[block], pv.arrays.start[block]
        budgets = (params.candidates_same_trade, params.candidates_related)
        trade = TradeScan.for_block(pv.trade_rows[block], *budgets) if any(budgets) else None
        size = params.candidates
        if index is None:
            v_local, pos, _ = scan_block(pw, xt, filters, starts, size, params.chunk_rows, stats, trade)
        else:
            ranges = block_ranges(index, pv.xy[block], bool(pv.arrays.dormitory[block].any()))
            v_local, pos, _ = scan_rows(
                index.rows, ranges, xt, filters, starts, size, params.chunk_rows, stats, trade
            )
        if trade is not None:
            t_union = time.perf_counter()
            tv, tp = trade.result()
            v_local, pos = union_pairs(v_local, pos, tv, tp, len(pw.order))
            stats["trade_generators"] = stats.get("trade_generators", 0.0) + time.perf_counter() - t_union
            stats["trade_pairs"] = float(trade.pairs)
        stats["candidates"] = float(pos.shape[0])
        t1 = time.perf_counter()
        v = block[v_local]
        w = pw.order[pos]
        score, feasible = pair_scores(pw, pv, w, v, weights)
    # Pairs within millimetres of a commuting limit may pass the product's fold but not the exact
    # float64 check; the exact check wins.
    v, w, score = v[feasible], w[feasible], score[feasible]
    order, rank = _rank_within(v, score, w)
    stats["rerank"] = time.perf_counter() - t1
    stats["scan"] = t1 - t0
    return v[order].astype(np.int32), w[order].astype(np.int32), score[order], rank.astype(np.int16), stats


def _vacancy_order(
    cv: np.ndarray, cw: np.ndarray, cs: np.ndarray, cr: np.ndarray, m: int
) -> tuple[np.ndarray, ...]:
    """Put block outputs in vacancy order (each vacancy's pairs are one run, in rank order; blocks
    need not be contiguous vacancy ranges). One scatter, no sort."""
    n = cv.shape[0]
    if n == 0 or bool(np.all(cv[1:] >= cv[:-1])):
        return cv, cw, cs, cr
    counts = np.bincount(cv, minlength=m)
    vstart = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(counts, out=vstart[1:])
    run = np.flatnonzero(np.r_[True, cv[1:] != cv[:-1]])
    first = np.zeros(m, dtype=np.int64)
    first[cv[run]] = run
    dest = vstart[cv] + (np.arange(n, dtype=np.int64) - first[cv])
    src = np.empty(n, dtype=np.int64)
    src[dest] = np.arange(n, dtype=np.int64)
    return cv[src], cw[src], cs[src], cr[src]


def _explain_task(job: tuple[np.ndarray, np.ndarray, np.ndarray]) -> PairSet:
    """Explain one chunk of output pairs (runs in a pool process)."""
    w, v, rank = job
    return explain(_STATE["pw"], _STATE["pv"], w, v, _STATE["weights"], rank=rank)


def _map(fn: Callable[[Any], Any], jobs: Iterable[Any], pool: Any) -> list[Any]:
    """Map in the pool when there is one, else inline (same order either way)."""
    return list(pool.imap(fn, jobs)) if pool is not None else [fn(j) for j in jobs]


class _Explained:
    """Output pairs being explained in chunks: in the pool, started at once (``get`` waits for them),
    or inline when ``get`` is called."""

    STEP = 1 << 19

    def __init__(self, w: np.ndarray, v: np.ndarray, rank: np.ndarray, pool: Any, skill_count: int) -> None:
        step = self.STEP
        self.jobs = [
            (w[i : i + step], v[i : i + step], rank[i : i + step]) for i in range(0, w.shape[0], step)
        ]
        self.skill_count = skill_count
        self.pending = pool.map_async(_explain_task, self.jobs) if pool is not None else None

    def get(self) -> PairSet:
        parts = self.pending.get() if self.pending is not None else [_explain_task(j) for j in self.jobs]
        self.jobs = []
        return PairSet.concat(parts, self.skill_count)


def matching_stages(
    workers: WorkerArrays | PreparedWorkers,
    vacancies: VacancyArrays | PreparedVacancies,
    taxonomy: Taxonomy,
    weights: Weights | None = None,
    *,
    params: MatchParams | None = None,
    timings: dict[str, float] | None = None,
) -> Generator[PairSet, None, None]:
    """``run_matching`` in two stages: yields the shortlists, then the recommendations.

    With a pool, the stages overlap the caller's work: the recommendations are selected while the
    pool explains the shortlists, and explained while the caller stores the shortlists. ``timings``
    (if given) receives the stage timings in seconds. Close the generator (``contextlib.closing``) if
    you stop before the end: that stops the pool. One run at a time per process: the pool reads its
    inputs from module state, so do not start another run between the two stages.
    """
    weights = weights or Weights()
    params = params or MatchParams()
    timings = timings if timings is not None else {}
    t = time.perf_counter()
    pw = workers if isinstance(workers, PreparedWorkers) else prepare_workers(workers, taxonomy)
    pv = vacancies if isinstance(vacancies, PreparedVacancies) else prepare_vacancies(vacancies, pw.basis)
    if pv.basis is not pw.basis:
        raise ValueError("prepared vacancies were built on another basis than the prepared workers")
    timings["prepare"] = time.perf_counter() - t
    m = len(pv)
    skill_count = pw.arrays.skill_count
    blocks = _plan_blocks(pw, pv, params, timings)
    n_jobs = params.n_jobs or os.cpu_count() or 1
    n_jobs = max(1, min(n_jobs, len(blocks))) if blocks else 1
    _STATE.update(pw=pw, pv=pv, weights=weights, params=params)
    pool = None
    try:
        if n_jobs > 1:
            pool = mp.get_context("fork").Pool(n_jobs)
        t = time.perf_counter()
        parts = _map(_block_task, blocks, pool)
        timings["candidates_and_rerank"] = time.perf_counter() - t
        _add_block_timings(parts, timings, float(m) * float(len(pw.order)))
        t = time.perf_counter()
        cv, cw, cs, cr = _concatenate_parts(parts)
        del parts
        # Shortlists: each block gives a vacancy's candidates as one run in rank order, so a rank cut
        # keeps it; only the cut pairs are put in vacancy order.
        sizes = params.shortlist_sizes(pv.arrays.headcount)
        short = cr < sizes[cv]
        sv, sw, _, sr = _vacancy_order(cv[short], cw[short], cs[short], cr[short], m)
        shortlists = _Explained(sw, sv, sr, pool, skill_count)
        del sv, sw, sr, short
        rw, rv, rrank = _recommendation_pairs(cv, cw, cs, params.recommendations)
        del cv, cw, cs, cr
        timings["select_outputs"] = time.perf_counter() - t
        t = time.perf_counter()
        explained = shortlists.get()
        recommendations = _Explained(rw, rv, rrank, pool, skill_count)
        del rw, rv, rrank
        timings["explain"] = time.perf_counter() - t
        yield explained
        del explained
        t = time.perf_counter()
        explained = recommendations.get()
        timings["explain"] += time.perf_counter() - t
        yield explained
    except GeneratorExit:  # the caller stopped early: the pool's work is not wanted
        if pool is not None:
            pool.terminate()
        raise
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        _STATE.clear()


def run_matching(
    workers: WorkerArrays | PreparedWorkers,
    vacancies: VacancyArrays | PreparedVacancies,
    taxonomy: Taxonomy,
    weights: Weights | None = None,
    *,
    params: MatchParams | None = None,
) -> MatchResult:
    """Match every vacancy against every eligible worker; return shortlists and recommendations.

    Prepared inputs are reused as they are (build them once with ``prepare_workers`` /
    ``prepare_vacancies`` and keep them for the fast paths). A worker's recommendations are the best
    of the vacancies whose candidates (top ``params.candidates`` by skill similarity) include them:
    one scan serves both directions, and a worker who is nobody's candidate gets none from the run
    (``recommend_for_worker`` answers for them on demand).
    """
    weights = weights or Weights()
    params = params or MatchParams()
    timings: dict[str, float] = {}
    shortlists, recommendations = matching_stages(
        workers, vacancies, taxonomy, weights, params=params, timings=timings
    )
    return MatchResult(
        shortlists=shortlists,
        recommendations=recommendations,
        weights_version=weights.version,
        candidates_per_vacancy=params.candidates,
        timings=timings,
    )


def _plan_blocks(
    pw: PreparedWorkers, pv: PreparedVacancies, params: MatchParams, timings: dict[str, float]
) -> list[np.ndarray]:
    """Cut the vacancies into blocks: spatially close ones together when pruning is on."""
    m = len(pv)
    if SPATIAL_PRUNING and m and len(pw.order):
        t = time.perf_counter()
        _STATE["spatial"] = build_spatial_index(pw)
        blocks = vacancy_blocks(pv, params.block_size)
        timings["spatial_index"] = time.perf_counter() - t
        return blocks
    return [np.arange(lo, min(m, lo + params.block_size)) for lo in range(0, m, params.block_size)]


def _add_block_timings(parts: list[Any], timings: dict[str, float], all_pairs: float) -> None:
    """Sum the blocks' CPU timings and counters into ``timings``."""
    cpu: dict[str, float] = {}
    for part in parts:
        for k, val in part[4].items():
            cpu[k] = cpu.get(k, 0.0) + val
    scanned = cpu.pop("pairs_scanned", 0.0)
    timings["trade_pairs"] = cpu.pop("trade_pairs", 0.0)
    timings["candidate_pairs"] = cpu.pop("candidates", 0.0)
    for k, val in cpu.items():
        timings[f"cpu_{k}"] = val
    timings["scanned_fraction"] = scanned / max(1.0, all_pairs)


def _concatenate_parts(parts: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The blocks' candidate pairs as four arrays: vacancy, worker, score, rank."""
    if not parts:
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int16)
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        np.concatenate([p[3] for p in parts]),
    )


def _recommendation_pairs(
    cv: np.ndarray, cw: np.ndarray, cs: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each worker's best ``limit`` candidate pairs by (score desc, vacancy asc): worker, vacancy, rank.

    A sort of the values of an exact int64 key (worker, score bits) finds each worker's ``limit``-th
    best key; only the pairs at or above it (ties included) are ordered, which is several times
    cheaper than ordering every candidate pair.
    """
    if not cw.shape[0] or limit <= 0:
        empty = np.zeros(0, dtype=cw.dtype)
        return empty, empty.astype(cv.dtype), np.zeros(0, dtype=np.int16)
    key = (cw.astype(np.int64) << 32) | descending_bits(cs)
    ordered = np.sort(key)
    worker = ordered >> 32
    first = np.flatnonzero(np.r_[True, worker[1:] != worker[:-1]])
    last = np.r_[first[1:], ordered.shape[0]] - 1
    cut = np.full(int(worker[-1]) + 1, np.iinfo(np.int64).max, dtype=np.int64)
    cut[worker[first]] = ordered[np.minimum(first + limit - 1, last)]
    del ordered, worker
    kept = np.flatnonzero(key <= cut[cw])
    order = kept[argsort_ties_by(key[kept], cv[kept])]
    rw, rv = cw[order], cv[order]
    del key, kept, order
    start = np.flatnonzero(np.r_[True, rw[1:] != rw[:-1]])
    rrank = np.arange(rw.shape[0]) - np.repeat(start, np.diff(np.r_[start, rw.shape[0]]))
    keep = rrank < limit
    return rw[keep], rv[keep], rrank[keep].astype(np.int16)


def shortlist_for_vacancy(
    workers: WorkerArrays | PreparedWorkers,
    vacancy: VacancyArrays,
    taxonomy: Taxonomy,
    weights: Weights | None = None,
    *,
    params: MatchParams | None = None,
) -> PairSet:
    """Shortlist of the single vacancy in ``vacancy`` (index 0) among all eligible workers.

    Same candidates, scores and ranks as the full run for that vacancy. Pass PreparedWorkers for
    the latency target: preparing a city's workers takes seconds.
    """
    if len(vacancy) != 1:
        raise ValueError("shortlist_for_vacancy takes exactly one vacancy")
    weights = weights or Weights()
    params = params or MatchParams()
    pw = workers if isinstance(workers, PreparedWorkers) else prepare_workers(workers, taxonomy)
    pv = prepare_vacancies(vacancy, pw.basis)
    sim = filtered_similarity(pw, pv, 0)
    pos, _ = scan_one_vacancy(pw, pv, 0, params.candidates, sim)
    tp = trade_candidates_one(
        pw.scan_trades,
        pv.trade_rows[0],
        sim,
        params.candidates_same_trade,
        params.candidates_related,
        pw.scan_trades_csc,
    )
    pos = np.union1d(pos, tp)
    w = pw.order[pos]
    v = np.zeros(w.shape[0], dtype=np.int64)
    score, feasible = pair_scores(pw, pv, w, v, weights)
    w, v, score = w[feasible], v[feasible], score[feasible]
    order = np.lexsort((w, -score))
    size = int(params.shortlist_sizes(pv.arrays.headcount)[0])
    order = order[:size]
    return explain(pw, pv, w[order], v[order], weights, rank=np.arange(order.shape[0]))


def recommend_for_worker(
    worker: WorkerArrays,
    vacancies: VacancyArrays | PreparedVacancies,
    taxonomy: Taxonomy,
    weights: Weights | None = None,
    *,
    params: MatchParams | None = None,
    basis: SkillBasis | None = None,
) -> PairSet:
    """Top ``params.recommendations`` vacancies for the single worker in ``worker`` (index 0).

    The worker's ``params.candidates`` most similar reachable vacancies are re-ranked. Pass the
    city's PreparedVacancies (its basis carries the city's idf) for the latency target and for scores
    identical to the full run; raw VacancyArrays need ``basis`` or fall back to one built from this
    worker alone (flat idf).
    """
    if len(worker) != 1:
        raise ValueError("recommend_for_worker takes exactly one worker")
    weights = weights or Weights()
    params = params or MatchParams()
    if isinstance(vacancies, PreparedVacancies):
        pv = vacancies
    else:
        pv = prepare_vacancies(vacancies, basis or build_basis(worker, taxonomy))
    pw = prepare_workers(worker, taxonomy, basis=pv.basis)
    sim = worker_filtered_similarity(pw, 0, pv)
    pos, _ = scan_one_worker(pw, 0, pv, params.candidates, sim)
    # The worker's own and related trades' vacancies, with the budgets of the vacancy direction.
    tp = trade_candidates_one(
        pv.trade_rows, pw.trades[0], sim, params.candidates_same_trade, params.candidates_related
    )
    pos = np.union1d(pos, tp)
    w = np.zeros(pos.shape[0], dtype=np.int64)
    score, feasible = pair_scores(pw, pv, w, pos, weights)
    v, w, score = pos[feasible], w[feasible], score[feasible]
    order = np.lexsort((v, -score))[: params.recommendations]
    return explain(pw, pv, w[order], v[order], weights, rank=np.arange(order.shape[0]))


def explain_pairs(
    workers: WorkerArrays | PreparedWorkers,
    vacancies: VacancyArrays | PreparedVacancies,
    v_idx: np.ndarray,
    w_idx: np.ndarray,
    *,
    taxonomy: Taxonomy | None = None,
    weights: Weights | None = None,
) -> PairSet:
    """Reasons for arbitrary pairs (v_idx[i], w_idx[i]); ``feasible`` tells whether each passes the
    hard filters (the score is computed either way). ``rank`` is -1. Raw arrays need ``taxonomy``."""
    weights = weights or Weights()
    if isinstance(workers, PreparedWorkers):
        pw = workers
    else:
        if taxonomy is None:
            raise ValueError("explain_pairs needs the taxonomy when given raw worker arrays")
        pw = prepare_workers(workers, taxonomy)
    if isinstance(vacancies, PreparedVacancies):
        pv = vacancies
        if pv.basis is not pw.basis:
            raise ValueError("prepared vacancies were built on another basis than the workers")
    else:
        pv = prepare_vacancies(vacancies, pw.basis)
    v = np.asarray(v_idx, dtype=np.int64).ravel()
    w = np.asarray(w_idx, dtype=np.int64).ravel()
    if v.shape != w.shape:
        raise ValueError("v_idx and w_idx must have the same length")
    if v.size and (v.min() < 0 or v.max() >= len(pv) or w.min() < 0 or w.max() >= len(pw)):
        raise IndexError("pair index out of range")
    return explain(pw, pv, w, v, weights)
