"""The candidate generators beside skill similarity: the vacancy's own trade, then its related trades.

Candidate generation is a union of generators, each with its own budget (``MatchParams``):

- skill similarity (candidates.py): the ``candidates`` most skill-similar workers;
- same trade: up to ``candidates_same_trade`` workers whose primary or past occupation is the
  vacancy's, the most skill-similar first;
- related trades: up to ``candidates_related`` workers of the vacancy's most related occupations
  (occupations.RELATED_TOP of them), by relatedness + skill similarity.

Every generator sees only pairs that pass the hard filters. The trade generators ride on the skill
scan: one sparse product of the block's visited rows' occupation indicators (workers × occupations,
prepare.py) with the block's trade rows (occupations × vacancies) names, once per block, the pairs of
the same or a related trade; each chunk of the scan then only reads those pairs' filtered similarity
out of the buffer it has just computed; one selection at the end of the block keeps the best ``size``
per vacancy by (key desc, scan position asc), as in the skill scan, so the picks do not depend on the
order rows are visited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from matching.engine.arrays import PackedKeys, argsort_ties_by, descending_bits
from matching.engine.prepare import NEG_FLOOR, SAME_AT_LEAST


def top_per_vacancy(
    v: np.ndarray, p: np.ndarray, k: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The best ``size`` (vacancy, position) pairs of each vacancy by (key desc, position asc).

    Returns the kept (v, p, key) sorted by vacancy, key desc, position. One sort of an exact int64 key:
    (vacancy, key, position) packed when it fits (arrays.PackedKeys), else (vacancy, key) with equal
    keys put in position order.
    """
    if size <= 0 or not v.shape[0]:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    packing = PackedKeys.for_groups(int(v.max()) + 1, int(p.max()) + 1)
    if packing is not None:
        keys = np.sort(packing.pack(v, k, p))
        v = packing.group(keys)
        keep = _first_per_group(v, size)
        keys = keys[keep]
        return v[keep].astype(np.int32), packing.position(keys), packing.key(keys)
    order = argsort_ties_by((v.astype(np.int64) << 32) | descending_bits(k), p)
    v, p, k = v[order], p[order], k[order]
    keep = _first_per_group(v, size)
    return v[keep].astype(np.int32), p[keep].astype(np.int64), k[keep].astype(np.float32)


def _first_per_group(group: np.ndarray, size: int) -> np.ndarray:
    """Mask of the first ``size`` entries of each run of equal ``group`` values."""
    first = np.r_[True, group[1:] != group[:-1]]
    run_start = np.maximum.accumulate(np.where(first, np.arange(group.shape[0]), 0))
    return (np.arange(group.shape[0]) - run_start) < size


@dataclass(slots=True)
class TradeScan:
    """The two trade generators of one block: ``rel`` is the block's (O × b) trade columns.

    ``start`` names the block's trade pairs among the rows the scan will visit, ``collect`` reads
    their filtered similarity chunk by chunk, ``result`` selects.
    """

    rel: sp.csr_matrix
    same_size: int
    related_size: int
    pairs: int = 0
    _hits: sp.csr_matrix | None = None
    _row: np.ndarray | None = None
    _pos: np.ndarray | None = None
    _kept: list[np.ndarray] = field(default_factory=list)
    _kept_sim: list[np.ndarray] = field(default_factory=list)

    @classmethod
    def for_block(cls, trade_rows: sp.csr_matrix, same: int, related: int) -> TradeScan:
        """Generators for the vacancies whose trade rows (vacancy_trade_rows) are given."""
        return cls(rel=sp.csr_matrix(trade_rows.T), same_size=int(same), related_size=int(related))

    def start(self, trades: sp.csr_matrix, pos: np.ndarray) -> None:
        """The rows the scan visits, in visiting order: ``trades`` (rows × O) their occupation
        indicators, ``pos`` their scan positions."""
        hits = sp.csr_matrix(trades @ self.rel)
        self._hits = hits
        self._row = np.repeat(np.arange(hits.shape[0], dtype=np.int32), np.diff(hits.indptr))
        self._pos = np.asarray(pos, dtype=np.int64)
        self._kept, self._kept_sim = [], []

    def collect(self, sim: np.ndarray, offset: int) -> None:
        """Keep the trade pairs that pass the hard filters, with their similarity, out of ``sim``
        (rows × b): the filtered similarity of the visited rows ``offset`` … ``offset + rows``
        (≤ NEG_FLOOR where a hard filter fails)."""
        hits, row = self._hits, self._row
        assert hits is not None and row is not None
        lo, hi = int(hits.indptr[offset]), int(hits.indptr[offset + sim.shape[0]])
        if hi > lo:
            values = sim[row[lo:hi] - offset, hits.indices[lo:hi]]
            ok = np.flatnonzero(values > NEG_FLOOR)
            if ok.shape[0]:
                self._kept.append(ok + lo)
                self._kept_sim.append(values[ok])

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        """(vacancy in block, scan position) of both generators' picks (a pair may come twice)."""
        hits, row, pos = self._hits, self._row, self._pos
        if hits is None or row is None or pos is None or not self._kept:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
        kept = np.concatenate(self._kept)
        s = np.concatenate(self._kept_sim)
        j, val, p = hits.indices[kept], hits.data[kept].astype(np.float32), pos[row[kept]]
        self.pairs += int(kept.shape[0])
        same = val >= SAME_AT_LEAST
        sv, sp_, _ = top_per_vacancy(j[same], p[same], s[same], self.same_size)
        rel = ~same
        rv, rp, _ = top_per_vacancy(j[rel], p[rel], (val[rel] + s[rel]).astype(np.float32), self.related_size)
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
        rows = np.arange(sim.shape[0], dtype=np.int64)
        scan.start(scan_trades, rows)
    else:
        occupations = trade_row.indices
        ptr = by_occupation.indptr
        rows = np.unique(
            np.concatenate([by_occupation.indices[ptr[o] : ptr[o + 1]] for o in occupations] or [[]])
        ).astype(np.int64)
        scan.start(scan_trades[rows], rows)
    scan.collect(sim[rows][:, None], 0)
    return scan.result()[1]
