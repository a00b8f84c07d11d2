"""A city generated from the classification's own data, graded by the classification's structure.

The planted city (planted.py) plants its true fits with the exact required skills, one vacancy per
trade, so it cannot tell whether the engine finds a trade among its neighbours. This city is closer to
a real register and to the independent benchmark of issue 11:

- **trades**: the production occupations (group 6) the taxonomy links to at least MIN_REQUIRED
  required skills; every one of them has PER_TRADE workers, and ``trades`` of them have
  ``vacancies_per_trade`` vacancies each, asking the trade's required skills at its typical levels
  (sometimes one higher) and its preferred skills;
- **workers** hold their trade's skills at levels around its typical level (juniors a level below,
  seniors one or two above), the skills of one or two earlier trades (a neighbour in the classification
  half the time, any trade otherwise) a level lower, and a few unrelated skills: dense profiles of ~15–30
  skills. Most give their trade as primary occupation, some only its minor group or nothing; some list
  the earlier trades as work history, with years. Every hard filter passes (one place, every form,
  no pay stated), so only trade, skills and levels can order the candidates;
- **relevance** comes from the classification alone, never from the engine's relatedness table: a
  worker of the vacancy's own trade (their true trade, whatever they reported) has grade 2; a worker of
  a *related trade* has grade 1, related meaning the same minor group in the classification's tree, or
  one of the TEXT_NEIGHBOURS occupations whose official definitions and task lists
  (csco2022_definitions.csv, a file the engine never reads) are most alike.

Metrics: nDCG@10 over every vacancy (gain 2^grade − 1, the ideal list drawn from the whole register),
and the "related trades only" nDCG@10: the same with every worker of the vacancy's own trade removed
from both the ranking and the ideal (can it find the neighbours?). Beside the engine, a naive ranker:
workers whose reported occupation is the vacancy's first, then TF-IDF cosine of skills.
"""

from __future__ import annotations

import csv
import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.engine.arrays import PairSet, Taxonomy, VacancyArrays, Weights, WorkerArrays
from matching.engine.evaluation.generator import CENTRE, TODAY, skill_csr
from matching.engine.evaluation.metrics import ndcg_at_k
from matching.engine.evaluation.tables import TaxonomyTables, load_taxonomy_tables
from matching.engine.occupations import code_keys
from matching.engine.prepare import prepare_vacancies, prepare_workers
from matching.engine.scoring import MatchParams, run_matching

MIN_REQUIRED = 3
PER_TRADE = 8
TEXT_NEIGHBOURS = 3
TEXT_MIN = 0.2
DEPTH = 60  # shortlist positions read (the related-only ranking skips the own trade's workers)
K = 10


@dataclass(slots=True)
class ClassificationCity:
    """Workers and vacancies with each one's true trade, and the classification's related trades."""

    taxonomy: Taxonomy
    workers: WorkerArrays
    vacancies: VacancyArrays
    worker_trade: np.ndarray  # (N,) occupation position, what the worker really is
    vacancy_trade: np.ndarray  # (M,)
    related: sp.csr_matrix  # (O × O) bool: column trade related to row trade by the classification
    seed: int

    def grades(self, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Relevance of pairs: 2 own trade, 1 related trade, 0 otherwise."""
        vt, wt = self.vacancy_trade[v], self.worker_trade[w]
        rel = np.asarray(self.related[vt, wt]).ravel().astype(bool)
        return np.where(vt == wt, 2, np.where(rel, 1, 0)).astype(np.float64)


def _definitions(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["code"].strip(): f"{r['definition']} {r['tasks']}".strip() for r in csv.DictReader(fh)}


def classification_related(
    tables: TaxonomyTables, trades: np.ndarray, definitions: dict[str, str]
) -> sp.csr_matrix:
    """(O × O) bool: same minor group (the tree) or among each other's TEXT_NEIGHBOURS by the
    character-bigram TF-IDF cosine of definition and tasks (at least TEXT_MIN)."""
    codes = tables.taxonomy.occupation_codes
    o = codes.shape[0]
    keys = code_keys(codes[trades])[:, 2]
    same_minor = (keys[:, None] == keys[None, :]) & (keys[:, None] >= 0)
    texts = [definitions.get(str(c), "") or str(c) for c in codes[trades]]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 2)).fit_transform(texts)
    cos = (vec @ vec.T).toarray()
    np.fill_diagonal(cos, -1.0)
    near = np.argsort(-cos, axis=1, kind="stable")[:, :TEXT_NEIGHBOURS]
    text = np.zeros_like(same_minor)
    rows = np.repeat(np.arange(trades.shape[0]), TEXT_NEIGHBOURS)
    ok = cos[rows, near.ravel()] >= TEXT_MIN
    text[rows[ok], near.ravel()[ok]] = True
    text |= text.T
    rel = (same_minor | text) & ~np.eye(trades.shape[0], dtype=bool)
    r, c = np.nonzero(rel)
    return sp.csr_matrix((np.ones(r.shape[0], dtype=bool), (trades[r], trades[c])), shape=(o, o))


def _trade_skills(tables: TaxonomyTables, t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    req, rlv = tables.occupation_required[t]
    pref, plv = tables.occupation_preferred.get(t, (np.zeros(0, np.int64), np.zeros(0, np.int64)))
    return req, rlv, pref, plv


def _workers_of(
    rng: np.random.Generator, tables: TaxonomyTables, pool: np.ndarray, related: sp.csr_matrix, start: int
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Skill triplets (rows from ``start``), true trades and (past trade, years) pairs of PER_TRADE
    workers of every trade in ``pool``."""
    rows, cols, levels, past_rows, past_cols, past_years = [], [], [], [], [], []
    trade = np.repeat(pool, PER_TRADE)
    for i, t in enumerate(trade.tolist()):
        w = start + i
        req, rlv, pref, plv = _trade_skills(tables, t)
        own = np.r_[req, pref]
        offset = rng.choice([-1, 0, 0, 1, 2])  # junior, typical, senior
        lv = np.r_[rlv, plv] + offset + rng.choice([0, 0, 1], own.shape[0])
        rows.append(np.full(own.shape[0], w))
        cols.append(own)
        levels.append(lv)
        neighbours = related[t].indices
        for _ in range(rng.integers(1, 3)):
            past = rng.choice(neighbours) if neighbours.size and rng.random() < 0.5 else rng.choice(pool)
            preq, plvl, _, _ = _trade_skills(tables, int(past))
            rows.append(np.full(preq.shape[0], w))
            cols.append(preq)
            levels.append(plvl - 1 + rng.choice([0, 1], preq.shape[0]))
            if rng.random() < 0.6:
                past_rows.append(w - start)
                past_cols.append(int(past))
                past_years.append(rng.uniform(0.5, 6.0))
        noise = rng.integers(2, 6)
        rows.append(np.full(noise, w))
        cols.append(rng.integers(0, tables.taxonomy.skill_count, noise))
        levels.append(rng.integers(1, 4, noise))
    triplets = [np.concatenate(rows), np.concatenate(cols), np.clip(np.concatenate(levels), 1, 5)]
    history = np.array([past_rows, past_cols, past_years], dtype=np.float64).reshape(3, -1)
    return triplets, trade, history


def _permissive_workers(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Everything but skills and occupations: every hard filter passes, no pay, no shift preference."""
    return {
        "cert": rng.integers(0, 4, n),
        "years": rng.uniform(0.0, 15.0, n),
        "lat": np.full(n, CENTRE[0]) + rng.normal(0.0, 0.01, n),
        "lon": np.full(n, CENTRE[1]) + rng.normal(0.0, 0.01, n),
        "max_commute_km": np.full(n, 50.0),
        "relocate": np.zeros(n, dtype=bool),
        "desired_pay": np.zeros(n),
        "shifts": np.zeros(n, dtype=np.int64),
        "forms": np.full(n, 63),
        "preferred_form": np.ones(n, dtype=np.int64),
        "available_from": np.full(n, TODAY - 10),
        "eligible": np.ones(n, dtype=bool),
    }


def _reported_occupation(rng: np.random.Generator, codes: np.ndarray, trade: np.ndarray) -> np.ndarray:
    """What workers report: their trade (85 %), only its minor group (7 %, when listed) or nothing."""
    where = {str(c): i for i, c in enumerate(codes.tolist())}
    minor = np.array([where.get(str(codes[t])[:-2] + "00", -1) for t in trade], dtype=np.int64)
    r = rng.random(trade.shape[0])
    out = np.where(r < 0.85, trade, np.where(r < 0.92, minor, -1))
    return out.astype(np.int32)


def _vacancies(
    rng: np.random.Generator, tables: TaxonomyTables, trades: np.ndarray, per_trade: int
) -> VacancyArrays:
    s = tables.taxonomy.skill_count
    vt = np.repeat(trades, per_trade)
    m = vt.shape[0]
    rr, rc, rl, pr, pc, pl = [], [], [], [], [], []
    for i, t in enumerate(vt.tolist()):
        req, rlv, pref, plv = _trade_skills(tables, t)
        rr.append(np.full(req.shape[0], i))
        rc.append(req)
        rl.append(np.clip(rlv + (rng.random(req.shape[0]) < 0.3), 1, 5))
        pr.append(np.full(pref.shape[0], i))
        pc.append(pref)
        pl.append(np.clip(plv, 1, 5))
    zeros = np.zeros(m)
    return VacancyArrays(
        ids=np.arange(1, m + 1, dtype=np.int64),
        required=skill_csr(np.concatenate(rr), np.concatenate(rc), np.concatenate(rl), (m, s)),
        preferred=skill_csr(np.concatenate(pr), np.concatenate(pc), np.concatenate(pl), (m, s)),
        occupation=vt.astype(np.int32),
        min_cert=np.zeros(m, dtype=np.int64),
        min_years=zeros,
        pay_min=zeros,
        pay_max=zeros,
        lat=np.full(m, CENTRE[0]),
        lon=np.full(m, CENTRE[1]),
        dormitory=np.zeros(m, dtype=bool),
        shift=np.zeros(m, dtype=np.int64),
        form=np.ones(m, dtype=np.int64),
        start=np.full(m, TODAY),
        headcount=np.ones(m, dtype=np.int64),
    )


def build_classification_city(
    data_dir: Path | str,
    definitions: Path | str,
    *,
    trades: int = 120,
    vacancies_per_trade: int = 3,
    seed: int = 1,
) -> ClassificationCity:
    """The city for ``seed``: see the module docstring. ``definitions`` is csco2022_definitions.csv."""
    rng = np.random.default_rng(seed)
    tables = load_taxonomy_tables(data_dir)
    codes = tables.taxonomy.occupation_codes
    pool = np.array(
        sorted(
            o
            for o, (s, _) in tables.occupation_required.items()
            if str(codes[o]).startswith("6-") and s.size >= MIN_REQUIRED
        ),
        dtype=np.int64,
    )
    if pool.size < 2:
        raise ValueError("the taxonomy has too few production occupations with required skills")
    related = classification_related(tables, pool, _definitions(Path(definitions)))
    chosen = np.sort(rng.choice(pool, size=min(trades, pool.shape[0]), replace=False))
    triplets, worker_trade, hist = _workers_of(rng, tables, pool, related, 0)
    n = worker_trade.shape[0]
    o = codes.shape[0]
    workers = WorkerArrays(
        ids=np.arange(1, n + 1, dtype=np.int64),
        skills=skill_csr(triplets[0], triplets[1], triplets[2], (n, tables.taxonomy.skill_count)),
        occupation=_reported_occupation(rng, codes, worker_trade),
        history=sp.csr_matrix((hist[2], (hist[0].astype(np.int64), hist[1].astype(np.int64))), shape=(n, o)),
        **_permissive_workers(n, rng),
    )
    return ClassificationCity(
        taxonomy=tables.taxonomy,
        workers=workers,
        vacancies=_vacancies(rng, tables, chosen, vacancies_per_trade),
        worker_trade=worker_trade,
        vacancy_trade=np.repeat(chosen, vacancies_per_trade),
        related=related,
        seed=seed,
    )


def ranking_ndcg(city: ClassificationCity, ranked: np.ndarray, related_only: bool = False) -> float:
    """Mean nDCG@10 of ``ranked`` (M × depth worker positions, −1 padded, best first); with
    ``related_only`` the vacancy's own trade is removed from the ranking and from the ideal."""
    m, depth = ranked.shape
    v = np.repeat(np.arange(m), depth)
    w = ranked.ravel()
    listed = w >= 0
    g = np.zeros(m * depth)
    g[listed] = city.grades(v[listed], w[listed])
    keep = listed & ~(related_only & (g == 2))
    rank = np.cumsum(keep.reshape(m, depth), axis=1) - 1
    grades = np.zeros((m, K))
    sel = keep & (rank.ravel() < K)
    grades[v[sel], rank.ravel()[sel]] = g[sel]
    ideal = _ideal(city, related_only)
    return float(np.nanmean(ndcg_at_k(grades, ideal, K)))


def _ideal(city: ClassificationCity, related_only: bool) -> np.ndarray:
    """(M × K) best possible grades of each vacancy over the whole register."""
    m, n = len(city.vacancies), len(city.workers)
    own = np.bincount(city.worker_trade, minlength=city.taxonomy.occupation_count)[city.vacancy_trade]
    onehot = sp.csr_matrix(
        (np.ones(n), (city.worker_trade, np.arange(n))), shape=(city.taxonomy.occupation_count, n)
    )
    rel = np.asarray((city.related[city.vacancy_trade].astype(np.float64) @ onehot).sum(axis=1)).ravel()
    pos = np.arange(K)[None, :]
    twos = np.zeros(m) if related_only else own
    return np.where(pos < twos[:, None], 2.0, np.where(pos < (twos + rel)[:, None], 1.0, 0.0))


def naive_ranking(city: ClassificationCity, depth: int = DEPTH) -> np.ndarray:
    """Workers whose reported occupation is the vacancy's first, then by TF-IDF cosine of skills
    (presence, smoothed idf, L2 norm; the vacancy's required and preferred skills): (M × depth)."""
    ws, vs = city.workers.skills, city.vacancies
    n = ws.shape[0]
    df = np.bincount(ws.indices, minlength=ws.shape[1])
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0

    def tfidf(mat: sp.csr_matrix) -> sp.csr_matrix:
        x = mat.copy().astype(np.float64)
        x.data[:] = 1.0
        x = x @ sp.diags(idf)
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        return sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ x

    score = (tfidf(vs.required.maximum(vs.preferred)) @ tfidf(ws).T).toarray()
    score += city.workers.occupation[None, :] == vs.occupation[:, None]
    order = np.argsort(-score, axis=1, kind="stable")[:, :depth]
    return order


def shortlist_ranking(pairs: PairSet, m: int, depth: int = DEPTH) -> np.ndarray:
    """(M × depth) worker positions of the engine's shortlists, best first, −1 padded."""
    out = np.full((m, depth), -1, dtype=np.int64)
    keep = pairs.rank < depth
    out[pairs.vacancy_index[keep], pairs.rank[keep]] = pairs.worker_index[keep]
    return out


@dataclass(frozen=True, slots=True)
class RankerFigures:
    """One ranker on the classification city."""

    name: str
    ndcg_at_10: float
    related_only_ndcg_at_10: float
    own_trade_in_top10: float  # share of the top 10 held by the vacancy's own trade
    seconds: float


def evaluate_classification(
    city: ClassificationCity, *, weights: Weights | None = None, params: MatchParams | None = None
) -> list[RankerFigures]:
    """The engine (with and without its trade generators) and the naive ranker on ``city``."""
    base = params or MatchParams()
    base = dataclasses.replace(base, shortlist_min=max(base.shortlist_min, DEPTH))
    m = len(city.vacancies)
    pw = prepare_workers(city.workers, city.taxonomy)
    pv = prepare_vacancies(city.vacancies, pw.basis)
    runs = [
        ("hrmatch", base),
        (
            "hrmatch, skill candidates only",
            dataclasses.replace(base, candidates_same_trade=0, candidates_related=0),
        ),
    ]
    out = []
    for name, p in runs:
        t = time.perf_counter()
        res = run_matching(pw, pv, city.taxonomy, weights, params=p)
        out.append(_figures(city, name, shortlist_ranking(res.shortlists, m), time.perf_counter() - t))
    t = time.perf_counter()
    naive = naive_ranking(city)
    out.append(_figures(city, "naive: same occupation first, then TF-IDF", naive, time.perf_counter() - t))
    return out


def _figures(city: ClassificationCity, name: str, ranked: np.ndarray, seconds: float) -> RankerFigures:
    top = ranked[:, :K]
    v = np.repeat(np.arange(top.shape[0]), K)
    listed = top.ravel() >= 0
    own = city.vacancy_trade[v[listed]] == city.worker_trade[top.ravel()[listed]]
    return RankerFigures(
        name=name,
        ndcg_at_10=ranking_ndcg(city, ranked),
        related_only_ndcg_at_10=ranking_ndcg(city, ranked, related_only=True),
        own_trade_in_top10=float(own.sum()) / float(top.shape[0] * K),
        seconds=seconds,
    )
