"""Stage 1: the best C skill matches of each vacancy among all eligible workers, hard filters applied.

A block of b vacancies is scanned against the eligible workers chunk by chunk (workers in rows, so the
per-group maxima reduce over a middle axis, which numpy does ~5x faster than over a short last axis):

1. G = W'[chunk] · X[:, block]                  sparse × dense, the exact smoothed cosine
2. H = F_w[chunk] · F_v[block]ᵀ                 dense, 11 wide: reach, relocation, form (prepare.py)
3. G = min(G, H)                                one pass masks every failing pair
4. availability, only on the chunks whose workers start later than some vacancy of the block: a second
   fold, min(G, A_w · A_vᵀ), 2 wide (_Availability)
5. group maxima (GROUP rows) compared with each vacancy's running C-th best: only groups that can
   still enter the top C are gathered, and a buffered merge keeps the top C by (score, scan position):
   one integer sort of (vacancy, score, position) packed in an int64 (arrays.PackedKeys).

No selection ever touches a whole block (PITFALLS: argpartition over a block costs 5-8x its product).
Ties are broken by scan position (eligible workers ordered by availability, then input position).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.engine.arrays import PackedKeys, argsort_ties_by
from matching.engine.generators import TradeScan
from matching.engine.prepare import NEG_FLOOR, PASS_LEVEL, PreparedVacancies, PreparedWorkers

try:  # scipy's kernel writes into a caller's buffer; the public operator allocates each time.
    from scipy.sparse import _sparsetools

    _CSR_MATVECS = _sparsetools.csr_matvecs
except (ImportError, AttributeError):  # pragma: no cover - depends on scipy internals
    _CSR_MATVECS = None

GROUP = 16
CHUNK_ROWS = 2048
# A worker who starts a day after the vacancy scores PASS_LEVEL − AVAILABILITY_STEP in the fold: far
# below NEG_FLOOR.
AVAILABILITY_STEP = 4.0


def _csr_times_dense(mat: sp.csr_matrix, lo: int, hi: int, dense: np.ndarray, out: np.ndarray) -> None:
    """out[: hi-lo] = mat[lo:hi] @ dense (float32), without allocating a result per chunk."""
    rows = hi - lo
    view = out[:rows]
    if _CSR_MATVECS is None:
        view[...] = mat[lo:hi] @ dense
        return
    view.fill(0.0)
    ptr = mat.indptr[lo : hi + 1]
    # The kernel reads indices/data from the first row's offset; rebase the pointers.
    base = int(ptr[0])
    indptr = (ptr - base).astype(mat.indptr.dtype, copy=False)
    end = int(ptr[-1])
    _CSR_MATVECS(
        rows,
        dense.shape[0],
        dense.shape[1],
        indptr,
        mat.indices[base:end],
        mat.data[base:end],
        dense.ravel(),
        view.ravel(),
    )


def _merge(
    cur_v: np.ndarray,
    cur_p: np.ndarray,
    cur_s: np.ndarray,
    new_v: list[np.ndarray],
    new_p: list[np.ndarray],
    new_s: list[np.ndarray],
    size: int,
    width: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Merge candidates and keep the best ``size`` per vacancy by (score desc, position asc).

    Returns the kept (v, pos, score) sorted by (v, -score, pos) and each vacancy's new threshold
    (its size-th score, or NEG_FLOOR while it has fewer than ``size``).
    """
    v = np.concatenate([cur_v, *new_v])
    p = np.concatenate([cur_p, *new_p])
    s = np.concatenate([cur_s, *new_s])
    # One sort of a float64 key (vacancy, score desc); equal keys are then put in scan-position order
    # explicitly (a pruned scan visits rows out of position order), so ties go to the lower position.
    key = v.astype(np.float64) * 4.0 + (2.0 - s.astype(np.float64))
    order = argsort_ties_by(key, p)
    v, p, s = v[order], p[order], s[order]
    counts = np.bincount(v, minlength=width)
    starts = np.zeros(width + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    rank = np.arange(v.shape[0], dtype=np.int64) - starts[v]
    keep = rank < size
    v, p, s = v[keep], p[keep], s[keep]
    thresh = np.full(width, NEG_FLOOR, dtype=np.float32)
    full = counts >= size
    kept_starts = np.zeros(width + 1, dtype=np.int64)
    np.cumsum(np.minimum(counts, size), out=kept_starts[1:])
    thresh[full] = s[kept_starts[1:][full] - 1]
    return v, p, s, thresh


def scan_block(
    pw: PreparedWorkers,
    xt: np.ndarray,
    filters: np.ndarray,
    starts: np.ndarray,
    size: int,
    chunk_rows: int = CHUNK_ROWS,
    stats: dict[str, float] | None = None,
    trade: TradeScan | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best ``size`` eligible workers of each vacancy of one block by skill similarity (``trade``,
    if given, collects the trade generators' picks on the way).

    ``xt`` (S × b), ``filters`` (b × width) and ``starts`` (b,) describe the block; ``stats`` (if
    given) accumulates seconds spent in the products + masks ("product") and in selection. Returns
    (vacancy position in block int32, worker scan position int64, similarity float32), sorted by
    vacancy, then similarity descending, then scan position. Every eligible worker is scanned; the
    full run scans only the rows that can reach the block (``scan_rows`` with a ``SpatialIndex``).
    """
    rows = ScanRows(pw.scan, pw.scan_filters, pw.scan_available, None, pw.scan_trades)
    n = pw.scan.shape[0]
    return scan_rows(rows, [(0, n)], xt, filters, starts, size, chunk_rows, stats, trade)


@dataclass(slots=True)
class ScanRows:
    """Eligible workers' product inputs in some row order; ``pos`` maps a row to its scan position
    (None: the rows are the scan order itself); ``trades`` their occupation indicator rows."""

    scan: sp.csr_matrix
    filters: np.ndarray
    available: np.ndarray
    pos: np.ndarray | None
    trades: sp.csr_matrix | None = None


# Comparisons are ">= threshold" (a row may come before a tied row of lower scan position), so the
# starting threshold is the float just above NEG_FLOOR: a value must be > NEG_FLOOR to count.
_ABOVE_FLOOR = np.nextafter(np.float32(NEG_FLOOR), np.float32(np.inf))


def _chunk_pieces(ranges: list[tuple[int, int]], chunk_rows: int) -> list[list[tuple[int, int]]]:
    """Pack row ranges into chunks of at most ``chunk_rows`` rows (ranges split where needed)."""
    chunks: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    fill = 0
    for a, b in ranges:
        while a < b:
            take = min(b - a, chunk_rows - fill)
            cur.append((a, a + take))
            fill += take
            a += take
            if fill == chunk_rows:
                chunks.append(cur)
                cur, fill = [], 0
    if cur:
        chunks.append(cur)
    return chunks


@dataclass(slots=True)
class _Chunk:
    """One chunk of scanned rows: how many, their filter columns, availability and scan positions."""

    rows: int
    filters: np.ndarray
    available: np.ndarray
    pos: np.ndarray
    index: np.ndarray | slice


def _load_chunk(src: ScanRows, pieces: list[tuple[int, int]], xt: np.ndarray, g_buf: np.ndarray) -> _Chunk:
    """Fill g_buf[:rows] with the skill products of the chunk's row pieces; return the chunk's rows."""
    if len(pieces) == 1:
        lo, hi = pieces[0]
        _csr_times_dense(src.scan, lo, hi, xt, g_buf)
        pos = np.arange(lo, hi, dtype=np.int64) if src.pos is None else src.pos[lo:hi]
        return _Chunk(hi - lo, src.filters[lo:hi], src.available[lo:hi], pos, slice(lo, hi))
    off = 0
    for lo, hi in pieces:
        _csr_times_dense(src.scan, lo, hi, xt, g_buf[off:])
        off += hi - lo
    index = np.concatenate([np.arange(lo, hi, dtype=np.int64) for lo, hi in pieces])
    pos = index if src.pos is None else src.pos[index]
    return _Chunk(off, src.filters[index], src.available[index], pos, index)


def scan_rows(
    src: ScanRows,
    ranges: list[tuple[int, int]],
    xt: np.ndarray,
    filters: np.ndarray,
    starts: np.ndarray,
    size: int,
    chunk_rows: int = CHUNK_ROWS,
    stats: dict[str, float] | None = None,
    trade: TradeScan | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``scan_block`` over the rows ``ranges`` of ``src`` only (the rows left out must be ones the
    hard filters reject for every vacancy of the block). Same result as ``scan_block`` then: the top
    ``size`` by (similarity desc, scan position asc) does not depend on the order rows are visited."""
    b = xt.shape[1]
    xt = np.ascontiguousarray(xt, dtype=np.float32)
    hv = np.ascontiguousarray(filters.T, dtype=np.float32)
    starts = np.asarray(starts, dtype=np.int32)
    chunk_rows = max(GROUP, chunk_rows - chunk_rows % GROUP)
    g_buf = np.empty((chunk_rows, b), dtype=np.float32)
    h_buf = np.empty((chunk_rows, b), dtype=np.float32)
    top = _SkillTop(b, size, src.scan.shape[0])
    first_start = int(starts.min()) if b else 0
    late = _Availability(starts, chunk_rows)
    t_product = t_select = t_trade = 0.0
    scanned = 0
    collecting = trade if trade is not None and src.trades is not None else None
    if collecting is not None:
        t0 = time.perf_counter()
        _start_trades(collecting, src, ranges)
        t_trade += time.perf_counter() - t0
    for pieces in _chunk_pieces(ranges, chunk_rows):
        t0 = time.perf_counter()
        chunk = _load_chunk(src, pieces, xt, g_buf)
        rows = chunk.rows
        scanned += rows
        np.matmul(chunk.filters, hv, out=h_buf[:rows])
        np.minimum(g_buf[:rows], h_buf[:rows], out=g_buf[:rows])
        if chunk.available.max() > first_start:
            late.mask(g_buf, h_buf, chunk.available)
        t1 = time.perf_counter()
        t_product += t1 - t0
        if collecting is not None:
            collecting.collect(g_buf[:rows], scanned - rows)
            t_trade += time.perf_counter() - t1
            t1 = time.perf_counter()
        top.offer(g_buf, rows, chunk.pos)
        t_select += time.perf_counter() - t1
    t1 = time.perf_counter()
    cur_v, cur_p, cur_s = top.result()
    t_select += time.perf_counter() - t1
    if stats is not None:
        stats["product"] = stats.get("product", 0.0) + t_product
        stats["selection"] = stats.get("selection", 0.0) + t_select
        stats["trade_generators"] = stats.get("trade_generators", 0.0) + t_trade
        stats["pairs_scanned"] = stats.get("pairs_scanned", 0.0) + float(scanned) * b
    return cur_v, cur_p, cur_s


class _Availability:
    """The availability filter as a second fold: PASS_LEVEL + AVAILABILITY_STEP·(start − available)
    is ≥ PASS_LEVEL when the worker can start in time and ≤ PASS_LEVEL − AVAILABILITY_STEP (below
    NEG_FLOOR) a day late or more; a rank-2 product and one minimum, several times cheaper than a
    broadcast comparison and a masked copy. Days are counted from the block's first start, so every
    value is a small integer, exact in float32."""

    def __init__(self, starts: np.ndarray, chunk_rows: int) -> None:
        self.base = int(starts.min()) if starts.shape[0] else 0
        self.vacancy = np.ones((2, starts.shape[0]), dtype=np.float32)
        self.vacancy[0] = PASS_LEVEL + AVAILABILITY_STEP * (starts.astype(np.float64) - self.base)
        self.worker = np.ones((chunk_rows, 2), dtype=np.float32)

    def mask(self, g_buf: np.ndarray, h_buf: np.ndarray, available: np.ndarray) -> None:
        """Fold the filter into g_buf[:rows] (h_buf is scratch)."""
        rows = available.shape[0]
        self.worker[:rows, 1] = -AVAILABILITY_STEP * (available.astype(np.float64) - self.base)
        np.matmul(self.worker[:rows], self.vacancy, out=h_buf[:rows])
        np.minimum(g_buf[:rows], h_buf[:rows], out=g_buf[:rows])


def _start_trades(trade: TradeScan, src: ScanRows, ranges: list[tuple[int, int]]) -> None:
    """Name the block's trade pairs among the rows ``ranges`` of ``src``, in visiting order."""
    assert src.trades is not None
    if len(ranges) == 1 and ranges[0] == (0, src.scan.shape[0]):
        visited: np.ndarray | None = None
        trades = src.trades
    else:
        visited = np.concatenate(
            [np.arange(a, b, dtype=np.int64) for a, b in ranges] or [np.zeros(0, np.int64)]
        )
        trades = src.trades[visited]
    if visited is None:
        pos = np.arange(src.scan.shape[0], dtype=np.int64) if src.pos is None else src.pos
    else:
        pos = visited if src.pos is None else src.pos[visited]
    trade.start(trades, pos)


def _merge_packed(
    packing: PackedKeys, keys: np.ndarray, size: int, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """``_merge`` on packed (vacancy, similarity, position) keys: one integer sort, no ties to settle.
    Returns the kept keys, sorted, and each vacancy's new threshold."""
    keys.sort()
    starts = np.searchsorted(keys, np.arange(width + 1, dtype=np.int64) << packing.group_shift)
    counts = np.diff(starts)
    take = np.minimum(counts, size)
    offsets = np.zeros(width + 1, dtype=np.int64)
    np.cumsum(take, out=offsets[1:])
    if int(offsets[-1]) < keys.shape[0]:
        keys = keys[np.repeat(starts[:-1] - offsets[:-1], take) + np.arange(offsets[-1], dtype=np.int64)]
    thresh = np.full(width, NEG_FLOOR, dtype=np.float32)
    full = counts >= size
    thresh[full] = packing.key(keys[offsets[1:][full] - 1])
    return keys, thresh


class _SkillTop:
    """The skill scan's selection: group maxima against each vacancy's running ``size``-th best,
    candidates gathered only from groups that can still enter, merged in a buffer (packed keys, or
    ``_merge`` when a key would not fit)."""

    def __init__(self, b: int, size: int, positions: int, packed: bool = True) -> None:
        self.b, self.size = b, size
        self.packing = PackedKeys.for_groups(b, positions) if packed else None
        self.thresh = np.full(b, _ABOVE_FLOOR, dtype=np.float32)
        self.cur_keys = np.zeros(0, dtype=np.int64)
        self.cur_v = np.zeros(0, dtype=np.int32)
        self.cur_p = np.zeros(0, dtype=np.int64)
        self.cur_s = np.zeros(0, dtype=np.float32)
        self.pend_keys: list[np.ndarray] = []
        self.pend_v: list[np.ndarray] = []
        self.pend_p: list[np.ndarray] = []
        self.pend_s: list[np.ndarray] = []
        self.pending = 0
        self.merged = False
        self.merge_at = max(b * size, 65536)
        self.seeded = False

    def offer(self, g_buf: np.ndarray, rows: int, pos: np.ndarray) -> None:
        """Take the candidates of one chunk (g_buf[:rows], rows padded to GROUP with −1)."""
        b, size = self.b, self.size
        padded = -(-rows // GROUP) * GROUP
        if padded != rows:
            g_buf[rows:padded] = -1.0
        if not self.seeded and rows > size:
            # Seed each vacancy's threshold with the first big chunk's size-th best (one partition of
            # one chunk), so the first merge handles ~size candidates per vacancy, not the whole chunk.
            kth = np.partition(g_buf[:rows], rows - size, axis=0)[rows - size]
            self.thresh = np.maximum(kth, self.thresh).astype(np.float32)
            self.seeded = True
        groups = g_buf[:padded].reshape(padded // GROUP, GROUP, b)
        gmax = groups.max(axis=1)
        gi, vj = np.nonzero(gmax >= self.thresh[None, :])
        if gi.shape[0]:
            vals = groups[gi, :, vj]  # (hits, GROUP)
            ok = vals >= self.thresh[vj][:, None]
            hit, off = np.nonzero(ok)
            v, p, s = vj[hit], pos[gi[hit].astype(np.int64) * GROUP + off], vals[hit, off]
            if self.packing is not None:
                self.pend_keys.append(self.packing.pack(v, s, p))
            else:
                self.pend_v.append(v.astype(np.int32))
                self.pend_p.append(p)
                self.pend_s.append(s)
            self.pending += hit.shape[0]
        if self.pending >= self.merge_at:
            self._merge()
            self.thresh = np.maximum(self.thresh, _ABOVE_FLOOR)

    def _merge(self) -> None:
        if self.packing is not None:
            keys = np.concatenate([self.cur_keys, *self.pend_keys])
            self.cur_keys, self.thresh = _merge_packed(self.packing, keys, self.size, self.b)
            self.pend_keys = []
        else:
            self.cur_v, self.cur_p, self.cur_s, self.thresh = _merge(
                self.cur_v, self.cur_p, self.cur_s, self.pend_v, self.pend_p, self.pend_s, self.size, self.b
            )
            self.pend_v, self.pend_p, self.pend_s = [], [], []
        self.pending = 0
        self.merged = True

    def result(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The best ``size`` per vacancy: (v, pos, similarity) sorted by v, similarity desc, pos."""
        if self.pending or not self.merged:
            self._merge()
        if self.packing is None:
            return self.cur_v, self.cur_p, self.cur_s
        keys = self.cur_keys
        return (
            self.packing.group(keys).astype(np.int32),
            self.packing.position(keys),
            self.packing.key(keys),
        )


def filtered_similarity(pw: PreparedWorkers, pv: PreparedVacancies, v: int) -> np.ndarray:
    """Skill similarity of vacancy ``v`` with every scan position, ≤ NEG_FLOOR where a hard filter
    fails (the block scan's arithmetic for one column)."""
    x = np.ascontiguousarray(pv.xt[:, v : v + 1])
    n = pw.scan.shape[0]
    g = np.empty((n, 1), dtype=np.float32)
    _csr_times_dense(pw.scan, 0, n, x, g)
    g = g[:, 0]
    h = pw.scan_filters @ pv.filters[v]
    np.minimum(g, h, out=g)
    g[pw.scan_available > pv.arrays.start[v]] = -1.0
    return g


def scan_one_vacancy(
    pw: PreparedWorkers, pv: PreparedVacancies, v: int, size: int, g: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Fast path of ``scan_block`` for one vacancy: (worker scan positions, similarity), best first.

    Same arithmetic and the same tie rule as the block scan, so the candidate sets agree. ``g``: the
    vacancy's ``filtered_similarity`` when the caller has it already.
    """
    g = filtered_similarity(pw, pv, v) if g is None else g
    valid = np.flatnonzero(g > NEG_FLOOR)
    if valid.shape[0] > size:
        vals = g[valid]
        kth = np.partition(vals, vals.shape[0] - size)[vals.shape[0] - size]
        valid = valid[vals >= kth]
    order = np.lexsort((valid, -g[valid]))[:size]
    pos = valid[order]
    return pos.astype(np.int64), g[pos]


def worker_filtered_similarity(pw: PreparedWorkers, w: int, pv: PreparedVacancies) -> np.ndarray:
    """Skill similarity of worker ``w`` (input position) with every vacancy, ≤ NEG_FLOOR where a hard
    filter fails."""
    lo, hi = pw.wnorm.indptr[w], pw.wnorm.indptr[w + 1]
    cols = pw.wnorm.indices[lo:hi]
    vals = pw.wnorm.data[lo:hi]
    # Skill rows of X are contiguous (S × M), so a worker's few skills read a few rows.
    sim = vals @ pv.xt[cols] if cols.shape[0] else np.zeros(pv.xt.shape[1], dtype=np.float32)
    from matching.engine.prepare import worker_filter_columns

    fw = worker_filter_columns(pw.xy[w : w + 1], pw.arrays.subset(slice(w, w + 1)))[0]
    h = pv.filters @ fw
    sim = np.minimum(sim.astype(np.float32), h)
    ok = (sim > NEG_FLOOR) & (pv.arrays.start >= pw.arrays.available_from[w])
    if not pw.arrays.eligible[w]:
        ok[:] = False
    return np.where(ok, sim, np.float32(-1.0)).astype(np.float32)


def scan_one_worker(
    pw: PreparedWorkers, w: int, pv: PreparedVacancies, size: int, sim: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Best ``size`` vacancies for worker ``w`` (input position) by similarity, hard filters applied.

    Returns (vacancy positions, similarity), best first, ties by vacancy position. ``sim``: the
    worker's ``worker_filtered_similarity`` when the caller has it already.
    """
    sim = worker_filtered_similarity(pw, w, pv) if sim is None else sim
    valid = np.flatnonzero(sim > NEG_FLOOR)
    if valid.shape[0] > size:
        vv = sim[valid]
        kth = np.partition(vv, vv.shape[0] - size)[vv.shape[0] - size]
        valid = valid[vv >= kth]
    order = np.lexsort((valid, -sim[valid]))[:size]
    pos = valid[order]
    return pos.astype(np.int64), sim[pos]
