"""Spatial pruning of the candidate scan: which eligible workers can reach a block of vacancies at all.

A worker passes the reach filter only within their commuting limit, or anywhere when they relocate and
the vacancy offers a dormitory. The run sorts the eligible workers into *segments* — (relocates,
commuting-limit class, grid cell), each segment's workers in scan order — and records each segment's
bounding box and largest commuting limit. For a block of vacancies (the run groups vacancies into
spatially compact blocks, dormitory ones apart), a segment whose box lies farther from the block's
bounding box than its largest limit plus ``MARGIN_KM`` cannot pass the reach filter with any vacancy of
the block, except through relocation to a dormitory; such segments are not scanned. The pruning is
exact: every pruned pair fails the float32 filter fold by a wide margin (``MARGIN_KM`` ≫ its error), so
the candidates are the ones a scan of every worker finds (ties still go to the lower scan position).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.engine.candidates import ScanRows
from matching.engine.prepare import PreparedVacancies, PreparedWorkers

# Commuting-limit classes (km, upper edges): a segment's bound is its own largest limit, the classes
# only keep a few long-distance commuters from widening the bound of everyone in their cell.
REACH_CLASS_EDGES = np.array([5.0, 10.0, 15.0, 20.0, 30.0, 50.0, 100.0])
CELL_KM = 2.0
MAX_CELLS = 64  # per axis: a sprawling city gets bigger cells, not more segments
# A pruned pair is at least this much farther than the worker's limit. At REACH_SCALE 1e4 per km² the
# fold then sits below −1e4, while its float32 rounding error is a few units.
MARGIN_KM = 1.0
HILBERT_ORDER = 10


@dataclass(slots=True)
class SpatialIndex:
    """Eligible workers sorted by segment (then scan position) and each segment's reach bound."""

    rows: ScanRows  # product inputs in segment order; rows.pos = scan position of each row
    seg_start: np.ndarray  # (K + 1,) int64 row offsets of the segments
    seg_box: np.ndarray  # (K, 4) float64 xmin, xmax, ymin, ymax of the segment's workers (inf if empty)
    seg_reach: np.ndarray  # (K,) float64 largest commuting limit in the segment (−inf if empty)
    seg_relocate: np.ndarray  # (K,) bool: the segment's workers relocate
    seg_empty: np.ndarray  # (K,) bool


def build_spatial_index(pw: PreparedWorkers) -> SpatialIndex:
    """Sort the eligible workers (scan order) into segments and bound each segment's reach."""
    order = pw.order
    e = order.shape[0]
    xy = pw.xy[order]
    reach = pw.arrays.max_commute_km[order].astype(np.float64)
    relocate = pw.arrays.relocate[order]
    n_cls = REACH_CLASS_EDGES.shape[0] + 1
    cls = np.searchsorted(REACH_CLASS_EDGES, reach, side="left")
    if e:
        low = xy.min(axis=0)
        extent = xy.max(axis=0) - low
    else:
        low = np.zeros(2)
        extent = np.zeros(2)
    cell = max(CELL_KM, float(extent.max()) / MAX_CELLS)
    nx = int(extent[0] // cell) + 1
    ny = int(extent[1] // cell) + 1
    cx = np.clip(((xy[:, 0] - low[0]) / cell).astype(np.int64), 0, nx - 1)
    cy = np.clip(((xy[:, 1] - low[1]) / cell).astype(np.int64), 0, ny - 1)
    group = relocate.astype(np.int64) * n_cls + cls
    seg = (group * ny + cy) * nx + cx
    k = 2 * n_cls * ny * nx
    perm = np.argsort(seg, kind="stable")  # stable: scan order within a segment
    counts = np.bincount(seg, minlength=k)
    seg_start = np.zeros(k + 1, dtype=np.int64)
    np.cumsum(counts, out=seg_start[1:])
    seg_empty = counts == 0
    full = np.flatnonzero(~seg_empty)
    box = np.empty((k, 4), dtype=np.float64)
    box[:, 0] = box[:, 2] = np.inf
    box[:, 1] = box[:, 3] = -np.inf
    seg_reach = np.full(k, -np.inf)
    if e:
        sx, sy, sr = xy[perm, 0], xy[perm, 1], reach[perm]
        at = seg_start[full]
        box[full, 0] = np.minimum.reduceat(sx, at)
        box[full, 1] = np.maximum.reduceat(sx, at)
        box[full, 2] = np.minimum.reduceat(sy, at)
        box[full, 3] = np.maximum.reduceat(sy, at)
        seg_reach[full] = np.maximum.reduceat(sr, at)
    seg_relocate = (np.arange(k) // (ny * nx)) >= n_cls
    scan = pw.scan[perm]
    scan.sort_indices()
    rows = ScanRows(
        scan=scan,
        filters=np.ascontiguousarray(pw.scan_filters[perm]),
        available=np.ascontiguousarray(pw.scan_available[perm]),
        pos=perm.astype(np.int64),
        trades=pw.scan_trades[perm],
    )
    return SpatialIndex(rows, seg_start, box, seg_reach, seg_relocate, seg_empty)


def block_ranges(index: SpatialIndex, vxy: np.ndarray, dormitory: bool) -> list[tuple[int, int]]:
    """Row ranges of ``index.rows`` that can reach a block whose vacancies sit at ``vxy`` (b × 2 km);
    ``dormitory``: some vacancy of the block offers one (every relocating worker can then reach it).

    Segments that overlap the block (and relocating ones for a dormitory block) come first: their
    workers mostly pass the filters, so the scan's first chunk seeds useful thresholds.
    """
    bx0, by0 = vxy.min(axis=0)
    bx1, by1 = vxy.max(axis=0)
    box = index.seg_box
    dx = np.maximum(0.0, np.maximum(box[:, 0] - bx1, bx0 - box[:, 1]))
    dy = np.maximum(0.0, np.maximum(box[:, 2] - by1, by0 - box[:, 3]))
    dist = np.hypot(dx, dy)
    keep = dist <= index.seg_reach + MARGIN_KM
    near = keep & (dist == 0.0)
    if dormitory:
        keep |= index.seg_relocate
        near |= index.seg_relocate
    ranges: list[tuple[int, int]] = []
    for tier in (near, keep & ~near):
        # Empty segments join their neighbours' ranges.
        edge = np.diff(np.r_[0, (tier | index.seg_empty).astype(np.int8), 0])
        a = index.seg_start[np.flatnonzero(edge == 1)]
        b = index.seg_start[np.flatnonzero(edge == -1)]
        ranges.extend((int(lo), int(hi)) for lo, hi in zip(a, b, strict=True) if hi > lo)
    return ranges


def _hilbert_key(ix: np.ndarray, iy: np.ndarray, order: int) -> np.ndarray:
    """Distance along a Hilbert curve of 2**order × 2**order cells (vectorised)."""
    n = 1 << order
    x = ix.astype(np.int64)
    y = iy.astype(np.int64)
    d = np.zeros(x.shape[0], dtype=np.int64)
    s = n >> 1
    while s > 0:
        rx = (x & s) > 0
        ry = (y & s) > 0
        d += s * s * ((3 * rx.astype(np.int64)) ^ ry.astype(np.int64))
        flip = ~ry & rx
        x = np.where(flip, n - 1 - x, x)
        y = np.where(flip, n - 1 - y, y)
        swap = ~ry
        x, y = np.where(swap, y, x), np.where(swap, x, y)
        s >>= 1
    return d


def vacancy_blocks(pv: PreparedVacancies, block_size: int) -> list[np.ndarray]:
    """Vacancy positions grouped into spatially compact blocks (Hilbert order), dormitory vacancies
    apart from the others; each block's positions ascending."""
    m = len(pv)
    if m == 0:
        return []
    xy = pv.xy
    low = xy.min(axis=0)
    span = max(float((xy.max(axis=0) - low).max()), 1e-9)
    n = 1 << HILBERT_ORDER
    ij = np.clip(((xy - low) / span * n).astype(np.int64), 0, n - 1)
    key = _hilbert_key(ij[:, 0], ij[:, 1], HILBERT_ORDER)
    order = np.lexsort((np.arange(m), key, pv.arrays.dormitory))
    return [np.sort(order[lo : lo + block_size]) for lo in range(0, m, block_size)]
