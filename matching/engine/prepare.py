"""Precomputed state shared by the full run and the fast paths.

``SkillBasis`` (idf, taxonomy smoothing, projection origin, occupation tree keys, filter constants) is
built once from the workers; ``PreparedWorkers`` and ``PreparedVacancies`` hold the normalised skill
matrices and the hard-filter encodings that the candidate stage multiplies.

Skill similarity is the cosine of taxonomy-smoothed TF-IDF vectors: with T the smoothing matrix,
sim(w, v) = (wT)·(vT) / (|wT||vT|). We keep the worker side sparse and unsmoothed
(W' = w / |wT|, ~8 non-zeros a row) and push all smoothing to the vacancy side (X = T·(vT)ᵀ/|vT|),
so sim = W' X exactly: no projection and no recall loss, and W' X is a sparse × dense product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.engine.arrays import MAX_SKILL_LEVEL, Taxonomy, VacancyArrays, WorkerArrays
from matching.engine.geo import project_km
from matching.engine.occupations import Relatedness, relatedness, worker_trades

# A vacancy's own occupation in its trade row (vacancy_trade_rows): far above any sum of related
# strengths a worker's few trades can reach, so "same trade" is a threshold on the product.
SAME_MARK = 10.0
SAME_AT_LEAST = SAME_MARK * 0.45

# Smoothing: identity + ALPHA · (cosine co-occurrence of skills across occupations, category links),
# keeping the NEIGHBOURS strongest links of each skill so the matrix stays sparse on big taxonomies.
SMOOTHING_ALPHA = 0.5
SMOOTHING_NEIGHBOURS = 10
SMOOTHING_MIN_LINK = 0.05
CATEGORY_LINK = 0.2
PREFERRED_SKILL_WEIGHT = 0.5

# Hard-filter fold (see hard_filter_columns): scores live in [0, 1]; a passing pair's filter value is
# >= PASS_LEVEL and a failing one is far below NEG_FLOOR, so min(score, filter value) masks in one pass.
PASS_LEVEL = 2.0
NEG_FLOOR = -0.5
REACH_SCALE = 1.0e4  # per km²: a pair 1e-4 km² (about 5 mm at 15 km) past its limit already fails
HARD_FILTER_WIDTH = 5 + 6  # x, y, |p|², 1, relocate·dormitory, six form bits


@dataclass(slots=True)
class SkillBasis:
    """Everything that must be identical on both sides of a product: idf, smoothing, origin, keys."""

    taxonomy: Taxonomy
    idf: np.ndarray  # (S,) float32
    smoothing: sp.csr_matrix  # (S, S) float32, T
    origin: tuple[float, float]
    relatedness: Relatedness  # occupation relatedness table and each occupation's closest others
    relocate_bonus: float  # larger than REACH_SCALE × (largest squared distance in the city)
    form_penalty: float


def smoothing_matrix(taxonomy: Taxonomy) -> sp.csr_matrix:
    """T = I + α·N where N links skills co-required by the same occupations or sharing a category.

    N[i, j] is the cosine of the two skills' occupation profiles (max with CATEGORY_LINK when their
    category matches), diagonal removed, top SMOOTHING_NEIGHBOURS per row, links below
    SMOOTHING_MIN_LINK dropped. A related skill thus earns partial, never full, credit.
    """
    s = taxonomy.skill_count
    a = taxonomy.skill_occupation.astype(np.float64)
    co = (a @ a.T).tocsr()
    norms = np.sqrt(np.maximum(co.diagonal(), 1e-12))
    co = sp.diags(1.0 / norms) @ co @ sp.diags(1.0 / norms)
    co = sp.csr_matrix(co)
    if taxonomy.skill_category is not None:
        cat = taxonomy.skill_category
        order = np.argsort(cat, kind="stable")
        # Link each skill to its category neighbours; bounded per row below, so big categories stay sparse.
        rows, cols = [], []
        bounds = np.flatnonzero(np.diff(cat[order])) + 1
        for group in np.split(order, bounds):
            if group.shape[0] > 1 and cat[group[0]] >= 0:
                g = group[: 4 * SMOOTHING_NEIGHBOURS]
                rr, cc = np.meshgrid(g, g, indexing="ij")
                rows.append(rr.ravel())
                cols.append(cc.ravel())
        if rows:
            r = np.concatenate(rows)
            c = np.concatenate(cols)
            link = sp.csr_matrix((np.full(r.shape[0], CATEGORY_LINK), (r, c)), shape=(s, s))
            co = co.maximum(link)
    co.setdiag(0.0)
    co.eliminate_zeros()
    co = co.tocsr()
    co.sort_indices()
    # Keep the strongest links of each row (ties broken by skill index, for determinism).
    keep_r, keep_c, keep_v = [], [], []
    for i in range(s):
        lo, hi = co.indptr[i], co.indptr[i + 1]
        vals = co.data[lo:hi]
        idx = co.indices[lo:hi]
        ok = vals >= SMOOTHING_MIN_LINK
        vals, idx = vals[ok], idx[ok]
        if vals.shape[0] > SMOOTHING_NEIGHBOURS:
            top = np.lexsort((idx, -vals))[:SMOOTHING_NEIGHBOURS]
            vals, idx = vals[top], idx[top]
        keep_r.append(np.full(idx.shape[0], i))
        keep_c.append(idx)
        keep_v.append(vals)
    r = np.concatenate(keep_r) if keep_r else np.zeros(0, dtype=np.int64)
    c = np.concatenate(keep_c) if keep_c else np.zeros(0, dtype=np.int64)
    v = np.concatenate(keep_v) if keep_v else np.zeros(0)
    neigh = sp.csr_matrix((SMOOTHING_ALPHA * v, (r, c)), shape=(s, s))
    t = (sp.identity(s, format="csr") + neigh).astype(np.float32).tocsr()
    t.sort_indices()
    return t


def build_basis(
    workers: WorkerArrays, taxonomy: Taxonomy, origin: tuple[float, float] | None = None
) -> SkillBasis:
    """Compute idf over the workers (eligible or not: the skill market is the whole register), the
    smoothing matrix, the projection origin (median worker position unless given) and constants."""
    if workers.skill_count != taxonomy.skill_count:
        raise ValueError("worker skill matrix width differs from the taxonomy's skill count")
    n = max(len(workers), 1)
    df = np.bincount(workers.skills.indices, minlength=taxonomy.skill_count).astype(np.float64)
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    if origin is None:
        origin = (
            (float(np.median(workers.lat)), float(np.median(workers.lon))) if len(workers) else (0.0, 0.0)
        )
    xy = project_km(workers.lat, workers.lon, origin)
    extent = float(np.abs(xy).max()) if xy.size else 1.0
    # Vacancies may lie outside the workers' hull: allow for a city 4x as wide, and recheck per vacancy set.
    relocate_bonus = REACH_SCALE * (8.0 * extent + 100.0) ** 2 * 4.0
    return SkillBasis(
        taxonomy=taxonomy,
        idf=idf,
        smoothing=smoothing_matrix(taxonomy),
        origin=origin,
        relatedness=relatedness(taxonomy),
        relocate_bonus=relocate_bonus,
        form_penalty=relocate_bonus * 1.0e3,
    )


@dataclass(slots=True)
class PreparedWorkers:
    """Workers ready for products: normalised skills, projected coordinates, filter columns.

    ``order`` lists the eligible workers sorted by ``available_from`` (stable); the candidate stage
    scans them in that order so only the last chunks need an availability mask.
    """

    arrays: WorkerArrays
    basis: SkillBasis
    wnorm: sp.csr_matrix  # (N, S) float32, w_tfidf / |w_tfidf T|, all workers in input order
    xy: np.ndarray  # (N, 2) float64 km
    order: np.ndarray  # (E,) int64 positions of eligible workers
    scan: sp.csr_matrix  # wnorm[order]
    scan_filters: np.ndarray  # (E, HARD_FILTER_WIDTH) float32
    scan_available: np.ndarray  # (E,) int32, ascending
    skill_keys: np.ndarray  # (nnz,) int64 worker·S + skill of arrays.skills, sorted (level lookups)
    levels: np.ndarray | None  # (N, S) uint8 dense levels when small enough (direct lookups), else None
    trades: sp.csr_matrix  # (N, O) float32: 1 at the primary occupation, a history weight at past ones
    scan_trades: sp.csr_matrix  # trades[order]
    scan_trades_csc: sp.csc_matrix  # the same in column order: an occupation's scan positions

    def __len__(self) -> int:
        return len(self.arrays)


@dataclass(slots=True)
class PreparedVacancies:
    """Vacancies ready for products: smoothed skill columns, projected coordinates, filter rows."""

    arrays: VacancyArrays
    basis: SkillBasis
    xt: np.ndarray  # (S, M) float32: column v is T·(v T)ᵀ / |v T|
    xy: np.ndarray  # (M, 2) float64 km
    filters: np.ndarray  # (M, HARD_FILTER_WIDTH) float32
    trade_rows: sp.csr_matrix  # (M, O) float32, see vacancy_trade_rows

    def __len__(self) -> int:
        return len(self.arrays)


def worker_vectors(skills: sp.csr_matrix, basis: SkillBasis) -> sp.csr_matrix:
    """Return w_tfidf / |w_tfidf T| (sparse, unsmoothed pattern), tf = level / MAX_SKILL_LEVEL."""
    tf = skills.copy()
    tf.data = tf.data / np.float32(MAX_SKILL_LEVEL)
    w = (tf @ sp.diags(basis.idf)).tocsr().astype(np.float32)
    n = w.shape[0]
    norms = np.empty(n, dtype=np.float64)
    step = 200_000  # the smoothed rows are ~10x denser: build them a slice at a time
    for lo in range(0, n, step):
        sm = w[lo : lo + step] @ basis.smoothing
        norms[lo : lo + step] = np.sqrt(np.asarray(sm.multiply(sm).sum(axis=1)).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    out = (sp.diags(inv.astype(np.float32)) @ w).tocsr().astype(np.float32)
    out.sort_indices()
    out.indices = out.indices.astype(np.int32, copy=False)
    out.indptr = out.indptr.astype(np.int64 if out.nnz >= 2**31 else np.int32, copy=False)
    return out


def worker_filter_columns(xy: np.ndarray, arrays: WorkerArrays) -> np.ndarray:
    """Worker half of the hard-filter product (see ``vacancy_filter_columns``)."""
    r2 = arrays.max_commute_km.astype(np.float64) ** 2
    p2 = (xy**2).sum(axis=1)
    cols = np.zeros((xy.shape[0], HARD_FILTER_WIDTH), dtype=np.float64)
    cols[:, 0] = xy[:, 0]
    cols[:, 1] = xy[:, 1]
    cols[:, 2] = r2 - p2
    cols[:, 3] = 1.0
    cols[:, 4] = arrays.relocate
    for bit in range(6):
        cols[:, 5 + bit] = (arrays.forms & (1 << bit)) == 0  # 1 where the form is NOT accepted
    return cols.astype(np.float32)


def vacancy_filter_columns(xy: np.ndarray, arrays: VacancyArrays, basis: SkillBasis) -> np.ndarray:
    """Vacancy half: the product of a worker row and a vacancy row is

    PASS_LEVEL + REACH_SCALE·(r_w² − d²) + relocate_bonus·[relocate ∧ dormitory] − form_penalty·[form refused]

    which is ≥ PASS_LEVEL when the worker can reach the vacancy and accepts its form, and hugely
    negative otherwise. d² = |p_w|² + |p_v|² − 2 p_w·p_v is what makes it a product.
    """
    p2 = (xy**2).sum(axis=1)
    cols = np.zeros((xy.shape[0], HARD_FILTER_WIDTH), dtype=np.float64)
    cols[:, 0] = 2.0 * REACH_SCALE * xy[:, 0]
    cols[:, 1] = 2.0 * REACH_SCALE * xy[:, 1]
    cols[:, 2] = REACH_SCALE
    cols[:, 3] = PASS_LEVEL - REACH_SCALE * p2
    cols[:, 4] = basis.relocate_bonus * arrays.dormitory
    for bit in range(6):
        cols[:, 5 + bit] = -basis.form_penalty * ((arrays.form & (1 << bit)) != 0)
    return cols.astype(np.float32)


def skill_keys(skills: sp.csr_matrix) -> np.ndarray:
    """Sorted worker·S + skill keys of a canonical CSR skill matrix, for binary-search level lookups."""
    rows = np.repeat(np.arange(skills.shape[0], dtype=np.int64), np.diff(skills.indptr))
    return rows * skills.shape[1] + skills.indices


DENSE_LEVELS_MAX_BYTES = 1 << 30


def dense_levels(skills: sp.csr_matrix) -> np.ndarray | None:
    """Worker levels as a dense uint8 (N × S) matrix when it fits DENSE_LEVELS_MAX_BYTES, else None.

    A direct lookup costs one memory access where the binary search of ``skill_keys`` costs ~20;
    at 1M workers × 400 skills it is 400 MB, shared copy-on-write by the pool processes.
    """
    n, s = skills.shape
    if n * s > DENSE_LEVELS_MAX_BYTES:
        return None
    out = np.zeros((n, s), dtype=np.uint8)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(skills.indptr))
    out[rows, skills.indices] = skills.data.astype(np.uint8)
    return out


def prepare_workers(
    workers: WorkerArrays, taxonomy: Taxonomy, basis: SkillBasis | None = None
) -> PreparedWorkers:
    """Build (or reuse) the basis and everything the products need on the worker side."""
    basis = basis or build_basis(workers, taxonomy)
    wnorm = worker_vectors(workers.skills, basis)
    xy = project_km(workers.lat, workers.lon, basis.origin)
    eligible = np.flatnonzero(workers.eligible)
    order = eligible[np.argsort(workers.available_from[eligible], kind="stable")].astype(np.int64)
    scan = wnorm[order]
    scan.sort_indices()
    trades = worker_trades(workers, taxonomy.occupation_count)
    scan_trades = trades[order]
    return PreparedWorkers(
        arrays=workers,
        basis=basis,
        wnorm=wnorm,
        xy=xy,
        order=order,
        scan=scan,
        scan_filters=np.ascontiguousarray(worker_filter_columns(xy[order], workers.subset(order))),
        scan_available=workers.available_from[order],
        skill_keys=skill_keys(workers.skills),
        levels=dense_levels(workers.skills),
        trades=trades,
        scan_trades=scan_trades,
        scan_trades_csc=scan_trades.tocsc(),
    )


def vacancy_columns(vacancies: VacancyArrays, basis: SkillBasis) -> np.ndarray:
    """Return X (S × M float32): column v is T·(v T)ᵀ / |v T|, v = idf ⊙ (required + ½ preferred)."""
    req = vacancies.required.copy()
    req.data[:] = 1.0
    pref = vacancies.preferred.copy()
    pref.data[:] = PREFERRED_SKILL_WEIGHT
    # A skill both required and preferred counts as required.
    v = req.maximum(pref).tocsr()
    v = (v @ sp.diags(basis.idf)).tocsr()
    vs = (v @ basis.smoothing).tocsr()
    norms = np.sqrt(np.asarray(vs.multiply(vs).sum(axis=1)).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    vs = (sp.diags(inv) @ vs).tocsr()
    xt = (basis.smoothing @ vs.T).toarray()
    return np.ascontiguousarray(xt, dtype=np.float32)


def vacancy_trade_rows(occupation: np.ndarray, rel: Relatedness) -> sp.csr_matrix:
    """(M × O): SAME_MARK at each vacancy's occupation and R at its most related others, so that a
    worker's trade row times it is ≥ SAME_AT_LEAST for a worker of the vacancy's trade (as primary or
    past occupation) and in (0, SAME_AT_LEAST) for one of a related trade only."""
    o = rel.table.shape[0]
    m = occupation.shape[0]
    known = occupation >= 0
    rows = [np.flatnonzero(known)]
    cols = [occupation[known].astype(np.int64)]
    vals = [np.full(int(known.sum()), SAME_MARK, dtype=np.float32)]
    top = rel.top[np.maximum(occupation, 0)]
    ok = (top >= 0) & known[:, None]
    rows.append(np.nonzero(ok)[0])
    cols.append(top[ok].astype(np.int64))
    vals.append(rel.top_value[np.maximum(occupation, 0)][ok])
    out = sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(m, o), dtype=np.float32
    )
    out.sort_indices()
    return out


def prepare_vacancies(vacancies: VacancyArrays, basis: SkillBasis) -> PreparedVacancies:
    """Build the vacancy side with the workers' basis (same idf, smoothing and origin)."""
    if vacancies.skill_count != basis.taxonomy.skill_count:
        raise ValueError("vacancy skill matrices' width differs from the taxonomy's skill count")
    xy = project_km(vacancies.lat, vacancies.lon, basis.origin)
    if xy.size and REACH_SCALE * float((xy**2).sum(axis=1).max()) * 4 > basis.relocate_bonus:
        raise ValueError("vacancies lie too far from the workers' origin for one city's basis")
    return PreparedVacancies(
        arrays=vacancies,
        basis=basis,
        xt=vacancy_columns(vacancies, basis),
        xy=xy,
        filters=np.ascontiguousarray(vacancy_filter_columns(xy, vacancies, basis)),
        trade_rows=vacancy_trade_rows(vacancies.occupation, basis.relatedness),
    )
