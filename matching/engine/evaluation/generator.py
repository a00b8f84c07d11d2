"""City generators of the engine: the synthetic city of the tests and benchmarks, and the primitives the
evaluation cities (planted.py, classification.py) share with it.

Vectorised (a million workers build in seconds) and drawn from one seeded generator, so a (size, seed)
is reproducible. Pure numpy/scipy: nothing here imports Django.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.engine.arrays import Taxonomy, VacancyArrays, WorkerArrays

TODAY = 20_000  # days since 1970-01-01 (2024-10-04)
CENTRE = (31.30, 120.60)  # a city centre (lat, lon)
KM_PER_DEG_LAT = 111.2


@dataclass(slots=True)
class SyntheticTaxonomy:
    """A taxonomy plus, per unit occupation, its required and preferred skill lists (padded)."""

    taxonomy: Taxonomy
    units: np.ndarray  # indices of unit occupations in occupation_codes
    unit_required: np.ndarray  # (U, R) skill indices
    unit_preferred: np.ndarray  # (U, P) skill indices


def make_taxonomy(
    n_skills: int = 400, majors: int = 5, middles: int = 3, minors: int = 3, units: int = 3, seed: int = 0
) -> SyntheticTaxonomy:
    """A code tree G-MM-mm-NN with group codes, skills in categories, ~6 required + 4 preferred each."""
    rng = np.random.default_rng(seed)
    codes: list[str] = []
    unit_idx: list[int] = []
    for g in range(2, 2 + majors):
        codes.append(f"{g}-00-00-00")
        for mm in range(1, middles + 1):
            codes.append(f"{g}-{mm:02d}-00-00")
            for mn in range(1, minors + 1):
                codes.append(f"{g}-{mm:02d}-{mn:02d}-00")
                for nn in range(1, units + 1):
                    unit_idx.append(len(codes))
                    codes.append(f"{g}-{mm:02d}-{mn:02d}-{nn:02d}")
    o = len(codes)
    n_cat = max(1, n_skills // 20)
    category = (np.arange(n_skills) % n_cat).astype(np.int32)
    u = len(unit_idx)
    req = np.empty((u, 6), dtype=np.int64)
    pref = np.empty((u, 4), dtype=np.int64)
    for i in range(u):
        # Occupations of one minor group share a "home" category, so their skills co-occur.
        home = (i // units) % n_cat
        pool_home = np.flatnonzero(category == home)
        pool_other = np.flatnonzero(category == (home + 1 + i % 3) % n_cat)
        pick = rng.choice(pool_home, size=min(6, pool_home.shape[0]), replace=False)
        req[i, : pick.shape[0]] = pick
        req[i, pick.shape[0] :] = pick[0]
        pp = rng.choice(np.setdiff1d(np.r_[pool_home, pool_other], pick), size=4, replace=False)
        pref[i] = pp
    rows = np.r_[req.ravel(), pref.ravel()]
    cols = np.r_[np.repeat(unit_idx, 6), np.repeat(unit_idx, 4)]
    vals = np.r_[np.ones(req.size), np.full(pref.size, 0.5)]
    so = sp.coo_matrix((vals, (rows, cols)), shape=(n_skills, o)).tocsr()
    so.sum_duplicates()
    so.data = np.minimum(so.data, 1.0)
    tax = Taxonomy(
        occupation_codes=np.array(codes),
        skill_count=n_skills,
        skill_occupation=so,
        skill_category=category,
    )
    return SyntheticTaxonomy(tax, np.array(unit_idx), req, pref)


def km_to_latlon(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points given in km east/north of CENTRE to (lat, lon) in degrees."""
    lat = CENTRE[0] + xy[:, 1] / KM_PER_DEG_LAT
    lon = CENTRE[1] + xy[:, 0] / (KM_PER_DEG_LAT * np.cos(np.radians(CENTRE[0])))
    return lat, lon


def skill_csr(
    rows: np.ndarray, cols: np.ndarray, levels: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    """CSR of skill levels keeping the highest level of a duplicated (row, skill)."""
    key = rows.astype(np.int64) * shape[1] + cols.astype(np.int64)
    order = np.lexsort((-levels, key))
    key, levels = key[order], levels[order]
    first = np.r_[True, key[1:] != key[:-1]] if key.size else np.zeros(0, dtype=bool)
    key, levels = key[first], levels[first]
    return sp.csr_matrix((levels.astype(np.float32), (key // shape[1], key % shape[1])), shape=shape)


def _rows_to_csr(
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    """CSR from triplets keeping the first value of a duplicated (row, col)."""
    key = rows.astype(np.int64) * shape[1] + cols
    _, first = np.unique(key, return_index=True)
    return sp.csr_matrix((vals[first].astype(np.float32), (rows[first], cols[first])), shape=shape)


def _coords(
    rng: np.random.Generator, n: int, centres: np.ndarray, spread_km: float
) -> tuple[np.ndarray, np.ndarray]:
    """Points around random centres (km offsets → degrees), clipped to ~±30 km of the city centre."""
    c = centres[rng.integers(0, centres.shape[0], n)]
    xy = np.clip(c + rng.normal(0.0, spread_km, (n, 2)), -30.0, 30.0)
    return km_to_latlon(xy)


def register_terms(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Everything of N workers but skills and occupation, with the mix of a real register: homes around
    40 centres, accepted forms and shifts, certificates, years, commuting limits, pay, availability."""
    homes = rng.uniform(-25, 25, (40, 2))
    lat, lon = _coords(rng, n, homes, 4.0)
    forms = (
        1
        | np.where(rng.random(n) < 0.5, 2, 0)
        | np.where(rng.random(n) < 0.2, 4, 0)
        | np.where(rng.random(n) < 0.1, 8, 0)
        | np.where(rng.random(n) < 0.1, 16, 0)
        | np.where(rng.random(n) < 0.05, 32, 0)
    )
    forms = np.where(rng.random(n) < 0.05, 2, forms)  # some only accept dispatch
    preferred = np.where((forms & 1) != 0, 1, 2)
    shifts = np.where(rng.random(n) < 0.3, 0, rng.integers(1, 32, n))
    return {
        "cert": rng.choice(9, size=n, p=[0.35, 0.05, 0.2, 0.2, 0.12, 0.05, 0.02, 0.005, 0.005]),
        "years": rng.gamma(2.0, 3.0, n).astype(np.float32),
        "lat": lat,
        "lon": lon,
        "max_commute_km": rng.choice([5.0, 10.0, 15.0, 20.0, 30.0], n, p=[0.15, 0.3, 0.3, 0.15, 0.1]),
        "relocate": rng.random(n) < 0.2,
        "desired_pay": np.where(rng.random(n) < 0.2, 0.0, rng.uniform(4000, 12000, n)).astype(np.float32),
        "shifts": shifts,
        "forms": forms,
        "preferred_form": preferred,
        "available_from": np.where(
            rng.random(n) < 0.8, TODAY - rng.integers(0, 365, n), TODAY + rng.integers(1, 60, n)
        ),
        "eligible": rng.random(n) < 0.95,
    }


def make_workers(st: SyntheticTaxonomy, n: int, seed: int = 1) -> WorkerArrays:
    """N workers: ~8 skills (mostly from their occupation), levels, certificates, homes, preferences."""
    rng = np.random.default_rng(seed)
    s = st.taxonomy.skill_count
    u = st.units.shape[0]
    unit = rng.integers(0, u, n)
    occupation = st.units[unit].astype(np.int32)
    # 5 % give only a group code, 3 % no occupation.
    r = rng.random(n)
    codes = st.taxonomy.occupation_codes
    where = {c: i for i, c in enumerate(codes)}
    unit_minor = np.array([where[codes[o][:-2] + "00"] for o in st.units], dtype=np.int32)
    occupation = np.where(r < 0.05, unit_minor[unit], occupation)
    occupation = np.where(r > 0.97, -1, occupation).astype(np.int32)
    k_own = rng.integers(3, 7, n)
    k_rand = rng.integers(1, 4, n)
    own_pool = np.c_[st.unit_required, st.unit_preferred][unit]  # (n, 10)
    take = rng.random((n, own_pool.shape[1])).argsort(axis=1)[:, :6]
    own = np.take_along_axis(own_pool, take, axis=1)
    mask_own = np.arange(6)[None, :] < k_own[:, None]
    rnd = rng.integers(0, s, (n, 3))
    mask_rnd = np.arange(3)[None, :] < k_rand[:, None]
    rows = np.r_[np.repeat(np.arange(n), 6)[mask_own.ravel()], np.repeat(np.arange(n), 3)[mask_rnd.ravel()]]
    cols = np.r_[own.ravel()[mask_own.ravel()], rnd.ravel()[mask_rnd.ravel()]]
    levels = rng.choice(np.arange(1, 6), size=rows.shape[0], p=[0.15, 0.3, 0.3, 0.17, 0.08])
    skills = _rows_to_csr(rows, cols, levels, (n, s))
    return WorkerArrays(
        ids=np.arange(1, n + 1, dtype=np.int64) * 7,
        skills=skills,
        occupation=occupation,
        **register_terms(rng, n),
    )


def make_vacancies(st: SyntheticTaxonomy, m: int, seed: int = 2) -> VacancyArrays:
    """M vacancies: 5 required (min levels 1–4) + 3 preferred skills, parks, pay, shifts, forms."""
    rng = np.random.default_rng(seed)
    s = st.taxonomy.skill_count
    unit = rng.integers(0, st.units.shape[0], m)
    take = rng.random((m, st.unit_required.shape[1])).argsort(axis=1)[:, :5]
    req_cols = np.take_along_axis(st.unit_required[unit], take, axis=1)
    req = _rows_to_csr(
        np.repeat(np.arange(m), 5),
        req_cols.ravel(),
        rng.choice(np.arange(1, 5), 5 * m, p=[0.3, 0.35, 0.25, 0.1]),
        (m, s),
    )
    takep = rng.random((m, st.unit_preferred.shape[1])).argsort(axis=1)[:, :3]
    pref_cols = np.take_along_axis(st.unit_preferred[unit], takep, axis=1)
    pref = _rows_to_csr(np.repeat(np.arange(m), 3), pref_cols.ravel(), rng.integers(1, 4, 3 * m), (m, s))
    parks = rng.uniform(-25, 25, (12, 2))
    lat, lon = _coords(rng, m, parks, 2.0)
    pay_min = rng.uniform(4000, 9000, m).astype(np.float32)
    return VacancyArrays(
        ids=np.arange(1, m + 1, dtype=np.int64) * 11,
        required=req,
        preferred=pref,
        occupation=st.units[unit],
        min_cert=rng.choice(6, size=m, p=[0.4, 0.05, 0.25, 0.2, 0.07, 0.03]),
        min_years=rng.choice([0.0, 1.0, 2.0, 3.0, 5.0], m),
        pay_min=pay_min,
        pay_max=pay_min + rng.uniform(500, 4000, m).astype(np.float32),
        lat=lat,
        lon=lon,
        dormitory=rng.random(m) < 0.5,
        shift=rng.choice([1, 2, 4, 8, 16], m, p=[0.4, 0.3, 0.2, 0.05, 0.05]),
        form=rng.choice([1, 2, 4, 8, 16, 32], m, p=[0.6, 0.25, 0.07, 0.03, 0.03, 0.02]),
        start=TODAY + rng.integers(0, 60, m),
        headcount=np.minimum(rng.geometric(0.15, m), 200),
    )


def make_city(
    n_workers: int, n_vacancies: int, n_skills: int = 400, seed: int = 0
) -> tuple[SyntheticTaxonomy, WorkerArrays, VacancyArrays]:
    """Taxonomy, workers and vacancies of one synthetic city."""
    st = make_taxonomy(n_skills=n_skills, seed=seed)
    return st, make_workers(st, n_workers, seed + 1), make_vacancies(st, n_vacancies, seed + 2)
