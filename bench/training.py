"""Benchmarks of issue 14: planning a joint recruitment drive, and what training would change.

    .venv/bin/python -m bench.training drive --workers 20000 --vacancies 50
    .venv/bin/python -m bench.training effect --workers 200000 --vacancies 20000 --trainees 500 [--verify]
    DATABASE_URL=postgres://… .venv/bin/python -m bench.training effect-city --city 330200 --trainees 500 [--park]

Both run the engine on a synthetic city (matching/engine/evaluation/generator.py) without a database:
`drive` scores the drive's vacancies against every worker (300 candidates each) and solves the
invitation plan with scipy's MILP; `effect` runs the city once (the nightly run whose shortlists the
counterfactual starts from, timed apart), then re-runs the engine for the trainees with a programme's
skills added, merges their lines into the shortlists and counts fillable posts before and after.
`--verify` also re-runs the whole changed city and checks the counterfactual against it.

`effect-city` runs the service itself (matching/services/training_effect.py) on the benchmark city in
PostgreSQL (`make bench-seed`, with a published match run): a programme teaching the skills the city's
open vacancies most often require, given to the workers it would help most (`likely_trainees`), then
`programme_effect` three times (first in a fresh process, which loads the city's workers as a Celery worker
does once and counts the run's baseline; then with the city in memory and the baseline cached, as every
further programme of a ranking; then with the cached baseline deleted, counting it again), and with
`--park` for the park with the most open posts. The programme is created in a transaction that is rolled
back: the database is left as it was.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time
from typing import Any

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_info

from matching.engine.effect import Lines, fillable_posts, prepared_subset, touched_vacancies, with_skills
from matching.engine.evaluation.generator import make_city
from matching.engine.invitations import each_takes_its_top, greedy_in_turn, plan_invitations, summarise
from matching.engine.prepare import prepare_vacancies, prepare_workers
from matching.engine.scoring import MatchParams, run_matching


def _header() -> None:
    print(f"machine: nproc={os.cpu_count()} load average {os.getloadavg()}")
    for info in threadpool_info():
        print(
            f"blas: {info.get('internal_api')} kernel={info.get('architecture')} threads={info.get('num_threads')}"
        )


def drive(args: argparse.Namespace) -> None:
    _header()
    st, workers, vacancies = make_city(args.workers, args.vacancies, seed=args.seed)
    t0 = time.perf_counter()
    params = MatchParams(candidates=300, shortlist_min=300, shortlist_per_head=0, n_jobs=1)
    pairs = run_matching(workers, vacancies, st.taxonomy, params=params).shortlists
    t1 = time.perf_counter()
    v, w, s = pairs.vacancy_index, pairs.worker_index, pairs.score.astype(np.float64)
    demand = vacancies.headcount.astype(np.int64) * args.per_post
    chosen = plan_invitations(v, w, s, demand, args.k)
    t2 = time.perf_counter()
    greedy = greedy_in_turn(v, w, s, demand, args.k)
    naive = each_takes_its_top(v, w, s, demand)
    print(
        f"drive: {args.vacancies} vacancies × {args.workers:,} workers, k={args.k}, {args.per_post} per post"
    )
    print(
        f"engine scoring (candidates, filters, re-ranking): {t1 - t0:.2f} s; {len(pairs):,} candidate pairs"
    )
    print(f"invitation plan (scipy milp, HiGHS): {t2 - t1:.2f} s; total {t2 - t0:.2f} s")
    for name, mask in (("plan", chosen), ("greedy in turn", greedy), ("each takes its top", naive)):
        print(f"  {name:20s} {summarise(mask, v, w, s, demand, args.k)}")


def effect(args: argparse.Namespace) -> None:
    _header()
    st, workers, vacancies = make_city(args.workers, args.vacancies, seed=args.seed)
    params = MatchParams(n_jobs=args.jobs)
    t0 = time.perf_counter()
    pw = prepare_workers(workers, st.taxonomy)
    pv = prepare_vacancies(vacancies, pw.basis)
    baseline = Lines.from_pairs(
        run_matching(pw, pv, st.taxonomy, params=params).shortlists, vacancies.ids, workers.ids
    )
    t1 = time.perf_counter()
    print(
        f"city: {args.workers:,} workers × {args.vacancies:,} vacancies; nightly run (not part of the counterfactual): {t1 - t0:.1f} s"
    )
    # The programme: the skills most often missing on unqualified shortlist lines, taught at level 3;
    # the trainees: the workers with the most such lines.
    near = ~baseline.qualified
    trainee_ids = np.unique(baseline.worker[near])[: args.trainees]
    lines_v = np.flatnonzero(near & np.isin(baseline.worker, trainee_ids))
    required = vacancies.required[np.searchsorted(vacancies.ids, baseline.vacancy[lines_v])]
    columns = np.argsort(-np.asarray(required.sum(axis=0)).ravel())[: args.skills].astype(np.int32)
    levels = np.full(columns.size, 3)
    sizes = dict(
        zip(vacancies.ids.tolist(), params.shortlist_sizes(vacancies.headcount).tolist(), strict=True)
    )
    open_posts = dict(zip(vacancies.ids.tolist(), vacancies.headcount.tolist(), strict=True))
    occupation_of = {int(i): str(o) for i, o in zip(vacancies.ids, vacancies.occupation, strict=True)}
    t2 = time.perf_counter()
    positions = np.searchsorted(workers.ids, trainee_ids)
    trained = with_skills(workers.subset(positions), columns, levels, cert=None)
    touched = prepared_subset(pv, touched_vacancies(vacancies, columns))
    prepared = prepare_workers(trained, st.taxonomy, basis=pw.basis)
    new = Lines.from_pairs(
        run_matching(prepared, touched, st.taxonomy, params=MatchParams(n_jobs=1)).shortlists,
        touched.arrays.ids,
        trained.ids,
    )
    after_lines = baseline.replacing(trainee_ids, touched.arrays.ids, new, sizes)
    t3 = time.perf_counter()
    before = fillable_posts(baseline, open_posts, occupation_of)
    after = fillable_posts(after_lines, open_posts, occupation_of)
    t4 = time.perf_counter()
    print(
        f"counterfactual for {trainee_ids.size} trainees, {columns.size} skills taught, {len(touched):,} vacancies ask for them:"
    )
    print(f"  engine re-run for the trainees and merge into the shortlists: {t3 - t2:.2f} s")
    print(f"  fillable posts (max bipartite matching, twice): {t4 - t3:.2f} s; total {t4 - t2:.2f} s")
    print(f"  posts fillable: {before.total:,} → {after.total:,} (+{after.total - before.total})")
    if args.verify:
        everyone = np.zeros(len(workers), dtype=bool)
        everyone[positions] = True
        raised = with_skills(workers, columns, levels, cert=None)
        # Only the trainees change: their rows from `raised`, everyone else's as they were.
        keep = sp.diags((~everyone).astype(np.float32)) @ workers.skills
        add = sp.diags(everyone.astype(np.float32)) @ raised.skills
        changed = dataclasses.replace(workers, skills=(keep + add).tocsr())
        cw = prepare_workers(changed, st.taxonomy, basis=pw.basis)
        cv = prepare_vacancies(vacancies, cw.basis)
        rerun = Lines.from_pairs(
            run_matching(cw, cv, st.taxonomy, params=params).shortlists, vacancies.ids, workers.ids
        )
        real = fillable_posts(rerun, open_posts, occupation_of)
        print(f"  full re-run of the changed city: {real.total:,} posts fillable; equal: {real == after}")


def _benchmark_programme(city: Any, skills: int) -> Any:
    """A provider and programme (in the caller's transaction) teaching, at level 3, the skills the city's
    open vacancies most often require."""
    from django.db.models import Count

    from enterprises.models import Vacancy, VacancySkill
    from talent.models import Importance
    from training.models import Programme, ProgrammeSkill, Provider

    top = (
        VacancySkill.objects.filter(
            vacancy__city=city, vacancy__status=Vacancy.Status.OPEN, importance=Importance.REQUIRED
        )
        .values("skill_id")
        .annotate(n=Count("id"))
        .order_by("-n", "skill_id")[:skills]
    )
    provider = Provider.objects.create(name="基准测试学院", kind=Provider.Kind.COLLEGE, city=city)
    programme = Programme.objects.create(
        provider=provider, title="基准测试课程", hours=40, cost=1500, subsidy_per_trainee=1500
    )
    ProgrammeSkill.objects.bulk_create(
        ProgrammeSkill(programme=programme, skill_id=row["skill_id"], level=3) for row in top
    )
    return programme


def _trainees(programme: Any, city: Any, n: int, park_id: int | None = None) -> list[int]:
    """The n workers the programme would help most (timed); topped up with other workers of the city."""
    from matching.services.training_effect import likely_trainees
    from talent.models import WorkerProfile

    started = time.perf_counter()
    chosen = likely_trainees(programme=programme, city_id=city.pk, limit=n, park_id=park_id)
    print(f"  likely_trainees: {len(chosen)} workers in {time.perf_counter() - started:.1f} s")
    if len(chosen) < n:
        more = WorkerProfile.objects.filter(home_city=city).exclude(pk__in=chosen).order_by("pk")
        chosen += list(more.values_list("pk", flat=True)[: n - len(chosen)])
    return chosen


def _timed_effect(label: str, programme: Any, trainees: list[int], city: Any, park_id: int | None) -> None:
    from matching.services.training_effect import programme_effect

    started = time.perf_counter()
    effect = programme_effect(programme=programme, worker_ids=trainees, city_id=city.pk, park_id=park_id)
    wall = time.perf_counter() - started
    print(
        f"  {label}: {wall:.1f} s wall; steps {effect.seconds}; before from the cache: {effect.before_cached}; "
        f"{effect.trainees} trainees; posts fillable {effect.before.total:,} → {effect.after.total:,} "
        f"(+{effect.extra_posts})"
    )


def effect_city(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrmatch.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import transaction
    from django.db.models import Count, Q

    from matching.models import Match, MatchRun
    from matching.selectors import current_run_id
    from matching.services.baselines import baseline_key
    from pilots.models import Park, PilotCity
    from talent.models import WorkerProfile

    _header()
    city = PilotCity.objects.get(code=args.city)
    run_id = current_run_id(city.pk)
    if run_id is None:
        raise SystemExit(f"city {args.city} has no published match run: run `make bench-city` first")
    lines = Match.objects.filter(run_id=run_id, direction=Match.Direction.SHORTLIST).count()
    workers = WorkerProfile.objects.filter(home_city=city).count()
    print(f"city {args.city}: {workers:,} workers; run {run_id} with {lines:,} shortlist lines")
    with transaction.atomic():
        programme = _benchmark_programme(city, args.skills)
        print(
            f"programme teaching {programme.skill_links.count()} skills at level 3, {args.trainees} trainees:"
        )
        trainees = _trainees(programme, city, args.trainees)
        _timed_effect("programme_effect, fresh process (loads the city)", programme, trainees, city, None)
        _timed_effect("programme_effect, city in memory (baseline cached)", programme, trainees, city, None)
        cache.delete(baseline_key(MatchRun.objects.get(pk=run_id), None))
        _timed_effect(
            "programme_effect, city in memory, baseline counted again", programme, trainees, city, None
        )
        if args.park:
            open_posts = Count("enterprises__vacancies", filter=Q(enterprises__vacancies__status="open"))
            park = Park.objects.filter(city=city).annotate(n=open_posts).order_by("-n", "pk").first()
            if park is not None:
                print(f"park {park.pk} ({park.name_zh}, {park.n:,} open vacancies):")
                in_park = _trainees(programme, city, args.trainees, park.pk)
                _timed_effect("programme_effect for the park", programme, in_park, city, park.pk)
        transaction.set_rollback(True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="what", required=True)
    d = sub.add_parser("drive")
    d.add_argument("--workers", type=int, default=20_000)
    d.add_argument("--vacancies", type=int, default=50)
    d.add_argument("--k", type=int, default=2)
    d.add_argument("--per-post", type=int, default=3)
    d.add_argument("--seed", type=int, default=3)
    e = sub.add_parser("effect")
    e.add_argument("--workers", type=int, default=200_000)
    e.add_argument("--vacancies", type=int, default=20_000)
    e.add_argument("--trainees", type=int, default=500)
    e.add_argument("--skills", type=int, default=5)
    e.add_argument("--jobs", type=int, default=2)
    e.add_argument("--seed", type=int, default=3)
    e.add_argument("--verify", action="store_true")
    c = sub.add_parser("effect-city")
    c.add_argument("--city", default="330200")
    c.add_argument("--trainees", type=int, default=500)
    c.add_argument("--skills", type=int, default=5)
    c.add_argument("--park", action="store_true")
    args = parser.parse_args()
    {"drive": drive, "effect": effect, "effect-city": effect_city}[args.what](args)


if __name__ == "__main__":
    main()
