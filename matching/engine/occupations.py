"""Occupations as data: how related two trades are, and which trades a worker can claim.

The relatedness table R (O × O, float32, row = the worker's occupation, column = the vacancy's) is the
largest of four sources, each in [0, RELATED_CAP] so only the trade itself scores 1:

- **the tree**, read from the taxonomy's parent links (the code's digits only when no links are
  given): the deeper the two occupations' lowest common group, the closer they are (TREE_BY_DEPTH);
- **skill profiles**: the cosine of the two occupations' required and preferred skills *with their
  levels* (each skill at level l counts as l thermometer steps, so a level-2 and a level-5 profile of
  the same skills are related, not equal), scaled by PROFILE_SCALE;
- **an imported list** of related occupations (a city's own, ``Taxonomy.related``), symmetric;
- **what feedback learnt** (``Taxonomy.learned``: hires of workers of one trade into another), as
  given (the loader turns counts into strengths).

A worker's trades are their primary occupation (weight 1) and the occupations of their work history
(weight HISTORY_MIN … HISTORY_MAX growing with the years spent, see ``history_weight``). The pair's
occupation point is the best trade's weight × R[trade, vacancy occupation]. Nothing here loops over
pairs; the only Python loops run over the occupations of a taxonomy, once per run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.engine.arrays import MAX_SKILL_LEVEL, Taxonomy, WorkerArrays, csr_segments, descending_bits

RELATED_CAP = 0.8  # no other trade scores as much as the vacancy's own (1.0)
# Lowest common group of two occupations, by its depth (1 major, 2 middle, 3 minor group).
TREE_BY_DEPTH = {1: 0.1, 2: 0.3, 3: 0.6}
PROFILE_SCALE = 0.8  # a related trade with an identical skill profile still scores below its own
IMPORTED_DEFAULT = 0.7  # strength of an imported related occupation given without one
RELATED_MIN = 0.3  # below this, a trade is "unrelated" in the reasons and no candidate generator
RELATED_TOP = (
    2  # related occupations per occupation the candidate generator reads (4: +4 % CPU, same quality)
)
# Work history: a past occupation counts HISTORY_MIN after a short stint, HISTORY_MAX from
# HISTORY_FULL_YEARS on (a current primary occupation counts 1).
HISTORY_MIN = 0.2
HISTORY_MAX = 0.5
HISTORY_FULL_YEARS = 3.0
HISTORY_KEEP = 3  # past occupations per worker the engine reads (the longest held)
# Hires from one trade into another: n of them count RELATED_CAP · n / (n + LEARN_PRIOR_HIRES).
LEARN_PRIOR_HIRES = 5.0

# Trade of a pair, for the reasons: the vacancy's occupation as the worker's primary occupation, as
# one held before, a related trade, an unrelated one, or no occupation known.
TRADE_SAME = 0
TRADE_SAME_PAST = 1
TRADE_RELATED = 2
TRADE_UNRELATED = 3
TRADE_UNKNOWN = 4


@dataclass(slots=True)
class Relatedness:
    """R and, per occupation, its RELATED_TOP most related other occupations (−1 padded)."""

    table: np.ndarray  # (O, O) float32
    top: np.ndarray  # (O, RELATED_TOP) int32
    top_value: np.ndarray  # (O, RELATED_TOP) float32


def code_keys(codes: np.ndarray) -> np.ndarray:
    """(O, 4) integer keys of each "G-MM-mm-NN" code's major, middle, minor group and unit, from the
    root down (−1 where the code stops, all −1 for a malformed code): the tree when the taxonomy has
    no parent links. A group code is its own last key."""
    keys = np.full((codes.shape[0], 4), -1, dtype=np.int64)
    for i, code in enumerate(codes.tolist()):
        parts = str(code).strip().split("-")
        if len(parts) != 4 or not all(p.isdigit() for p in parts):
            continue
        g, mm, mn, nn = (int(p) for p in parts)
        keys[i, 0] = g
        if mm:
            keys[i, 1] = g * 100 + mm
            if mn:
                keys[i, 2] = keys[i, 1] * 100 + mn
                if nn:
                    keys[i, 3] = keys[i, 2] * 100 + nn
    return keys


def parent_keys(parent: np.ndarray) -> np.ndarray:
    """(O, 4) ancestor positions from the root down along the parent links (−1 where the chain is
    shorter); an occupation is its own last ancestor. Deeper chains keep their 4 lowest levels."""
    o = parent.shape[0]
    chain = [np.arange(o, dtype=np.int64)]
    cur = np.arange(o, dtype=np.int64)
    for _ in range(3):
        cur = np.where(cur >= 0, parent[np.maximum(cur, 0)], -1)
        chain.append(cur)
    up = np.stack(chain, axis=1)  # self, parent, grandparent, … (−1 past the root)
    depth = (up >= 0).sum(axis=1)
    out = np.full((o, 4), -1, dtype=np.int64)
    for d in range(1, 5):
        rows = np.flatnonzero(depth == d)
        out[rows, :d] = up[rows, :d][:, ::-1]
    return out


def tree_relatedness(anc: np.ndarray) -> np.ndarray:
    """TREE_BY_DEPTH of the lowest common group of every pair (0 without one; 1 on the diagonal), from
    the (O, 4) keys of ``parent_keys`` or ``code_keys``."""
    o = anc.shape[0]
    out = np.zeros((o, o), dtype=np.float32)
    for depth, value in sorted(TREE_BY_DEPTH.items()):
        key = anc[:, depth - 1]
        same = (key[:, None] == key[None, :]) & (key[:, None] >= 0)
        out[same] = value
    np.fill_diagonal(out, 1.0)
    return out


def profile_relatedness(taxonomy: Taxonomy) -> np.ndarray:
    """PROFILE_SCALE × cosine of the occupations' skill profiles coded as level thermometers."""
    so = taxonomy.skill_occupation.tocoo()
    o = taxonomy.occupation_count
    if taxonomy.skill_level is not None:
        level = np.asarray(taxonomy.skill_level.tocsr()[so.row, so.col]).ravel()
        level = np.where(level > 0, level, 3.0)
    else:
        level = np.full(so.nnz, 3.0)
    steps = np.clip(np.rint(level), 1, MAX_SKILL_LEVEL).astype(np.int64)
    owner = np.repeat(np.arange(so.nnz), steps)
    offset = np.arange(owner.shape[0]) - np.repeat(np.cumsum(steps) - steps, steps)
    cols = so.row[owner].astype(np.int64) * MAX_SKILL_LEVEL + offset
    x = sp.csr_matrix(
        (so.data[owner].astype(np.float64), (so.col[owner], cols)),
        shape=(o, taxonomy.skill_count * MAX_SKILL_LEVEL),
    )
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    x = sp.diags(inv) @ x
    cos: np.ndarray = np.asarray((x @ x.T).toarray())
    profile: np.ndarray = (PROFILE_SCALE * np.clip(cos, 0.0, 1.0)).astype(np.float32)
    return profile


def _dense_strengths(mat: sp.spmatrix | None, o: int, symmetric: bool) -> np.ndarray | None:
    """A sparse table of strengths as a dense (O × O) array capped at RELATED_CAP (None if absent)."""
    if mat is None:
        return None
    dense = np.asarray(sp.csr_matrix(mat, shape=(o, o)).toarray(), dtype=np.float32)
    if symmetric:
        dense = np.maximum(dense, dense.T)
    return np.clip(dense, 0.0, RELATED_CAP)


def relatedness(taxonomy: Taxonomy) -> Relatedness:
    """The table R (see the module docstring) and each occupation's most related others."""
    o = taxonomy.occupation_count
    parent = taxonomy.occupation_parent
    if parent is None:
        table = tree_relatedness(code_keys(taxonomy.occupation_codes))
    else:
        table = tree_relatedness(parent_keys(parent))
    np.fill_diagonal(table, 0.0)
    table = np.minimum(table, RELATED_CAP)
    np.maximum(table, profile_relatedness(taxonomy), out=table)
    for extra in (
        _dense_strengths(taxonomy.related, o, symmetric=True),
        _dense_strengths(taxonomy.learned, o, symmetric=False),
    ):
        if extra is not None:
            np.maximum(table, extra, out=table)
    np.fill_diagonal(table, 0.0)
    k = min(RELATED_TOP, max(o - 1, 0))
    top = np.full((o, RELATED_TOP), -1, dtype=np.int32)
    top_value = np.zeros((o, RELATED_TOP), dtype=np.float32)
    if k:
        # Column v of R is "workers of row o for a vacancy of v": rank rows per column.
        order = np.argsort(-table.T, axis=1, kind="stable")[:, :k]
        vals = np.take_along_axis(table.T, order, axis=1)
        ok = vals >= RELATED_MIN
        top[:, :k] = np.where(ok, order, -1)
        top_value[:, :k] = np.where(ok, vals, 0.0)
    np.fill_diagonal(table, 1.0)
    return Relatedness(table=table, top=top, top_value=top_value)


def learned_strength(hires: np.ndarray) -> np.ndarray:
    """Relatedness learnt from ``hires`` of workers of one trade into another: half of RELATED_CAP
    after LEARN_PRIOR_HIRES hires, approaching it as they accumulate."""
    n = np.asarray(hires, dtype=np.float64)
    return (RELATED_CAP * n / (n + LEARN_PRIOR_HIRES)).astype(np.float32)


def history_weight(years: np.ndarray) -> np.ndarray:
    """Weight of a past occupation held for ``years``: HISTORY_MIN … HISTORY_MAX at HISTORY_FULL_YEARS."""
    share = np.clip(np.asarray(years, dtype=np.float64) / HISTORY_FULL_YEARS, 0.0, 1.0)
    return (HISTORY_MIN + (HISTORY_MAX - HISTORY_MIN) * share).astype(np.float32)


def worker_trades(workers: WorkerArrays, occupation_count: int) -> sp.csr_matrix:
    """(N × O) float32: 1 at the primary occupation, ``history_weight`` at each past one (the
    HISTORY_KEEP longest held; the larger weight where a past occupation is the primary too)."""
    n = len(workers)
    primary = workers.occupation.astype(np.int64)
    has = primary >= 0
    rows = [np.flatnonzero(has)]
    cols = [primary[has]]
    vals = [np.ones(int(has.sum()), dtype=np.float32)]
    hist = workers.history
    if hist is not None and hist.nnz:
        h = hist.tocsr()
        h_rows = np.repeat(np.arange(n), np.diff(h.indptr))
        order = np.lexsort((-h.data, h_rows))  # longest first within a worker
        rank = np.arange(order.shape[0]) - np.repeat(h.indptr[:-1], np.diff(h.indptr))
        keep = order[rank < HISTORY_KEEP]
        rows.append(h_rows[keep])
        cols.append(h.indices[keep].astype(np.int64))
        vals.append(history_weight(h.data[keep]))
    r, c, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    key = r * occupation_count + c
    order = np.lexsort((-v, key))
    first = np.r_[True, key[order][1:] != key[order][:-1]] if key.size else np.zeros(0, dtype=bool)
    pick = order[first]
    out = sp.csr_matrix((v[pick], (r[pick], c[pick])), shape=(n, occupation_count), dtype=np.float32)
    out.sort_indices()
    return out


def _ascending_bits(values: np.ndarray) -> np.ndarray:
    """uint64 codes in [0, 2³²) of float32 values, in the values' order (exact; -0 = +0)."""
    return (np.int64(0xFFFFFFFF) - descending_bits(values)).astype(np.uint64)


@dataclass(slots=True)
class PairTrades:
    """Per pair: the occupation point, the trade kind (TRADE_*) and the worker's occupation behind it."""

    value: np.ndarray  # float32 in [0, 1]
    kind: np.ndarray  # int8
    occupation: np.ndarray  # int32, −1 when the worker gave none


def pair_trades(
    trades: sp.csr_matrix, table: np.ndarray, vacancy_occupation: np.ndarray, w: np.ndarray, v: np.ndarray
) -> PairTrades:
    """The best of the worker's trades for each pair (w[i], v[i]): weight × R[trade, vacancy's]."""
    ov = vacancy_occupation[v].astype(np.int64)
    pos, counts, offsets = csr_segments(trades.indptr, w)
    occ = trades.indices[pos].astype(np.int64)
    weight = trades.data[pos]
    ov_e = np.repeat(ov, counts)
    rel = np.where(ov_e >= 0, table[occ, np.maximum(ov_e, 0)], 0.0).astype(np.float32)
    value_e = weight * rel
    # Best entry per pair by (value desc, weight desc, entry order): the segment maximum of an exact
    # (value bits, weight bits) key, then the first entry that reaches it.
    key = (_ascending_bits(value_e) << np.uint64(32)) | _ascending_bits(weight)
    filled = np.flatnonzero(counts > 0)
    best_key = np.zeros(w.shape[0], dtype=np.uint64)
    if filled.shape[0]:
        best_key[filled] = np.maximum.reduceat(key, offsets[filled])
    entry = np.where(key == np.repeat(best_key, counts), np.arange(key.shape[0]), key.shape[0])
    best = np.minimum.reduceat(entry, offsets[filled]) if filled.shape[0] else filled
    value = np.zeros(w.shape[0], dtype=np.float32)
    occupation = np.full(w.shape[0], -1, dtype=np.int32)
    value[filled] = value_e[best]
    occupation[filled] = occ[best]
    same = occupation.astype(np.int64) == ov
    primary = np.zeros(w.shape[0], dtype=bool)
    primary[filled] = weight[best] >= 1.0
    kind = np.full(w.shape[0], TRADE_UNRELATED, dtype=np.int8)
    best_rel = np.zeros(w.shape[0], dtype=np.float32)
    best_rel[filled] = rel[best]
    kind[(best_rel >= RELATED_MIN) & ~same] = TRADE_RELATED
    kind[same & ~primary] = TRADE_SAME_PAST
    kind[same & primary] = TRADE_SAME
    kind[(occupation < 0) | (ov < 0)] = TRADE_UNKNOWN
    return PairTrades(value=value, kind=kind, occupation=occupation)
