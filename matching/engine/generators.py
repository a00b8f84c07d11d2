"""The candidate generators beside skill similarity: the vacancy's own trade, then its related trades.

Candidate generation is a union of generators, each with its own budget (``MatchParams``):

- skill similarity (candidates.py): the ``candidates`` most skill-similar workers;
- same trade: up to ``candidates_same_trade`` workers whose primary or past occupation is the
  vacancy's, the most skill-similar first;
- related trades: up to ``candidates_related`` workers of the vacancy's most related occupations
  (occupations.RELATED_TOP of them), by relatedness + skill similarity.

Every generator sees only pairs that pass the hard filters. The trade generators ride on the skill
scan: each chunk of the scan already holds the filtered similarity of its (worker, vacancy) pairs, and
one sparse product of the chunk's occupation indicator rows (workers × occupations, prepare.py) with
the block's trade rows (occupations × vacancies) names the pairs of the same or a related trade. The
selection is exact and independent of the order rows are visited: the best ``size`` per vacancy by
(key desc, scan position asc), as in the skill scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from matching.engine.prepare import NEG_FLOOR, SAME_AT_LEAST


class TopK:
    """The running best ``size`` (vacancy, position) pairs per vacancy by (key desc, position asc).

    Pairs below a full vacancy's current ``size``-th key are dropped on arrival; the rest wait in a
    buffer merged (one lexsort) when it grows past ``merge_at``.
    """

    def __init__(self, width: int, size: int) -> None:
        self.size = int(size)
        self.width = int(width)
        self.thresh = np.full(width, -np.inf, dtype=np.float64)
        self.v = np.zeros(0, dtype=np.int32)
        self.p = np.zeros(0, dtype=np.int64)
        self.k = np.zeros(0, dtype=np.float32)
        self._pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._count = 0
        self.merge_at = max(4 * width * self.size, 1 << 18)

    def add(self, v: np.ndarray, p: np.ndarray, k: np.ndarray) -> None:
        """Offer pairs (vacancy in block, scan position, key)."""
        if self.size <= 0 or not v.shape[0]:
            return
        ok = k >= self.thresh[v]
        if not ok.all():
            v, p, k = v[ok], p[ok], k[ok]
        self._pending.append((v.astype(np.int32), p.astype(np.int64), k.astype(np.float32)))
        self._count += v.shape[0]
        if self._count >= self.merge_at:
            self._merge()

    def _merge(self) -> None:
        v = np.concatenate([self.v, *(x[0] for x in self._pending)])
        p = np.concatenate([self.p, *(x[1] for x in self._pending)])
        k = np.concatenate([self.k, *(x[2] for x in self._pending)])
        self._pending, self._count = [], 0
        order = np.lexsort((p, -k.astype(np.float64), v))
        v, p, k = v[order], p[order], k[order]
        counts = np.bincount(v, minlength=self.width)
        starts = np.zeros(self.width + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        keep = (np.arange(v.shape[0]) - starts[v]) < self.size
        self.v, self.p, self.k = v[keep], p[keep], k[keep]
        full = np.flatnonzero(counts >= self.size)
        kept = np.zeros(self.width + 1, dtype=np.int64)
        np.cumsum(np.minimum(counts, self.size), out=kept[1:])
        self.thresh[full] = self.k[kept[1:][full] - 1]

    def result(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The kept (vacancy, position, key), sorted by vacancy, key desc, position."""
        if self._pending:
            self._merge()
        return self.v, self.p, self.k


@dataclass(slots=True)
class TradeScan:
    """The two trade generators of one block: ``rel`` is the block's (O × b) trade columns."""

    rel: sp.csc_matrix
    same: TopK
    related: TopK
    pairs: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @classmethod
    def for_block(cls, trade_rows: sp.csr_matrix, same: int, related: int) -> TradeScan:
        """Generators for the vacancies whose trade rows (vacancy_trade_rows) are given."""
        b = trade_rows.shape[0]
        return cls(rel=sp.csc_matrix(trade_rows.T), same=TopK(b, same), related=TopK(b, related))

    def collect(self, trades: sp.csr_matrix, sim: np.ndarray, pos: np.ndarray) -> None:
        """Offer the pairs of a chunk: ``trades`` (rows × O) the rows' occupation indicators, ``sim``
        (rows × b) their filtered similarity (≤ NEG_FLOOR where a hard filter fails), ``pos`` their
        scan positions."""
        hit = (trades @ self.rel).tocoo()
        if not hit.nnz:
            return
        r, j, val = hit.row, hit.col, hit.data.astype(np.float32)
        s = sim[r, j]
        ok = s > NEG_FLOOR
        r, j, val, s = r[ok], j[ok], val[ok], s[ok]
        self.pairs += int(r.shape[0])
        same = val >= SAME_AT_LEAST
        self.same.add(j[same], pos[r[same]], s[same])
        rel = ~same
        self.related.add(j[rel], pos[r[rel]], (val[rel] + s[rel]).astype(np.float32))

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        """(vacancy in block, scan position) of both generators' picks (a pair may come twice)."""
        sv, sp_, _ = self.same.result()
        rv, rp, _ = self.related.result()
        return np.concatenate([sv, rv]), np.concatenate([sp_, rp])


def union_pairs(
    v: np.ndarray, p: np.ndarray, v2: np.ndarray, p2: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """Union of two (vacancy, position) pair lists, each pair once, sorted by (vacancy, position)."""
    key = np.r_[v.astype(np.int64) * width + p, v2.astype(np.int64) * width + p2]
    key.sort()  # values, not an order: any sort gives the same array (the unstable one is vectorised)
    if key.size:
        key = key[np.r_[True, key[1:] != key[:-1]]]
    return (key // width).astype(np.int32), key % width


def trade_candidates_one(
    scan_trades: sp.csr_matrix,
    trade_row: sp.csr_matrix,
    sim: np.ndarray,
    same: int,
    related: int,
    by_occupation: sp.csc_matrix | None = None,
) -> np.ndarray:
    """Fast path of the trade generators for one vacancy: scan positions of their picks, given the
    filtered similarity ``sim`` of every scan position. Same picks as the block scan. With
    ``by_occupation`` (``scan_trades`` in column order) only the rows of the vacancy's trades are read."""
    scan = TradeScan.for_block(trade_row, same, related)
    if by_occupation is None:
        scan.collect(scan_trades, sim[:, None], np.arange(sim.shape[0], dtype=np.int64))
        return scan.result()[1]
    occupations = trade_row.indices
    ptr = by_occupation.indptr
    rows = np.unique(
        np.concatenate([by_occupation.indices[ptr[o] : ptr[o + 1]] for o in occupations] or [[]])
    )
    rows = rows.astype(np.int64)
    if rows.shape[0]:
        scan.collect(scan_trades[rows], sim[rows][:, None], rows)
    return scan.result()[1]
