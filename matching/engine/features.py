"""Stage 2: structured features of (vacancy, worker) pairs, as flat arrays, and the reasons for a score.

Every feature lies in [0, 1]; score = Σ weight·feature / Σ weights. All functions take flat index
arrays (one element per pair) and never loop over pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.engine.arrays import FEATURES, PairSet, Weights, csr_segments
from matching.engine.geo import haversine_km
from matching.engine.occupations import pair_trades
from matching.engine.prepare import PreparedVacancies, PreparedWorkers

# Skills: share of required skills held at the required level, blended with the smoothed cosine
# (the cosine is what rewards related skills and preferred skills).
SKILL_REQUIRED_SHARE = 0.6
# Certificate: meeting the required rank scores CERT_MEETS, each rank above adds up to 1.0; each rank
# below loses a third of CERT_MEETS.
CERT_MEETS = 0.85
CERT_STEPS = 3.0
# Pay: inside [pay_min, pay_max] scores 1. A worker asking more than pay_max loses all credit at
# PAY_ABOVE_SPAN (30 %) above; asking less than pay_min decays gently to PAY_BELOW_FLOOR at half of it.
PAY_ABOVE_SPAN = 0.3
PAY_BELOW_FLOOR = 0.5
PAY_UNKNOWN = 0.75  # a vacancy that states no pay
# Distance: 1 at the door, DISTANCE_AT_LIMIT at the worker's commuting limit; relocating to a
# dormitory scores RELOCATE_SCORE whatever the distance.
DISTANCE_AT_LIMIT = 0.2
RELOCATE_SCORE = 0.5
# Form: the worker's first choice scores 1, any other accepted form FORM_ACCEPTED.
FORM_ACCEPTED = 0.6
# Level: a required skill held at the required level, or LEVEL_TOLERANCE levels above, scores 1; each
# level further above loses LEVEL_OVER_STEP (over-qualification is not a perfect fit). The point is the
# mean over the required skills the worker meets (0 when they meet none, 1 when none is required).
LEVEL_TOLERANCE = 1
LEVEL_OVER_STEP = 0.25

PAIR_CHUNK = 1 << 20


@dataclass(slots=True)
class PairFeatures:
    """Feature matrix (pairs × F, float32) plus the by-products the reasons need."""

    values: np.ndarray
    similarity: np.ndarray
    matched_required: np.ndarray
    required_total: np.ndarray
    planar_km: np.ndarray
    feasible: np.ndarray
    missing_pair: np.ndarray
    missing_skill: np.ndarray
    trade: np.ndarray
    trade_occupation: np.ndarray


def _segment_sums(values: np.ndarray, counts: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Sum of each pair's run of ``values`` (runs laid end to end; 0 for an empty run), in order."""
    out = np.zeros(counts.shape[0], dtype=values.dtype)
    filled = counts > 0
    if values.shape[0]:
        out[filled] = np.add.reduceat(values, offsets[filled])
    return out


def skill_similarity(pw: PreparedWorkers, pv: PreparedVacancies, w: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Smoothed cosine of each pair: Σ over the worker's skills of W'[w, s]·X[s, v] (float32)."""
    mat = pw.wnorm
    pos, counts, _ = csr_segments(mat.indptr, w)
    pair = np.repeat(np.arange(w.shape[0], dtype=np.int64), counts)
    xt = pv.xt
    prod = mat.data[pos] * np.take(xt.reshape(-1), mat.indices[pos].astype(np.int64) * xt.shape[1] + v[pair])
    # Summed in float32 in the worker's skill order, like the scan's kernel.
    return np.bincount(pair, weights=prod, minlength=w.shape[0]).astype(np.float32)


@dataclass(slots=True)
class RequiredCheck:
    """Per pair: required skills met, required total, level fit; (pair, skill) of each missing one."""

    matched: np.ndarray
    total: np.ndarray
    level_fit: np.ndarray
    missing_pair: np.ndarray
    missing_skill: np.ndarray


def required_check(
    pw: PreparedWorkers, pv: PreparedVacancies, w: np.ndarray, v: np.ndarray, *, missing: bool = True
) -> RequiredCheck:
    """Per pair: matched required count, required total, the level fit (LEVEL_OVER_STEP) and, with
    ``missing``, (pair, skill) of each missing skill (the reasons need them, scoring does not).

    A required skill is matched when the worker holds it at or above the vacancy's minimum level.
    Worker levels come from the dense level matrix, or by binary search of (worker, skill) keys when
    the city is too large for it.
    """
    req = pv.arrays.required
    pos, counts, offsets = csr_segments(req.indptr, v)
    total = pos.shape[0]
    skill = req.indices[pos].astype(np.int64)
    need = req.data[pos]
    owner = np.repeat(w, counts)
    if pw.levels is not None:
        level = np.take(pw.levels.reshape(-1), owner * pw.levels.shape[1] + skill)
    else:
        keys = pw.skill_keys
        query = owner * pw.arrays.skill_count + skill
        at = np.minimum(np.searchsorted(keys, query), max(keys.shape[0] - 1, 0))
        found = (keys[at] == query) if keys.shape[0] else np.zeros(total, dtype=bool)
        level = np.where(found, pw.arrays.skills.data[at] if keys.shape[0] else 0, 0)
    met = (level > 0) & (level >= need)
    matched = _segment_sums(met.astype(np.int16), counts, offsets)
    over = np.maximum(level.astype(np.float32) - need - LEVEL_TOLERANCE, 0.0)
    close = np.where(met, np.maximum(0.0, 1.0 - LEVEL_OVER_STEP * over), 0.0)
    closeness = _segment_sums(close.astype(np.float64), counts, offsets)
    level_fit = np.divide(closeness, matched, out=np.zeros(v.shape[0]), where=matched > 0)
    level_fit = np.where(counts == 0, 1.0, level_fit).astype(np.float32)
    if missing:
        lack = np.flatnonzero(~met)
        pair = np.searchsorted(offsets, lack, side="right") - 1
        missing_pair, missing_skill = pair.astype(np.int64), skill[lack]
    else:
        missing_pair = missing_skill = np.zeros(0, dtype=np.int64)
    return RequiredCheck(matched, counts.astype(np.int16), level_fit, missing_pair, missing_skill)


def certificate_fit(cert: np.ndarray, required: np.ndarray) -> np.ndarray:
    """CERT_MEETS at the required rank, up to 1.0 for CERT_STEPS ranks above, down to 0 three below."""
    diff = cert.astype(np.float32) - required.astype(np.float32)
    above = CERT_MEETS + (1.0 - CERT_MEETS) * np.minimum(diff, CERT_STEPS) / CERT_STEPS
    below = CERT_MEETS * np.maximum(0.0, 1.0 + diff / CERT_STEPS)
    return np.where(diff >= 0, above, below).astype(np.float32)


def experience_fit(years: np.ndarray, min_years: np.ndarray) -> np.ndarray:
    """Years held over years required, capped at 1 (1 when nothing is required)."""
    ratio = np.divide(years, min_years, out=np.ones_like(years, dtype=np.float32), where=min_years > 0)
    return np.clip(ratio, 0.0, 1.0).astype(np.float32)


def pay_fit(desired: np.ndarray, pay_min: np.ndarray, pay_max: np.ndarray) -> np.ndarray:
    """1 when the desired pay lies in the range (or is unspecified), decaying below and above it."""
    lo = np.minimum(pay_min, np.where(pay_max > 0, pay_max, pay_min)).astype(np.float32)
    hi = np.maximum(pay_max, pay_min).astype(np.float32)
    above = np.clip(1.0 - (desired - hi) / np.maximum(PAY_ABOVE_SPAN * hi, 1.0), 0.0, 1.0)
    below_gap = (lo - desired) / np.maximum(0.5 * lo, 1.0)
    below = 1.0 - (1.0 - PAY_BELOW_FLOOR) * np.clip(below_gap, 0.0, 1.0)
    out = np.where(desired > hi, above, np.where(desired < lo, below, 1.0))
    out = np.where(hi <= 0, PAY_UNKNOWN, out)
    return np.where(desired <= 0, 1.0, out).astype(np.float32)


def distance_fit(
    dist: np.ndarray, limit: np.ndarray, relocate: np.ndarray, dormitory: np.ndarray
) -> np.ndarray:
    """1 at distance 0, DISTANCE_AT_LIMIT at the commuting limit; RELOCATE_SCORE via a dormitory
    (the better of the two when both apply); 0 when unreachable."""
    reach = dist <= limit
    frac = np.divide(dist, limit, out=np.zeros_like(dist), where=limit > 0)
    commute = np.where(reach, 1.0 - (1.0 - DISTANCE_AT_LIMIT) * np.clip(frac, 0.0, 1.0), 0.0)
    moved = np.where(relocate & dormitory, RELOCATE_SCORE, 0.0)
    return np.maximum(commute, moved).astype(np.float32)


def pair_features(
    pw: PreparedWorkers, pv: PreparedVacancies, w: np.ndarray, v: np.ndarray, *, reasons: bool = True
) -> PairFeatures:
    """Compute all features of the pairs (w[i], v[i]) plus similarity, skill counts, km, feasibility
    (and, with ``reasons``, each missing required skill)."""
    wa, va = pw.arrays, pv.arrays
    w = np.asarray(w, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    sim = skill_similarity(pw, pv, w, v)
    req = required_check(pw, pv, w, v, missing=reasons)
    matched, total = req.matched, req.total
    frac = np.divide(matched, total, out=np.ones(w.shape[0], dtype=np.float32), where=total > 0)
    trades = pair_trades(pw.trades, pw.basis.relatedness.table, va.occupation, w, v)
    d = pw.xy[w] - pv.xy[v]
    dist = np.sqrt(np.einsum("ij,ij->i", d, d))
    limit = wa.max_commute_km[w].astype(np.float64)
    reloc = wa.relocate[w] & va.dormitory[v]
    vform = va.form[v]
    accepted = (wa.forms[w] & vform) != 0
    feasible = wa.eligible[w] & accepted & ((dist <= limit) | reloc) & (wa.available_from[w] <= va.start[v])
    shifts = wa.shifts[w]
    values = np.empty((w.shape[0], len(FEATURES)), dtype=np.float32)
    values[:, 0] = SKILL_REQUIRED_SHARE * frac + (1.0 - SKILL_REQUIRED_SHARE) * np.clip(sim, 0.0, 1.0)
    values[:, 1] = trades.value
    values[:, 2] = certificate_fit(wa.cert[w], va.min_cert[v])
    values[:, 3] = experience_fit(wa.years[w], va.min_years[v])
    values[:, 4] = pay_fit(wa.desired_pay[w], va.pay_min[v], va.pay_max[v])
    values[:, 5] = distance_fit(dist, limit, wa.relocate[w], va.dormitory[v])
    values[:, 6] = ((shifts == 0) | ((shifts & va.shift[v]) != 0) | (va.shift[v] == 0)).astype(np.float32)
    values[:, 7] = np.where(wa.preferred_form[w] == vform, 1.0, np.where(accepted, FORM_ACCEPTED, 0.0))
    values[:, 8] = req.level_fit
    return PairFeatures(
        values,
        sim,
        matched,
        total,
        dist.astype(np.float32),
        feasible,
        req.missing_pair,
        req.missing_skill,
        trades.kind,
        trades.occupation,
    )


def combine(values: np.ndarray, weights: Weights) -> tuple[np.ndarray, np.ndarray]:
    """Return (scores, contributions): contribution_f = w_f·x_f / Σw, so a row sums to its score."""
    wv = weights.as_array()
    scale = (wv / wv.sum()).astype(np.float32)
    contrib = values * scale[None, :]
    return contrib.sum(axis=1, dtype=np.float32), contrib


def pair_scores(
    pw: PreparedWorkers, pv: PreparedVacancies, w: np.ndarray, v: np.ndarray, weights: Weights
) -> tuple[np.ndarray, np.ndarray]:
    """Scores and feasibility of many pairs, a chunk at a time (no contributions kept)."""
    scores = np.empty(w.shape[0], dtype=np.float32)
    feasible = np.empty(w.shape[0], dtype=bool)
    for lo in range(0, w.shape[0], PAIR_CHUNK):
        f = pair_features(pw, pv, w[lo : lo + PAIR_CHUNK], v[lo : lo + PAIR_CHUNK], reasons=False)
        scores[lo : lo + PAIR_CHUNK] = combine(f.values, weights)[0]
        feasible[lo : lo + PAIR_CHUNK] = f.feasible
    return scores, feasible


def explain(
    pw: PreparedWorkers,
    pv: PreparedVacancies,
    w: np.ndarray,
    v: np.ndarray,
    weights: Weights,
    rank: np.ndarray | None = None,
) -> PairSet:
    """Full reasons for each pair: score, contributions, matched/total/missing required skills,
    haversine distance, pay fit and feasibility (passes every hard filter)."""
    w = np.asarray(w, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    parts = []
    for lo in range(0, max(w.shape[0], 1), PAIR_CHUNK):
        ww, vv = w[lo : lo + PAIR_CHUNK], v[lo : lo + PAIR_CHUNK]
        f = pair_features(pw, pv, ww, vv)
        score, contrib = combine(f.values, weights)
        miss_pair, miss_skill = f.missing_pair, f.missing_skill
        indptr = np.zeros(ww.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(miss_pair, minlength=ww.shape[0]), out=indptr[1:])
        dist = haversine_km(pw.arrays.lat[ww], pw.arrays.lon[ww], pv.arrays.lat[vv], pv.arrays.lon[vv])
        parts.append(
            PairSet(
                vacancy_index=vv.astype(np.int32),
                worker_index=ww.astype(np.int32),
                score=score,
                rank=(
                    np.full(ww.shape[0], -1, dtype=np.int16)
                    if rank is None
                    else np.asarray(rank[lo : lo + PAIR_CHUNK], dtype=np.int16)
                ),
                contributions=contrib,
                matched_required=f.matched_required,
                required_total=f.required_total,
                distance_km=dist.astype(np.float32),
                pay_fit=f.values[:, FEATURES.index("pay")].copy(),
                feasible=f.feasible,
                missing_indptr=indptr,
                missing_skills=miss_skill.astype(np.int32),
                trade=f.trade,
                trade_occupation=f.trade_occupation,
                skill_count=pw.arrays.skill_count,
            )
        )
    return PairSet.concat(parts, pw.arrays.skill_count)
