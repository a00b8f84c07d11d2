"""Planning a joint recruitment drive's interview invitations across all its vacancies at once.

Given the engine's scored (vacancy, worker) candidate pairs, choose invitations that maximise the total
score with each worker invited to at most ``k`` interviews and each vacancy given at most ``demand[v]``
candidates (its headcount times the interviews wanted per post). The constraint matrix is that of a
bipartite b-matching, so the linear relaxation already has integral vertices; scipy's HiGHS MILP solves
it exactly. Two baselines explain what the plan changes: each factory taking its own top of the list
(ignoring everyone else), and the same in turn but skipping workers already invited k times.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp


@dataclass(frozen=True)
class PlanSummary:
    """What a set of invitations gives the drive."""

    invitations: int
    distinct_workers: int
    workers_over_k: int
    vacancies_short: int  # vacancies with fewer distinct candidates than their demand allows
    total_score: float
    short_after_k: int  # vacancies left short once each worker attends only their k best invitations

    def as_dict(self) -> dict[str, float | int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _check(v: np.ndarray, w: np.ndarray, score: np.ndarray, demand: np.ndarray) -> None:
    if not (v.shape == w.shape == score.shape):
        raise ValueError("vacancy, worker and score arrays must have the same length")
    if v.size and (v.min() < 0 or v.max() >= demand.shape[0]):
        raise IndexError("vacancy index out of range")


def plan_invitations(
    v: np.ndarray, w: np.ndarray, score: np.ndarray, demand: np.ndarray, k: int, *, time_limit: float = 60.0
) -> np.ndarray:
    """Boolean mask of the chosen pairs: Σ score maximal, ≤ k per worker, ≤ demand[v] per vacancy.

    Pairs must be distinct (one per vacancy and worker)."""
    v, w = np.asarray(v, np.int64), np.asarray(w, np.int64)
    score, demand = np.asarray(score, np.float64), np.asarray(demand, np.float64)
    _check(v, w, score, demand)
    n = v.shape[0]
    if n == 0:
        return np.zeros(0, dtype=bool)
    workers, w_row = np.unique(w, return_inverse=True)
    ones = np.ones(n)
    cols = np.arange(n)
    by_vacancy = sp.csr_matrix((ones, (v, cols)), shape=(demand.shape[0], n))
    by_worker = sp.csr_matrix((ones, (w_row, cols)), shape=(workers.shape[0], n))
    constraints = [
        LinearConstraint(by_vacancy, -np.inf, demand),
        LinearConstraint(by_worker, -np.inf, np.full(workers.shape[0], float(k))),
    ]
    result = milp(
        c=-score,  # milp minimises
        constraints=constraints,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit},
    )
    if result.x is None:
        raise RuntimeError(f"invitation plan not solved: {result.message}")
    chosen: np.ndarray = np.asarray(result.x) > 0.5
    return chosen


def _in_turn(
    v: np.ndarray, w: np.ndarray, score: np.ndarray, demand: np.ndarray, k: int | None
) -> np.ndarray:
    """Vacancies in order, each taking its best candidates up to its demand (skipping workers at k)."""
    chosen = np.zeros(v.shape[0], dtype=bool)
    invited: dict[int, int] = {}
    order = np.lexsort((w, -score, v))
    taken = np.zeros(demand.shape[0], dtype=np.int64)
    for i in order:  # a baseline: one pass over the candidate pairs, in the factories' own order
        vacancy, worker = int(v[i]), int(w[i])
        if taken[vacancy] >= demand[vacancy]:
            continue
        if k is not None and invited.get(worker, 0) >= k:
            continue
        chosen[i] = True
        taken[vacancy] += 1
        invited[worker] = invited.get(worker, 0) + 1
    return chosen


def each_takes_its_top(v: np.ndarray, w: np.ndarray, score: np.ndarray, demand: np.ndarray) -> np.ndarray:
    """Each factory invites its own top `demand` candidates, whoever else invites them."""
    return _in_turn(np.asarray(v), np.asarray(w), np.asarray(score), np.asarray(demand), None)


def greedy_in_turn(v: np.ndarray, w: np.ndarray, score: np.ndarray, demand: np.ndarray, k: int) -> np.ndarray:
    """Each factory in turn takes its top candidates, skipping workers already invited k times."""
    return _in_turn(np.asarray(v), np.asarray(w), np.asarray(score), np.asarray(demand), k)


def summarise(
    chosen: np.ndarray, v: np.ndarray, w: np.ndarray, score: np.ndarray, demand: np.ndarray, k: int
) -> PlanSummary:
    """Invitations, distinct workers, workers over k, vacancies short (before and after k binds), score."""
    v, w, score = np.asarray(v)[chosen], np.asarray(w)[chosen], np.asarray(score)[chosen]
    per_vacancy = np.bincount(v, minlength=demand.shape[0])
    workers, counts = np.unique(w, return_counts=True) if w.size else (np.zeros(0), np.zeros(0, int))
    # A worker invited more than k times attends only their k best-scoring interviews.
    order = np.lexsort((-score, w))
    ws = w[order]
    first = np.r_[True, ws[1:] != ws[:-1]] if ws.size else np.zeros(0, bool)
    starts = np.flatnonzero(first)
    nth = np.arange(ws.size) - np.repeat(starts, np.diff(np.r_[starts, ws.size]))
    attended = np.bincount(v[order][nth < k], minlength=demand.shape[0])
    return PlanSummary(
        invitations=int(chosen.sum()),
        distinct_workers=int(workers.shape[0]),
        workers_over_k=int((counts > k).sum()),
        vacancies_short=int((per_vacancy < demand).sum()),
        total_score=float(score.sum()),
        short_after_k=int((attended < demand).sum()),
    )
