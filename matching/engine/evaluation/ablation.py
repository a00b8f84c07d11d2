"""The ablation: the full model, each feature at weight 0, no skill smoothing and the skills-only
baseline, run on the planted city and scored against its labels."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.engine.arrays import FEATURES, MatchResult, PairSet, Taxonomy, Weights
from matching.engine.evaluation.metrics import NDCG_K, RECALL_K, Metrics, evaluate_result, pair_ranks
from matching.engine.evaluation.planted import KIND_GRADE, KIND_NAMES, EvaluationCity
from matching.engine.prepare import (
    PreparedVacancies,
    PreparedWorkers,
    SkillBasis,
    build_basis,
    prepare_vacancies,
    prepare_workers,
)
from matching.engine.scoring import MatchParams, explain_pairs, run_matching


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
