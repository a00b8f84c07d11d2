"""Benchmarks of issue 14: planning a joint recruitment drive, and what training would change.

    .venv/bin/python -m bench.training drive --workers 20000 --vacancies 50
    .venv/bin/python -m bench.training effect --workers 200000 --vacancies 20000 --trainees 500 [--verify]

Both run the engine on a synthetic city (matching/engine/evaluation/generator.py) without a database:
`drive` scores the drive's vacancies against every worker (300 candidates each) and solves the
invitation plan with scipy's MILP; `effect` runs the city once (the nightly run whose shortlists the
counterfactual starts from, timed apart), then re-runs the engine for the trainees with a programme's
skills added, merges their lines into the shortlists and counts fillable posts before and after.
`--verify` also re-runs the whole changed city and checks the counterfactual against it.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time

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
    args = parser.parse_args()
    {"drive": drive, "effect": effect}[args.what](args)


if __name__ == "__main__":
    main()
