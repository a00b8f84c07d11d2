"""The planted evaluation city: the real taxonomy with true fits, near misses and decoys planted.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matching.engine.arrays import Taxonomy, VacancyArrays, WorkerArrays
from matching.engine.evaluation.generator import TODAY, km_to_latlon, register_terms, skill_csr
from matching.engine.evaluation.metrics import HIT_GRADE, grades_at_ranks, rank_in_groups
from matching.engine.evaluation.tables import TaxonomyTables, load_taxonomy_tables

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
        return grades_at_ranks(
            self.planted_vacancy,
            rank_in_groups(self.planted_vacancy, -self.planted_grade.astype(np.int64)),
            self.planted_grade,
            len(self.vacancies),
            depth,
        )


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
    required = skill_csr(np.concatenate(r_rows), np.concatenate(r_cols), np.concatenate(r_lv), (m, s))
    preferred = skill_csr(np.concatenate(p_rows), np.concatenate(p_cols), np.concatenate(p_lv), (m, s))
    parks = rng.uniform(-20.0, 20.0, (12, 2))
    xy = parks[rng.integers(0, parks.shape[0], m)] + rng.normal(0.0, 2.0, (m, 2))
    lat, lon = km_to_latlon(xy)
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
    skills = _planted_skills(rng, vac, v, kind)
    return _planted_terms(rng, vac, vac_xy, v, kind), skills, v, kind


def _planted_skills(
    rng: np.random.Generator, vac: VacancyArrays, v: np.ndarray, kind: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(worker, skill, level) triplets of planted workers: the vacancy's required skills (flawed as the
    kind says), half its preferred skills, and up to two unrelated skills."""
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
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(levels)


def _planted_terms(
    rng: np.random.Generator, vac: VacancyArrays, vac_xy: np.ndarray, v: np.ndarray, kind: np.ndarray
) -> dict[str, np.ndarray]:
    """Everything but skills of planted workers: a home, pay, forms and shifts that fit their vacancy,
    except where the kind plants a flaw."""
    n = v.shape[0]
    limit = rng.choice(COMMUTE_CHOICES, n)
    dist = rng.uniform(0.05, 0.9, n) * limit
    dist = np.where(kind == NEAR_OVER_COMMUTE, rng.uniform(1.05, 1.3, n) * limit, dist)
    dist = np.where(kind == DECOY_FAR, 80.0, dist)
    angle = rng.uniform(0.0, 2 * np.pi, n)
    xy = vac_xy[v] + dist[:, None] * np.c_[np.cos(angle), np.sin(angle)]
    lat, lon = km_to_latlon(xy)
    moves = rng.random(n) < 0.2
    relocate = np.where(kind == NEAR_OVER_COMMUTE, True, np.where(kind == DECOY_FAR, False, moves))

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
    return columns


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
    columns = {"occupation": occupation, **register_terms(rng, n)}
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
    skills = skill_csr(
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
