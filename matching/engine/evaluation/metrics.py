"""Ranking metrics of the evaluation cities, with array operations only (one value per vacancy or
worker; callers average with nanmean)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from matching.engine.arrays import MatchResult, PairSet

if TYPE_CHECKING:
    from matching.engine.evaluation.planted import EvaluationCity

HIT_GRADE = 2  # a "hit" for precision and recall is a true fit
PRECISION_K = 10
RECALL_K = 50
NDCG_K = 10
WORKER_K = 20


def rank_in_groups(groups: np.ndarray, key: np.ndarray) -> np.ndarray:
    """0-based rank of each element within its group, ordered by ``key`` ascending (stable)."""
    order = np.lexsort((key, groups))
    g = groups[order]
    first = np.r_[True, g[1:] != g[:-1]] if g.size else np.zeros(0, dtype=bool)
    starts = np.flatnonzero(first)
    within = np.arange(g.shape[0]) - np.repeat(starts, np.diff(np.r_[starts, g.shape[0]]))
    rank = np.empty_like(within)
    rank[order] = within
    return rank


def grades_at_ranks(
    rows: np.ndarray, rank: np.ndarray, grade: np.ndarray, n_rows: int, depth: int
) -> np.ndarray:
    """(n_rows × depth) matrix with grade[i] at (rows[i], rank[i]) for ranks below depth, else 0."""
    out = np.zeros((n_rows, depth), dtype=np.float64)
    keep = rank < depth
    out[rows[keep], rank[keep]] = grade[keep]
    return out


def precision_at_k(grades: np.ndarray, k: int, hit_grade: int = HIT_GRADE) -> np.ndarray:
    """Share of the first k positions holding a hit (grade ≥ hit_grade); empty positions count as misses."""
    return (grades[:, :k] >= hit_grade).sum(axis=1) / k


def recall_at_k(grades: np.ndarray, n_hits: np.ndarray, k: int, hit_grade: int = HIT_GRADE) -> np.ndarray:
    """Share of each row's hits found in its first k positions (nan for a row without hits)."""
    found = (grades[:, :k] >= hit_grade).sum(axis=1).astype(np.float64)
    n = np.asarray(n_hits, dtype=np.float64)
    return np.divide(found, n, out=np.full(found.shape, np.nan), where=n > 0)


def dcg_at_k(grades: np.ndarray, k: int) -> np.ndarray:
    """Σ over the first k positions i (1-based) of (2^grade − 1) / log2(i + 1)."""
    g = grades[:, :k]
    discount = 1.0 / np.log2(np.arange(2, g.shape[1] + 2))
    return (np.power(2.0, g) - 1.0) @ discount


def ndcg_at_k(grades: np.ndarray, ideal: np.ndarray, k: int) -> np.ndarray:
    """DCG@k over the DCG@k of the ideal ordering (nan for a row whose ideal DCG is 0)."""
    dcg, best = dcg_at_k(grades, k), dcg_at_k(ideal, k)
    return np.divide(dcg, best, out=np.full(dcg.shape, np.nan), where=best > 0)


def hit_at_k(rank: np.ndarray, k: int) -> np.ndarray:
    """1.0 where the 0-based rank is below k, else 0.0 (rank −1 means not listed)."""
    return ((rank >= 0) & (rank < k)).astype(np.float64)


def reciprocal_rank(rank: np.ndarray) -> np.ndarray:
    """1 / (rank + 1) for a listed item (0-based rank), 0 for an unlisted one (rank −1)."""
    return np.where(rank >= 0, 1.0 / (np.maximum(rank, 0) + 1.0), 0.0)


def pair_ranks(pairs: PairSet, v: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Rank of each pair (v[i], w[i]) in ``pairs`` (−1 when absent), by binary search of pair keys."""
    width = int(max(pairs.worker_index.max(initial=0), np.max(w, initial=0))) + 1
    keys = pairs.vacancy_index.astype(np.int64) * width + pairs.worker_index
    order = np.argsort(keys)
    sk = keys[order]
    query = np.asarray(v, dtype=np.int64) * width + np.asarray(w, dtype=np.int64)
    if not sk.size:
        return np.full(query.shape[0], -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(sk, query), sk.shape[0] - 1)
    return np.where(sk[at] == query, pairs.rank[order[at]].astype(np.int64), -1)


@dataclass(frozen=True, slots=True)
class Metrics:
    """Means over vacancies (shortlist direction) and over planted true fits (worker direction)."""

    precision_at_10: float
    recall_at_50: float
    ndcg_at_10: float
    hit_at_20: float
    mrr: float

    NAMES = ("P@10", "R@50", "nDCG@10", "Hit@20", "MRR")

    def values(self) -> tuple[float, ...]:
        """The metrics in NAMES order."""
        return (self.precision_at_10, self.recall_at_50, self.ndcg_at_10, self.hit_at_20, self.mrr)


def evaluate_result(city: EvaluationCity, result: MatchResult) -> Metrics:
    """Score one engine run against the planted labels."""
    short = result.shortlists
    m = len(city.vacancies)
    depth = max(PRECISION_K, RECALL_K, NDCG_K)
    grades = grades_at_ranks(
        short.vacancy_index.astype(np.int64),
        short.rank.astype(np.int64),
        city.relevance(short.vacancy_index, short.worker_index).astype(np.float64),
        m,
        depth,
    )
    ideal = city.ideal_grades(depth)
    hit = city.planted_grade >= HIT_GRADE
    rec_rank = pair_ranks(result.recommendations, city.planted_vacancy[hit], city.planted_worker[hit])
    return Metrics(
        precision_at_10=float(np.mean(precision_at_k(grades, PRECISION_K))),
        recall_at_50=float(np.nanmean(recall_at_k(grades, city.true_fit_counts(), RECALL_K))),
        ndcg_at_10=float(np.nanmean(ndcg_at_k(grades, ideal, NDCG_K))),
        hit_at_20=float(np.mean(hit_at_k(rec_rank, WORKER_K))),
        mrr=float(np.mean(reciprocal_rank(rec_rank))),
    )
