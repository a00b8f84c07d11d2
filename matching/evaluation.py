"""Offline evaluation of the matching engine on a city with planted ground truth.

The city is built on the real taxonomy (talent/data): each evaluation vacancy is a group-6
(production) occupation with that occupation's required skills, and around it we plant workers whose
relevance we know by construction:

- true fit (grade 2): every required skill at or above the required level, the vacancy's occupation,
  certificate and experience at least the minimum, desired pay inside the range, home inside the
  worker's commuting limit, the vacancy's employment form and shift accepted, available in time;
- near miss (grade 1): a true fit with one flaw: one required skill missing, one required skill a
  level short, or a home slightly beyond the commuting limit (willing to move);
- decoy (grade 0): the right words with the wrong level, place or pay: the same skills at level 1,
  or a home 80 km away without willingness to move, or desired pay far above the range, or the
  vacancy's employment form refused;

plus a background population of workers of other occupations (grade 0) with realistic noise.

Metrics are computed from the engine's shortlists and recommendations with array operations only;
the ablation reruns the engine with one feature weight at zero at a time. Pure numpy/scipy: the
taxonomy CSVs are read from a directory passed in, nothing here imports Django.
"""

from __future__ import annotations

import csv
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from matching.engine import (
    FEATURES,
    MatchParams,
    MatchResult,
    PairSet,
    PreparedVacancies,
    PreparedWorkers,
    SkillBasis,
    Taxonomy,
    VacancyArrays,
    Weights,
    WorkerArrays,
    build_basis,
    explain_pairs,
    prepare_vacancies,
    prepare_workers,
    run_matching,
)

TODAY = 20_000  # days since 1970-01-01, the evaluation's "today"
CENTRE = (31.30, 120.60)  # (lat, lon) of the evaluation city
KM_PER_DEG_LAT = 111.195
FORM_CHOICES = np.array([1, 2, 4, 8, 16, 32], dtype=np.int64)
SHIFT_CHOICES = np.array([1, 2, 4, 8, 16], dtype=np.int64)
COMMUTE_CHOICES = np.array([10.0, 15.0, 20.0, 30.0])

# Planted kinds, their names and graded relevance. Background workers carry no planted kind.
TRUE_FIT = 0
NEAR_MISSING_SKILL = 1
NEAR_LEVEL_SHORT = 2
NEAR_OVER_COMMUTE = 3
DECOY_LOW_LEVEL = 4
DECOY_FAR = 5
DECOY_PAY = 6
DECOY_FORM = 7
KIND_NAMES: tuple[str, ...] = (
    "true fit",
    "near miss: one required skill missing",
    "near miss: one skill a level short",
    "near miss: just beyond commuting limit",
    "decoy: same skills at level 1",
    "decoy: 80 km away, will not move",
    "decoy: desired pay far above range",
    "decoy: employment form refused",
)
KIND_GRADE = np.array([2, 1, 1, 1, 0, 0, 0, 0], dtype=np.int8)
NEAR_MISSES_EACH = 2  # per near-miss kind and vacancy
DECOYS_EACH = 2  # per decoy kind and vacancy

HIT_GRADE = 2  # a "hit" for precision and recall is a true fit
PRECISION_K = 10
RECALL_K = 50
NDCG_K = 10
WORKER_K = 20


# ---------------------------------------------------------------------------------------------------
# The real taxonomy


@dataclass(slots=True)
class TaxonomyTables:
    """The engine's Taxonomy from the CSVs plus each occupation's skill lists (positions, levels)."""

    taxonomy: Taxonomy
    skill_codes: np.ndarray
    occupation_required: dict[int, tuple[np.ndarray, np.ndarray]]  # occupation → (skills, levels)
    occupation_preferred: dict[int, tuple[np.ndarray, np.ndarray]]


def load_taxonomy_tables(data_dir: Path | str) -> TaxonomyTables:
    """Read csco2022_occupations.csv, skills.csv and occupation_skills.csv (codes de-duplicated, file
    order kept) into the engine's encoding: required links 1.0, preferred 0.5, categories as ints."""
    root = Path(data_dir)
    with open(root / "csco2022_occupations.csv", encoding="utf-8", newline="") as fh:
        codes = list(dict.fromkeys(row["code"].strip() for row in csv.DictReader(fh)))
    occ_pos = {code: i for i, code in enumerate(codes)}
    with open(root / "skills.csv", encoding="utf-8", newline="") as fh:
        skill_rows = list(csv.DictReader(fh))
    skill_codes = [row["code"].strip() for row in skill_rows]
    skill_pos = {code: i for i, code in enumerate(skill_codes)}
    categories = {c: i for i, c in enumerate(dict.fromkeys(row["category"].strip() for row in skill_rows))}
    category = np.array([categories[row["category"].strip()] for row in skill_rows], dtype=np.int32)
    required: dict[int, list[tuple[int, int]]] = {}
    preferred: dict[int, list[tuple[int, int]]] = {}
    link: dict[tuple[int, int], float] = {}
    with open(root / "occupation_skills.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            o = occ_pos.get(row["occupation_code"].strip())
            s = skill_pos.get(row["skill_code"].strip())
            if o is None or s is None:
                continue
            is_required = row["importance"].strip() == "required"
            level = int(row["level"])
            (required if is_required else preferred).setdefault(o, []).append((s, level))
            link[(s, o)] = max(link.get((s, o), 0.0), 1.0 if is_required else 0.5)
    rows = np.array([k[0] for k in link], dtype=np.int64)
    cols = np.array([k[1] for k in link], dtype=np.int64)
    vals = np.array(list(link.values()), dtype=np.float32)
    so = sp.csr_matrix((vals, (rows, cols)), shape=(len(skill_codes), len(codes)))
    taxonomy = Taxonomy(
        occupation_codes=np.array(codes),
        skill_count=len(skill_codes),
        skill_occupation=so,
        skill_category=category,
    )

    def arrays(d: dict[int, list[tuple[int, int]]]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        return {o: (np.array([s for s, _ in v]), np.array([lv for _, lv in v])) for o, v in d.items()}

    return TaxonomyTables(taxonomy, np.array(skill_codes), arrays(required), arrays(preferred))


# ---------------------------------------------------------------------------------------------------
# The evaluation city


@dataclass(slots=True)
class EvaluationCity:
    """Workers, vacancies and the planted (vacancy, worker, kind) labels; background workers come last.

    ``planted_*`` arrays have one element per planted worker; ``relevance`` looks up the grade of any
    (vacancy, worker) pairs (0 for pairs that were not planted).
    """

    taxonomy: Taxonomy
    workers: WorkerArrays
    vacancies: VacancyArrays
    planted_vacancy: np.ndarray
    planted_worker: np.ndarray
    planted_kind: np.ndarray
    seed: int

    @property
    def planted_grade(self) -> np.ndarray:
        """Graded relevance of each planted worker to its vacancy."""
        return KIND_GRADE[self.planted_kind]

    def _keys(self, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        return np.asarray(v, dtype=np.int64) * len(self.workers) + np.asarray(w, dtype=np.int64)

    def relevance(self, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Grade of each pair (v[i], w[i]) by binary search of the planted keys (int8, 0 if unplanted)."""
        keys = self._keys(self.planted_vacancy, self.planted_worker)
        order = np.argsort(keys)
        sorted_keys = keys[order]
        query = self._keys(v, w)
        if not sorted_keys.size:
            return np.zeros(query.shape[0], dtype=np.int8)
        at = np.minimum(np.searchsorted(sorted_keys, query), sorted_keys.shape[0] - 1)
        found = sorted_keys[at] == query
        return np.where(found, self.planted_grade[order[at]], 0).astype(np.int8)

    def true_fit_counts(self) -> np.ndarray:
        """Number of planted true fits per vacancy."""
        hit = self.planted_grade >= HIT_GRADE
        return np.bincount(self.planted_vacancy[hit], minlength=len(self.vacancies))

    def ideal_grades(self, depth: int) -> np.ndarray:
        """(V × depth) planted grades of each vacancy sorted best first, zero-padded: the ideal ranking."""
        return _grades_at_ranks(
            self.planted_vacancy,
            _rank_in_groups(self.planted_vacancy, -self.planted_grade.astype(np.int64)),
            self.planted_grade,
            len(self.vacancies),
            depth,
        )


def _km_to_latlon(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points given in km east/north of CENTRE to (lat, lon) in degrees."""
    lat = CENTRE[0] + xy[:, 1] / KM_PER_DEG_LAT
    lon = CENTRE[1] + xy[:, 0] / (KM_PER_DEG_LAT * np.cos(np.radians(CENTRE[0])))
    return lat, lon


def _skill_csr(
    rows: np.ndarray, cols: np.ndarray, levels: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    """CSR of skill levels keeping the highest level of a duplicated (row, skill)."""
    key = rows.astype(np.int64) * shape[1] + cols.astype(np.int64)
    order = np.lexsort((-levels, key))
    key, levels = key[order], levels[order]
    first = np.r_[True, key[1:] != key[:-1]] if key.size else np.zeros(0, dtype=bool)
    key, levels = key[first], levels[first]
    return sp.csr_matrix((levels.astype(np.float32), (key // shape[1], key % shape[1])), shape=shape)


def _build_vacancies(
    rng: np.random.Generator, tables: TaxonomyTables, occupations: np.ndarray
) -> tuple[VacancyArrays, np.ndarray]:
    """Vacancies of the given occupations: the occupation's required skills (level raised to at least
    2, sometimes one more than typical), its preferred skills plus one related skill, and terms.

    Returns the vacancies and their positions in km (V × 2).
    """
    m = occupations.shape[0]
    s = tables.taxonomy.skill_count
    category = tables.taxonomy.skill_category
    assert category is not None
    r_rows, r_cols, r_lv, p_rows, p_cols, p_lv = [], [], [], [], [], []
    for i, o in enumerate(occupations.tolist()):
        skills, levels = tables.occupation_required[o]
        lv = np.clip(np.maximum(levels + rng.integers(0, 2, levels.shape[0]), 2), 2, 5)
        r_rows.append(np.full(skills.shape[0], i))
        r_cols.append(skills)
        r_lv.append(lv)
        pref, plv = tables.occupation_preferred.get(o, (np.zeros(0, np.int64), np.zeros(0, np.int64)))
        related = np.setdiff1d(np.flatnonzero(np.isin(category, category[skills])), np.r_[skills, pref])
        if related.size:
            pref = np.r_[pref, rng.choice(related, 1)]
            plv = np.r_[plv, rng.integers(1, 4, 1)]
        p_rows.append(np.full(pref.shape[0], i))
        p_cols.append(pref)
        p_lv.append(np.clip(plv, 1, 5))
    required = _skill_csr(np.concatenate(r_rows), np.concatenate(r_cols), np.concatenate(r_lv), (m, s))
    preferred = _skill_csr(np.concatenate(p_rows), np.concatenate(p_cols), np.concatenate(p_lv), (m, s))
    parks = rng.uniform(-20.0, 20.0, (12, 2))
    xy = parks[rng.integers(0, parks.shape[0], m)] + rng.normal(0.0, 2.0, (m, 2))
    lat, lon = _km_to_latlon(xy)
    pay_min = rng.uniform(4500, 9000, size=(m,)).astype(np.float32)
    vacancies = VacancyArrays(
        ids=np.arange(1, m + 1, dtype=np.int64),
        required=required,
        preferred=preferred,
        occupation=occupations.astype(np.int32),
        min_cert=rng.choice([0, 2, 3, 4], size=m, p=[0.4, 0.25, 0.25, 0.1]),
        min_years=rng.choice([0.0, 1.0, 2.0, 3.0], m),
        pay_min=pay_min,
        pay_max=pay_min + rng.uniform(1000, 4000, size=(m,)).astype(np.float32),
        lat=lat,
        lon=lon,
        dormitory=rng.random(size=(m,)) < 0.5,
        shift=rng.choice(SHIFT_CHOICES, m, p=[0.4, 0.3, 0.2, 0.05, 0.05]),
        form=rng.choice(FORM_CHOICES, m, p=[0.6, 0.25, 0.07, 0.03, 0.03, 0.02]),
        start=TODAY + rng.integers(0, 60, size=(m,)),
        headcount=rng.integers(1, 6, size=(m,)),
    )
    return vacancies, xy


def _planted_workers(
    rng: np.random.Generator, vac: VacancyArrays, vac_xy: np.ndarray, true_fits: int
) -> tuple[dict[str, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray, np.ndarray]:
    """Planted workers of every vacancy: attribute columns, skill triplets, vacancy index and kind."""
    m = len(vac)
    per_kind = np.array([true_fits] + [NEAR_MISSES_EACH] * 3 + [DECOYS_EACH] * 4)
    kinds_one = np.repeat(np.arange(per_kind.shape[0]), per_kind)
    kind = np.tile(kinds_one, m).astype(np.int8)
    v = np.repeat(np.arange(m), kinds_one.shape[0])
    n = v.shape[0]

    # Required skills of each worker's vacancy, expanded to (worker, entry) rows.
    req = vac.required
    counts = np.diff(req.indptr)[v]
    owner = np.repeat(np.arange(n), counts)
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    entry = np.arange(owner.shape[0]) - offsets[owner]
    pos = req.indptr[v][owner] + entry
    skill = req.indices[pos].astype(np.int64)
    need = req.data[pos].astype(np.int64)
    level = np.minimum(need + rng.choice([0, 0, 1, 2], owner.shape[0]), 5)
    flawed = (rng.random(n) * counts).astype(np.int64)  # the one entry a near miss gets wrong
    is_flawed = entry == flawed[owner]
    k = kind[owner]
    level = np.where((k == NEAR_LEVEL_SHORT) & is_flawed, need - 1, level)
    level = np.where(k == DECOY_LOW_LEVEL, 1, level)
    keep = ~((k == NEAR_MISSING_SKILL) & is_flawed)
    rows, cols, levels = [owner[keep]], [skill[keep]], [level[keep]]

    # Half of the vacancy's preferred skills, and up to two unrelated skills, as everyday noise.
    pref = vac.preferred
    pcounts = np.diff(pref.indptr)[v]
    powner = np.repeat(np.arange(n), pcounts)
    ppos = pref.indptr[v][powner] + np.arange(powner.shape[0]) - np.r_[0, np.cumsum(pcounts)[:-1]][powner]
    take = rng.random(powner.shape[0]) < 0.5
    rows.append(powner[take])
    cols.append(pref.indices[ppos][take].astype(np.int64))
    levels.append(rng.integers(1, 4, int(take.sum())))
    noise = rng.integers(0, 3, n)
    nowner = np.repeat(np.arange(n), noise)
    rows.append(nowner)
    cols.append(rng.integers(0, vac.skill_count, nowner.shape[0]))
    levels.append(rng.integers(1, 4, nowner.shape[0]))

    limit = rng.choice(COMMUTE_CHOICES, n)
    dist = rng.uniform(0.05, 0.9, n) * limit
    dist = np.where(kind == NEAR_OVER_COMMUTE, rng.uniform(1.05, 1.3, n) * limit, dist)
    dist = np.where(kind == DECOY_FAR, 80.0, dist)
    angle = rng.uniform(0.0, 2 * np.pi, n)
    xy = vac_xy[v] + dist[:, None] * np.c_[np.cos(angle), np.sin(angle)]
    lat, lon = _km_to_latlon(xy)
    relocate = rng.random(n) < 0.2
    relocate = np.where(kind == NEAR_OVER_COMMUTE, True, np.where(kind == DECOY_FAR, False, relocate))

    pay_min, pay_max = vac.pay_min[v].astype(np.float64), vac.pay_max[v].astype(np.float64)
    pay = pay_min + rng.random(n) * (pay_max - pay_min)
    pay = np.where(kind == DECOY_PAY, pay_max * rng.uniform(1.5, 2.0, n), pay)

    vform = vac.form[v].astype(np.int64)
    extra = np.where(rng.random(n) < 0.5, rng.choice(FORM_CHOICES, n), 0)
    forms = vform | extra
    preferred_form = np.where(rng.random(n) < 0.6, vform, np.where(extra > 0, extra, vform))
    form_idx = np.searchsorted(FORM_CHOICES, vform)
    other = FORM_CHOICES[(form_idx + rng.integers(1, 6, n)) % 6]
    forms = np.where(kind == DECOY_FORM, other, forms)
    preferred_form = np.where(kind == DECOY_FORM, other, preferred_form)

    vshift = vac.shift[v].astype(np.int64)
    shifts = np.where(
        rng.random(n) < 0.3, 0, vshift | np.where(rng.random(n) < 0.5, rng.choice(SHIFT_CHOICES, n), 0)
    )

    columns = {
        "occupation": vac.occupation[v],
        "cert": np.minimum(vac.min_cert[v].astype(np.int64) + rng.integers(0, 3, n), 8),
        "years": vac.min_years[v] + rng.gamma(2.0, 1.5, n),
        "lat": lat,
        "lon": lon,
        "max_commute_km": limit,
        "relocate": relocate,
        "desired_pay": pay,
        "shifts": shifts,
        "forms": forms,
        "preferred_form": preferred_form,
        "available_from": vac.start[v] - rng.integers(0, 200, n),
        "eligible": np.ones(n, dtype=bool),
    }
    return columns, (np.concatenate(rows), np.concatenate(cols), np.concatenate(levels)), v, kind


def _background_workers(
    rng: np.random.Generator, tables: TaxonomyTables, pool: np.ndarray, siblings_of: np.ndarray, n: int
) -> tuple[dict[str, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """N workers of the ``pool`` occupations: 3–6 of their occupation's skills at mixed levels, 1–3
    unrelated skills, spread over the city, with the mix of terms and preferences of a real register.

    ``siblings_of`` holds middle-group prefixes ("6-18") whose pool occupations get half the workers.
    """
    codes = tables.taxonomy.occupation_codes
    where = {c: i for i, c in enumerate(codes.tolist())}
    own_lists = []
    for o in pool.tolist():
        req = tables.occupation_required.get(o, (np.zeros(0, np.int64), None))[0]
        pref = tables.occupation_preferred.get(o, (np.zeros(0, np.int64), None))[0]
        own_lists.append(np.r_[req, pref])
    width = max(len(x) for x in own_lists)
    own = np.full((pool.shape[0], width), -1, dtype=np.int64)
    for i, x in enumerate(own_lists):
        own[i, : len(x)] = x
    # Half the register works in trades next to the evaluated ones (same middle group: shared skills,
    # hard to tell apart), half anywhere in the pool.
    near = np.flatnonzero(np.isin(np.array([str(c)[:4] for c in codes[pool]]), siblings_of))
    pick = rng.integers(0, pool.shape[0], n)
    if near.size:
        pick = np.where(rng.random(n) < 0.5, near[rng.integers(0, near.shape[0], n)], pick)
    occupation = pool[pick]
    # 5 % give only the minor group of their occupation, 3 % no occupation at all.
    minor = np.array([where.get(str(codes[o])[:-2] + "00", o) for o in pool], dtype=np.int64)
    r = rng.random(n)
    occupation = np.where(r < 0.05, minor[pick], occupation)
    occupation = np.where(r > 0.97, -1, occupation)
    cand = own[pick]
    order = np.argsort(np.where(cand >= 0, rng.random(cand.shape), np.inf), axis=1)
    cand = np.take_along_axis(cand, order, axis=1)
    k_own = rng.integers(3, 7, n)
    mask = (np.arange(width)[None, :] < k_own[:, None]) & (cand >= 0)
    rows = [np.repeat(np.arange(n), width)[mask.ravel()]]
    cols = [cand[mask]]
    k_rand = rng.integers(1, 4, n)
    rrows = np.repeat(np.arange(n), k_rand)
    rows.append(rrows)
    cols.append(rng.integers(0, tables.taxonomy.skill_count, rrows.shape[0]))
    rows_all, cols_all = np.concatenate(rows), np.concatenate(cols)
    levels = rng.choice(np.arange(1, 6), size=rows_all.shape[0], p=[0.15, 0.3, 0.3, 0.17, 0.08])
    homes = rng.uniform(-25.0, 25.0, (40, 2))
    xy = np.clip(homes[rng.integers(0, 40, n)] + rng.normal(0.0, 4.0, (n, 2)), -30.0, 30.0)
    lat, lon = _km_to_latlon(xy)
    forms = (
        1
        | np.where(rng.random(n) < 0.5, 2, 0)
        | np.where(rng.random(n) < 0.2, 4, 0)
        | np.where(rng.random(n) < 0.1, 8, 0)
        | np.where(rng.random(n) < 0.1, 16, 0)
        | np.where(rng.random(n) < 0.05, 32, 0)
    )
    forms = np.where(rng.random(n) < 0.05, 2, forms)
    columns = {
        "occupation": occupation,
        "cert": rng.choice(9, size=n, p=[0.35, 0.05, 0.2, 0.2, 0.12, 0.05, 0.02, 0.005, 0.005]),
        "years": rng.gamma(2.0, 3.0, n),
        "lat": lat,
        "lon": lon,
        "max_commute_km": rng.choice([5.0, 10.0, 15.0, 20.0, 30.0], n, p=[0.15, 0.3, 0.3, 0.15, 0.1]),
        "relocate": rng.random(n) < 0.2,
        "desired_pay": np.where(rng.random(n) < 0.2, 0.0, rng.uniform(4000, 12000, n)),
        "shifts": np.where(rng.random(n) < 0.3, 0, rng.integers(1, 32, n)),
        "forms": forms,
        "preferred_form": np.where((forms & 1) != 0, 1, 2),
        "available_from": np.where(
            rng.random(n) < 0.8, TODAY - rng.integers(0, 365, n), TODAY + rng.integers(1, 60, n)
        ),
        "eligible": rng.random(n) < 0.95,
    }
    return columns, (rows_all, cols_all, levels)


def build_evaluation_city(
    data_dir: Path | str,
    *,
    vacancies: int = 200,
    background: int = 20_000,
    true_fits: int = 10,
    seed: int = 1,
) -> EvaluationCity:
    """The evaluation city for ``seed`` (same seed, same city): ``vacancies`` vacancies of distinct
    group-6 occupations (repeating only when there are more vacancies than such occupations), each
    with ``true_fits`` true fits, 2 near misses and 2 decoys of every kind, plus ``background``
    workers of occupations no evaluation vacancy uses (all linked occupations when none is left)."""
    if vacancies < 1 or true_fits < 1 or background < 0:
        raise ValueError("need at least one vacancy and one true fit, and a non-negative background")
    rng = np.random.default_rng(seed)
    tables = load_taxonomy_tables(data_dir)
    codes = tables.taxonomy.occupation_codes
    linked = np.array(sorted(tables.occupation_required), dtype=np.int64)
    group6 = linked[np.char.startswith(codes[linked], "6-")]
    if not group6.size:
        raise ValueError("the taxonomy has no group-6 occupation with required skills")
    rounds = -(-vacancies // group6.shape[0])
    occupations = np.concatenate([rng.permutation(group6) for _ in range(rounds)])[:vacancies]
    pool = np.setdiff1d(linked, occupations)
    if not pool.size:
        pool = linked
    vac, vac_xy = _build_vacancies(rng, tables, occupations)
    p_cols, p_skills, p_vac, p_kind = _planted_workers(rng, vac, vac_xy, true_fits)
    middle = np.unique(np.array([str(c)[:4] for c in codes[occupations]]))
    b_cols, b_skills = _background_workers(rng, tables, pool, middle, background)
    n_planted = p_vac.shape[0]
    n = n_planted + background
    # Shuffle planted and background workers together so no position gives a label away.
    perm = rng.permutation(n)
    inverse = np.empty(n, dtype=np.int64)
    inverse[perm] = np.arange(n)
    cols = {
        name: np.concatenate([np.asarray(p_cols[name]), np.asarray(b_cols[name])])[perm] for name in p_cols
    }
    rows = inverse[np.r_[p_skills[0], b_skills[0] + n_planted]]
    skills = _skill_csr(
        rows,
        np.r_[p_skills[1], b_skills[1]],
        np.r_[p_skills[2], b_skills[2]],
        (n, tables.taxonomy.skill_count),
    )
    workers = WorkerArrays(ids=np.arange(1, n + 1, dtype=np.int64), skills=skills, **cols)
    return EvaluationCity(
        taxonomy=tables.taxonomy,
        workers=workers,
        vacancies=vac,
        planted_vacancy=p_vac.astype(np.int64),
        planted_worker=inverse[np.arange(n_planted)],
        planted_kind=p_kind,
        seed=seed,
    )


# ---------------------------------------------------------------------------------------------------
# Metrics (each returns one value per vacancy or worker; callers average with nanmean)


def _rank_in_groups(groups: np.ndarray, key: np.ndarray) -> np.ndarray:
    """0-based rank of each element within its group, ordered by ``key`` ascending (stable)."""
    order = np.lexsort((key, groups))
    g = groups[order]
    first = np.r_[True, g[1:] != g[:-1]] if g.size else np.zeros(0, dtype=bool)
    starts = np.flatnonzero(first)
    within = np.arange(g.shape[0]) - np.repeat(starts, np.diff(np.r_[starts, g.shape[0]]))
    rank = np.empty_like(within)
    rank[order] = within
    return rank


def _grades_at_ranks(
    rows: np.ndarray, rank: np.ndarray, grade: np.ndarray, n_rows: int, depth: int
) -> np.ndarray:
    """(n_rows × depth) matrix with grade[i] at (rows[i], rank[i]) for ranks below depth, else 0."""
    out = np.zeros((n_rows, depth), dtype=np.float64)
    keep = rank < depth
    out[rows[keep], rank[keep]] = grade[keep]
    return out


def precision_at_k(grades: np.ndarray, k: int, hit_grade: int = HIT_GRADE) -> np.ndarray:
    """Share of the first k positions holding a hit (grade ≥ hit_grade); empty positions count as misses."""
    return (grades[:, :k] >= hit_grade).sum(axis=1) / k


def recall_at_k(grades: np.ndarray, n_hits: np.ndarray, k: int, hit_grade: int = HIT_GRADE) -> np.ndarray:
    """Share of each row's hits found in its first k positions (nan for a row without hits)."""
    found = (grades[:, :k] >= hit_grade).sum(axis=1).astype(np.float64)
    n = np.asarray(n_hits, dtype=np.float64)
    return np.divide(found, n, out=np.full(found.shape, np.nan), where=n > 0)


def dcg_at_k(grades: np.ndarray, k: int) -> np.ndarray:
    """Σ over the first k positions i (1-based) of (2^grade − 1) / log2(i + 1)."""
    g = grades[:, :k]
    discount = 1.0 / np.log2(np.arange(2, g.shape[1] + 2))
    return (np.power(2.0, g) - 1.0) @ discount


def ndcg_at_k(grades: np.ndarray, ideal: np.ndarray, k: int) -> np.ndarray:
    """DCG@k over the DCG@k of the ideal ordering (nan for a row whose ideal DCG is 0)."""
    dcg, best = dcg_at_k(grades, k), dcg_at_k(ideal, k)
    return np.divide(dcg, best, out=np.full(dcg.shape, np.nan), where=best > 0)


def hit_at_k(rank: np.ndarray, k: int) -> np.ndarray:
    """1.0 where the 0-based rank is below k, else 0.0 (rank −1 means not listed)."""
    return ((rank >= 0) & (rank < k)).astype(np.float64)


def reciprocal_rank(rank: np.ndarray) -> np.ndarray:
    """1 / (rank + 1) for a listed item (0-based rank), 0 for an unlisted one (rank −1)."""
    return np.where(rank >= 0, 1.0 / (np.maximum(rank, 0) + 1.0), 0.0)


def pair_ranks(pairs: PairSet, v: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Rank of each pair (v[i], w[i]) in ``pairs`` (−1 when absent), by binary search of pair keys."""
    width = int(max(pairs.worker_index.max(initial=0), np.max(w, initial=0))) + 1
    keys = pairs.vacancy_index.astype(np.int64) * width + pairs.worker_index
    order = np.argsort(keys)
    sk = keys[order]
    query = np.asarray(v, dtype=np.int64) * width + np.asarray(w, dtype=np.int64)
    if not sk.size:
        return np.full(query.shape[0], -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(sk, query), sk.shape[0] - 1)
    return np.where(sk[at] == query, pairs.rank[order[at]].astype(np.int64), -1)


@dataclass(frozen=True, slots=True)
class Metrics:
    """Means over vacancies (shortlist direction) and over planted true fits (worker direction)."""

    precision_at_10: float
    recall_at_50: float
    ndcg_at_10: float
    hit_at_20: float
    mrr: float

    NAMES = ("P@10", "R@50", "nDCG@10", "Hit@20", "MRR")

    def values(self) -> tuple[float, ...]:
        """The metrics in NAMES order."""
        return (self.precision_at_10, self.recall_at_50, self.ndcg_at_10, self.hit_at_20, self.mrr)


def evaluate_result(city: EvaluationCity, result: MatchResult) -> Metrics:
    """Score one engine run against the planted labels."""
    short = result.shortlists
    m = len(city.vacancies)
    depth = max(PRECISION_K, RECALL_K, NDCG_K)
    grades = _grades_at_ranks(
        short.vacancy_index.astype(np.int64),
        short.rank.astype(np.int64),
        city.relevance(short.vacancy_index, short.worker_index).astype(np.float64),
        m,
        depth,
    )
    ideal = city.ideal_grades(depth)
    hit = city.planted_grade >= HIT_GRADE
    rec_rank = pair_ranks(result.recommendations, city.planted_vacancy[hit], city.planted_worker[hit])
    return Metrics(
        precision_at_10=float(np.mean(precision_at_k(grades, PRECISION_K))),
        recall_at_50=float(np.nanmean(recall_at_k(grades, city.true_fit_counts(), RECALL_K))),
        ndcg_at_10=float(np.nanmean(ndcg_at_k(grades, ideal, NDCG_K))),
        hit_at_20=float(np.mean(hit_at_k(rec_rank, WORKER_K))),
        mrr=float(np.mean(reciprocal_rank(rec_rank))),
    )


# ---------------------------------------------------------------------------------------------------
# Ablation


@dataclass(frozen=True, slots=True)
class Variant:
    """One evaluated configuration: its label, weights, metrics and wall time of its run."""

    name: str
    weights: Weights
    metrics: Metrics
    seconds: float


@dataclass(frozen=True, slots=True)
class KindStats:
    """How the full model treats one planted kind (ranks are 1-based; an absent worker counts at
    RECALL_K + 1, just past the part of the shortlist the metrics read)."""

    kind: str
    grade: int
    count: int
    feasible: float  # share passing the hard filters
    shortlisted: float  # share in the top RECALL_K
    top10: float  # share in the top 10
    mean_rank: float
    mean_score: float


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The full model, its ablations and the per-kind breakdown of one evaluation city."""

    city_workers: int
    city_vacancies: int
    planted: int
    true_fits: int
    seed: int
    variants: list[Variant]
    kinds: list[KindStats]
    lookalikes_in_top10: float  # share of unplanted top-10 pairs that meet every true-fit condition
    seconds: float


def _run(
    pw: PreparedWorkers, pv: PreparedVacancies, taxonomy: Taxonomy, weights: Weights, params: MatchParams
) -> tuple[MatchResult, float]:
    t = time.perf_counter()
    res = run_matching(pw, pv, taxonomy, weights, params=params)
    return res, time.perf_counter() - t


def ablation_weights(base: Weights | None = None) -> list[tuple[str, Weights]]:
    """(label, weights): the full model, each feature group at 0, and the skills-only baseline."""
    base = base or Weights()
    values = {name: float(getattr(base, name)) for name in FEATURES}
    out = [("full model", base)]
    for name in FEATURES:
        if name == "skills":
            continue
        out.append((f"without {name}", Weights(**{**values, name: 0.0}, version=f"ablate-{name}")))
    out.append(("without skills", Weights(**{**values, "skills": 0.0}, version="ablate-skills")))
    baseline = {name: 0.0 for name in FEATURES} | {"skills": values["skills"] or 1.0}
    out.append(("baseline: skills only", Weights(**baseline, version="skills-only")))
    return out


def _without_smoothing(basis: SkillBasis) -> SkillBasis | None:
    """A copy of ``basis`` whose smoothing is the identity (no credit for related skills), or None
    when the engine's basis has no smoothing field to replace."""
    if "smoothing" not in {f.name for f in dataclasses.fields(SkillBasis)}:
        return None
    s = basis.taxonomy.skill_count
    return dataclasses.replace(basis, smoothing=sp.identity(s, dtype=np.float32, format="csr"))


def _lookalikes(city: EvaluationCity, pairs: PairSet) -> float:
    """Share of unplanted pairs among the top 10 that still meet every true-fit condition: a measure of
    how much the planted labels undercount real fits (these count as misses in the metrics)."""
    top = pairs.take(pairs.rank < NDCG_K)
    unplanted = city.relevance(top.vacancy_index, top.worker_index) == 0
    top = top.take(unplanted)
    if not len(top):
        return 0.0
    w, v = top.worker_index.astype(np.int64), top.vacancy_index.astype(np.int64)
    wa, va = city.workers, city.vacancies
    pay = wa.desired_pay[w]
    ok = (
        (top.matched_required == top.required_total)
        & (wa.occupation[w] == va.occupation[v])
        & (wa.cert[w] >= va.min_cert[v])
        & (wa.years[w] >= va.min_years[v])
        & (pay >= va.pay_min[v])
        & (pay <= va.pay_max[v])
        & (top.distance_km <= wa.max_commute_km[w])
        & ((wa.forms[w] & va.form[v]) != 0)
        & ((wa.shifts[w] == 0) | ((wa.shifts[w] & va.shift[v]) != 0))
        & top.feasible
    )
    return float(ok.sum()) / float(pairs.take(pairs.rank < NDCG_K).vacancy_index.shape[0])


def _kind_stats(
    city: EvaluationCity, result: MatchResult, pw: PreparedWorkers, pv: PreparedVacancies, weights: Weights
) -> list[KindStats]:
    rank = pair_ranks(result.shortlists, city.planted_vacancy, city.planted_worker)
    listed = (rank >= 0) & (rank < RECALL_K)
    eff = np.where(listed, rank + 1, RECALL_K + 1).astype(np.float64)
    why = explain_pairs(pw, pv, city.planted_vacancy, city.planted_worker, weights=weights)
    out = []
    for k, name in enumerate(KIND_NAMES):
        sel = city.planted_kind == k
        if not sel.any():
            continue
        out.append(
            KindStats(
                kind=name,
                grade=int(KIND_GRADE[k]),
                count=int(sel.sum()),
                feasible=float(why.feasible[sel].mean()),
                shortlisted=float(listed[sel].mean()),
                top10=float((listed & (rank < NDCG_K))[sel].mean()),
                mean_rank=float(eff[sel].mean()),
                mean_score=float(why.score[sel].mean()),
            )
        )
    return out


def evaluate(
    city: EvaluationCity,
    *,
    weights: Weights | None = None,
    params: MatchParams | None = None,
    smoothing_ablation: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Evaluation:
    """Run the full model, every ablation and the skills-only baseline on ``city``.

    Workers and vacancies are prepared once and shared by every weight variant (weights do not enter
    preparation); the smoothing ablation prepares them again on a basis without smoothing.
    """
    params = params or MatchParams()
    if params.shortlist_min < RECALL_K:
        raise ValueError(f"shortlists must hold at least {RECALL_K} workers for recall@{RECALL_K}")
    t0 = time.perf_counter()
    basis = build_basis(city.workers, city.taxonomy)
    pw = prepare_workers(city.workers, city.taxonomy, basis=basis)
    pv = prepare_vacancies(city.vacancies, basis)
    variants: list[Variant] = []
    kinds: list[KindStats] = []
    lookalikes = 0.0
    full = weights or Weights()
    for name, w in ablation_weights(full):
        res, secs = _run(pw, pv, city.taxonomy, w, params)
        variants.append(Variant(name, w, evaluate_result(city, res), secs))
        if progress:
            progress(f"{name}: {secs:.1f} s")
        if not kinds:
            kinds = _kind_stats(city, res, pw, pv, w)
            lookalikes = _lookalikes(city, res.shortlists)
    plain = _without_smoothing(basis) if smoothing_ablation else None
    if plain is not None:
        pw0 = prepare_workers(city.workers, city.taxonomy, basis=plain)
        pv0 = prepare_vacancies(city.vacancies, plain)
        res, secs = _run(pw0, pv0, city.taxonomy, full, params)
        variants.insert(
            len(FEATURES), Variant("without skill smoothing", full, evaluate_result(city, res), secs)
        )
        if progress:
            progress(f"without skill smoothing: {secs:.1f} s")
    return Evaluation(
        city_workers=len(city.workers),
        city_vacancies=len(city.vacancies),
        planted=int(city.planted_kind.shape[0]),
        true_fits=int(city.true_fit_counts().sum()),
        seed=city.seed,
        variants=variants,
        kinds=kinds,
        lookalikes_in_top10=lookalikes,
        seconds=time.perf_counter() - t0,
    )


# ---------------------------------------------------------------------------------------------------
# Reports


def _table(header: list[str], rows: list[list[str]], markdown: bool, right_from: int = 1) -> str:
    """A Markdown table, or a plain text table with aligned columns."""
    if markdown:
        sep = ["---" if i < right_from else "---:" for i in range(len(header))]
        lines = [header, sep, *rows]
        return "\n".join("| " + " | ".join(r) + " |" for r in lines)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def fmt(r: list[str]) -> str:
        return "  ".join(
            c.ljust(widths[i]) if i < right_from else c.rjust(widths[i]) for i, c in enumerate(r)
        )

    return "\n".join([fmt(header), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)])


def format_report(ev: Evaluation, markdown: bool = False) -> str:
    """The metrics per variant (with deltas against the full model) and the per-kind breakdown."""
    full = ev.variants[0].metrics.values()
    header = ["Variant", *Metrics.NAMES, "Run s"]
    rows = []
    for var in ev.variants:
        vals = var.metrics.values()
        is_full = var is ev.variants[0]
        cells = [
            f"{x:.3f}" if is_full else f"{x:.3f} ({x - f:+.3f})" for x, f in zip(vals, full, strict=True)
        ]
        rows.append([var.name, *cells, f"{var.seconds:.1f}"])
    kind_header = [
        "Planted worker",
        "Grade",
        "Count",
        "Pass filters",
        "In top 50",
        "In top 10",
        "Mean rank",
        "Mean score",
    ]
    kind_rows = [
        [
            k.kind,
            str(k.grade),
            str(k.count),
            f"{k.feasible:.0%}",
            f"{k.shortlisted:.0%}",
            f"{k.top10:.0%}",
            f"{k.mean_rank:.1f}",
            f"{k.mean_score:.3f}",
        ]
        for k in ev.kinds
    ]
    intro = (
        f"Evaluation city (seed {ev.seed}): {ev.city_vacancies} vacancies, {ev.city_workers:,} workers "
        f"({ev.planted:,} planted, {ev.true_fits:,} of them true fits; "
        f"{ev.city_workers - ev.planted:,} background). Total {ev.seconds:.0f} s."
    )
    note = (
        f"Hit = a planted true fit. P@10, R@50 and nDCG@10 (gain 2^grade − 1) are means over vacancies; "
        f"Hit@20 and MRR are over planted true fits, ranking their own vacancy among their "
        f"recommendations. Deltas in brackets are against the full model. "
        f"Unplanted pairs in the full model's top 10 that meet every true-fit condition: "
        f"{ev.lookalikes_in_top10:.1%} (counted as misses)."
    )
    kind_note = (
        f"Full model, per planted kind. Ranks are 1-based; a worker outside the top {RECALL_K} "
        f"counts as {RECALL_K + 1}. Scores come from explain_pairs, feasible or not."
    )
    return "\n\n".join(
        [
            intro,
            _table(header, rows, markdown),
            note,
            _table(kind_header, kind_rows, markdown, right_from=1),
            kind_note,
        ]
    )
