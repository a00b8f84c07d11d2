"""What training would change, in arrays: shortlist lines with and without some workers' new profiles,
and the posts qualified candidates could fill (a maximum bipartite matching of workers to open posts).

A line is one (vacancy, worker) pair of a shortlist, with its score and whether the worker holds every
required skill at the level asked (*qualified*). The Django side (matching/services/training_effect.py)
reads the current run's lines and re-runs the engine for the affected workers; this module merges and
counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import maximum_bipartite_matching

from matching.engine.arrays import PairSet, VacancyArrays, WorkerArrays
from matching.engine.prepare import PreparedVacancies


@dataclass(frozen=True)
class Lines:
    """Shortlist lines as arrays: vacancy id, worker id, score, and whether the worker qualifies."""

    vacancy: np.ndarray
    worker: np.ndarray
    score: np.ndarray
    qualified: np.ndarray

    @staticmethod
    def empty() -> Lines:
        z = np.zeros(0, dtype=np.int64)
        return Lines(z, z, np.zeros(0), np.zeros(0, dtype=bool))

    def take(self, keep: np.ndarray) -> Lines:
        return Lines(self.vacancy[keep], self.worker[keep], self.score[keep], self.qualified[keep])

    def without_workers(self, ids: np.ndarray) -> Lines:
        return self.take(~np.isin(self.worker, ids))

    def replacing(
        self, workers: np.ndarray, vacancies: np.ndarray, new: Lines, sizes: Mapping[int, int]
    ) -> Lines:
        """These lines with those of `workers` for `vacancies` replaced by `new`, each shortlist re-cut."""
        stale = np.isin(self.worker, workers) & np.isin(self.vacancy, vacancies)
        return merge_into_shortlists(self.take(~stale), new, sizes)

    @staticmethod
    def from_pairs(pairs: PairSet, vacancy_ids: np.ndarray, worker_ids: np.ndarray) -> Lines:
        """The engine's scored pairs as lines (array positions turned into ids)."""
        return Lines(
            np.asarray(vacancy_ids)[pairs.vacancy_index],
            np.asarray(worker_ids)[pairs.worker_index],
            pairs.score.astype(np.float64),
            pairs.matched_required >= pairs.required_total,
        )


@dataclass(frozen=True)
class FillablePosts:
    """The posts qualified candidates could fill, in total and by the vacancy's occupation code."""

    total: int
    by_occupation: dict[str, int]


def merge_into_shortlists(others: Lines, new: Lines, sizes: Mapping[int, int]) -> Lines:
    """Each vacancy's lines merged by score (ties: lower worker id first) and cut at its shortlist size,
    as a run would place them."""
    vacancy = np.r_[others.vacancy, new.vacancy].astype(np.int64)
    worker = np.r_[others.worker, new.worker].astype(np.int64)
    score = np.r_[others.score, new.score].astype(np.float64)
    qualified = np.r_[others.qualified, new.qualified].astype(bool)
    order = np.lexsort((worker, -score, vacancy))
    vacancy, worker, score, qualified = vacancy[order], worker[order], score[order], qualified[order]
    if vacancy.size == 0:
        return Lines(vacancy, worker, score, qualified)
    starts = np.flatnonzero(np.r_[True, vacancy[1:] != vacancy[:-1]])
    rank = np.arange(vacancy.size) - np.repeat(starts, np.diff(np.r_[starts, vacancy.size]))
    ids = np.fromiter(sizes.keys(), dtype=np.int64, count=len(sizes))
    limits = np.fromiter(sizes.values(), dtype=np.int64, count=len(sizes))
    order = np.argsort(ids)
    ids, limits = ids[order], limits[order]
    if ids.size:
        pos = np.minimum(np.searchsorted(ids, vacancy), ids.size - 1)
        limit = np.where(ids[pos] == vacancy, limits[pos], 0)
    else:
        limit = np.zeros(vacancy.size, dtype=np.int64)
    keep = rank < limit
    return Lines(vacancy[keep], worker[keep], score[keep], qualified[keep])


def fillable_posts(
    lines: Lines, open_posts: Mapping[int, int], occupation_of: Mapping[int, str]
) -> FillablePosts:
    """The largest assignment of qualified candidates to open posts: each worker one post, each vacancy at
    most its open headcount (Hopcroft–Karp on a posts × workers graph)."""
    vacancy_ids_open = np.fromiter(open_posts.keys(), dtype=np.int64, count=len(open_posts))
    q = lines.qualified & np.isin(lines.vacancy, vacancy_ids_open)
    vac, wrk = lines.vacancy[q], lines.worker[q]
    if vac.size == 0:
        return FillablePosts(0, {})
    vacancy_ids = np.unique(vac)
    heads = np.array([open_posts[int(v)] for v in vacancy_ids], dtype=np.int64)
    first_post = np.r_[0, np.cumsum(heads)[:-1]]
    workers, w_col = np.unique(wrk, return_inverse=True)
    v_pos = np.searchsorted(vacancy_ids, vac)
    # One graph row per open post: a line of a vacancy with h open posts joins its worker to all h rows.
    reps = heads[v_pos]
    offsets = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
    rows = np.repeat(first_post[v_pos], reps) + offsets
    cols = np.repeat(w_col, reps)
    graph = sp.csr_matrix(
        (np.ones(rows.shape[0], dtype=np.int8), (rows, cols)), shape=(int(heads.sum()), workers.size)
    )
    match = maximum_bipartite_matching(graph, perm_type="column")
    filled = np.flatnonzero(match >= 0)
    post_vacancy = np.repeat(vacancy_ids, heads)[filled]
    counts = Counter(occupation_of.get(int(v), "") for v in post_vacancy)
    return FillablePosts(int(filled.size), dict(sorted(counts.items())))


def with_skills(
    workers: WorkerArrays, columns: np.ndarray, levels: np.ndarray, cert: int | None
) -> WorkerArrays:
    """The workers as they would be after a programme: each taught skill column at least at its level,
    and the certificate level at least `cert`."""
    import dataclasses

    n = len(workers)
    current = workers.skills.tocsc()[:, columns].toarray() if columns.size else np.zeros((n, 0))
    raised = np.maximum(current, levels[None, :].astype(np.float32))
    rows = np.repeat(np.arange(n), columns.size)
    added = sp.csr_matrix(
        ((raised - current).ravel(), (rows, np.tile(columns, n))),
        shape=workers.skills.shape,
        dtype=np.float32,
    )
    skills = (workers.skills.astype(np.float32) + added).tocsr()
    skills.eliminate_zeros()
    new_cert = workers.cert if cert is None else np.maximum(workers.cert, cert).astype(workers.cert.dtype)
    return dataclasses.replace(workers, skills=skills, cert=new_cert)


def touched_vacancies(vacancies: VacancyArrays, columns: np.ndarray) -> np.ndarray:
    """Positions of the vacancies that ask (required or preferred) for any of these skill columns: the
    only ones where a programme teaching them can change a worker's qualification or skills point."""
    if columns.size == 0 or len(vacancies) == 0:
        return np.zeros(0, dtype=np.int64)
    asks = vacancies.required[:, columns].getnnz(axis=1) + vacancies.preferred[:, columns].getnnz(axis=1)
    return np.flatnonzero(asks)


def prepared_subset(pv: PreparedVacancies, positions: np.ndarray) -> PreparedVacancies:
    """Some of a city's prepared vacancies, on the same basis (nothing recomputed)."""
    return PreparedVacancies(
        arrays=pv.arrays.subset(positions),
        basis=pv.basis,
        xt=np.ascontiguousarray(pv.xt[:, positions]),
        xy=pv.xy[positions],
        filters=pv.filters[positions],
        trade_rows=pv.trade_rows[positions],
    )
