"""A deliberately naive per-pair Python scorer, the yardstick the engine is compared against.

It computes the same hard filters and a comparable feature set one pair at a time with dicts and
floats, as a straightforward first implementation would; only its speed matters.
"""

from __future__ import annotations

import math

import numpy as np

from matching.engine.arrays import VacancyArrays, Weights, WorkerArrays
from matching.engine.geo import haversine_km


def naive_pairs_per_second(
    workers: WorkerArrays, vacancies: VacancyArrays, idf: np.ndarray, n_pairs: int = 20_000, seed: int = 0
) -> float:
    """Score ``n_pairs`` random pairs in a Python loop and return pairs per second."""
    import time

    rng = np.random.default_rng(seed)
    wi = rng.integers(0, len(workers), n_pairs)
    vi = rng.integers(0, len(vacancies), n_pairs)
    # Per-row dicts are the natural naive representation; building them is not timed.
    wsk = {}
    for w in np.unique(wi):
        lo, hi = workers.skills.indptr[w], workers.skills.indptr[w + 1]
        wsk[int(w)] = dict(
            zip(workers.skills.indices[lo:hi].tolist(), workers.skills.data[lo:hi].tolist(), strict=True)
        )
    vreq = {}
    for v in np.unique(vi):
        lo, hi = vacancies.required.indptr[v], vacancies.required.indptr[v + 1]
        vreq[int(v)] = dict(
            zip(
                vacancies.required.indices[lo:hi].tolist(),
                vacancies.required.data[lo:hi].tolist(),
                strict=True,
            )
        )
    idf_l = idf.tolist()
    wts = Weights().as_array().tolist()
    total_w = sum(wts)
    t = time.perf_counter()
    kept = 0
    for w, v in zip(wi.tolist(), vi.tolist(), strict=True):
        if not workers.eligible[w] or not (int(workers.forms[w]) & int(vacancies.form[v])):
            continue
        if int(workers.available_from[w]) > int(vacancies.start[v]):
            continue
        d = float(haversine_km(workers.lat[w], workers.lon[w], vacancies.lat[v], vacancies.lon[v]))
        limit = float(workers.max_commute_km[w])
        if d > limit and not (workers.relocate[w] and vacancies.dormitory[v]):
            continue
        ws, req = wsk[w], vreq[v]
        dot = sum(lvl * idf_l[s] * idf_l[s] for s, lvl in ws.items() if s in req)
        nw = math.sqrt(sum((lvl * idf_l[s]) ** 2 for s, lvl in ws.items()))
        nv = math.sqrt(sum(idf_l[s] ** 2 for s in req))
        sim = dot / (nw * nv) if nw and nv else 0.0
        met = [ws[s] - need for s, need in req.items() if ws.get(s, 0) >= need]
        frac = len(met) / len(req) if req else 1.0
        level = sum(1.0 - 0.25 * max(0, over - 1) for over in met) / len(met) if met else 0.0
        cert = 1.0 if workers.cert[w] >= vacancies.min_cert[v] else 0.5
        exp = (
            min(1.0, float(workers.years[w]) / float(vacancies.min_years[v]))
            if vacancies.min_years[v] > 0
            else 1.0
        )
        pay = 1.0 if workers.desired_pay[w] <= vacancies.pay_max[v] else 0.5
        dist = 1.0 - 0.8 * min(1.0, d / limit) if d <= limit and limit > 0 else 0.5
        shift = 1.0 if (workers.shifts[w] == 0 or workers.shifts[w] & vacancies.shift[v]) else 0.0
        form = 1.0 if workers.preferred_form[w] == vacancies.form[v] else 0.6
        feats = (0.6 * frac + 0.4 * sim, 0.5, cert, exp, pay, dist, shift, form, level)
        _score = sum(a * b for a, b in zip(wts, feats, strict=True)) / total_w
        kept += 1
    return n_pairs / (time.perf_counter() - t)
