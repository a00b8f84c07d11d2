"""Benchmark of the matching engine on a synthetic city.

    python -m bench.engine                      # the full city: 1,000,000 workers × 100,000 vacancies
    python -m bench.engine --quick              # 50,000 × 5,000
    python -m bench.engine --workers N --vacancies M [--jobs J] [--fast-calls K]

Prints, from one run: both directions end to end, the engine stages, peak RSS, the BLAS floor (a plain
float32 dense product of the same pair count, timed on a slice and extrapolated) and engine ÷ floor, a
naive per-pair Python loop (timed on a sample, extrapolated) and naive ÷ engine, selection on its own,
the fast paths' p50/p95, and the BLAS library and kernel.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from typing import Any

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from bench.naive import naive_pairs_per_second
from matching.engine.evaluation.generator import make_city
from matching.engine.prepare import prepare_vacancies, prepare_workers
from matching.engine.scoring import MatchParams, recommend_for_worker, run_matching, shortlist_for_vacancy


def _rss_gib() -> tuple[float, float]:
    """Peak RSS of this process and of the largest finished child, GiB (ru_maxrss is in KiB on Linux)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    return own, child


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished (joined) children, e.g. the pool."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + child.ru_utime + child.ru_stime


def _cpu_model() -> str:
    """CPU model name from /proc/cpuinfo (or the platform string)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _floor_seconds(n: int, m: int, k: int, threads: int) -> float:
    """Time a float32 (256 × k) @ (k × cols) product on a slice and extrapolate to n × m pairs."""
    rng = np.random.default_rng(0)
    cols = min(n, 131_072)
    a = rng.standard_normal((256, k), dtype=np.float32)
    b = rng.standard_normal((k, cols), dtype=np.float32)
    out = np.empty((256, cols), dtype=np.float32)
    with threadpool_limits(threads):
        np.matmul(a, b, out=out)
        reps = 5
        t = time.perf_counter()
        for _ in range(reps):
            np.matmul(a, b, out=out)
        dt = (time.perf_counter() - t) / reps
    return dt * (n * m) / (256 * cols)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    arr = np.array(samples) * 1e3
    return float(np.percentile(arr, 50)), float(np.percentile(arr, 95))


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=1_000_000)
    ap.add_argument("--vacancies", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="50,000 workers × 5,000 vacancies")
    ap.add_argument("--jobs", type=int, default=None, help="engine processes (default: CPUs)")
    ap.add_argument("--fast-calls", type=int, default=200)
    ap.add_argument("--naive-pairs", type=int, default=20_000)
    ap.add_argument(
        "--same-trade", type=int, default=None, help="candidates_same_trade (default: the engine's)"
    )
    ap.add_argument("--related", type=int, default=None, help="candidates_related (default: the engine's)")
    return ap.parse_args(argv)


def _print_machine() -> None:
    """The machine, the BLAS kernel and its threads: every figure below depends on them."""
    print(f"machine: nproc={os.cpu_count()} cpu={_cpu_model()!r} python={platform.python_version()}")
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    for info in threadpool_info():
        print(
            f"blas: {info.get('internal_api')} {info.get('version')} kernel={info.get('architecture')} "
            f"threads={info.get('num_threads')} ({info.get('filepath')})"
        )


def _run_engine(
    args: argparse.Namespace, st: Any, workers: Any, vacancies: Any, jobs: int
) -> tuple[Any, ...]:
    """Prepare and run the engine on the whole city; return what the later figures need."""
    print(f"load average before the run: {os.getloadavg()}")
    cpu0 = _cpu_seconds()
    t_engine = time.perf_counter()
    pw = prepare_workers(workers, st.taxonomy)
    pv = prepare_vacancies(vacancies, pw.basis)
    t_prepare = time.perf_counter() - t_engine
    print(f"prepare (idf, smoothing, matrices): {t_prepare:.1f} s")
    budgets = {"candidates_same_trade": args.same_trade, "candidates_related": args.related}
    params = MatchParams(n_jobs=jobs, **{k: v for k, v in budgets.items() if v is not None})
    print(
        f"candidate budgets: {params.candidates} by skills, {params.candidates_same_trade} same trade, "
        f"{params.candidates_related} related trades"
    )
    result = run_matching(pw, pv, st.taxonomy, params=params)
    engine_s = time.perf_counter() - t_engine
    engine_cpu = _cpu_seconds() - cpu0
    own_rss, child_rss = _rss_gib()
    print(f"load average after the run: {os.getloadavg()}")
    return pw, pv, params, result, engine_s, engine_cpu, own_rss, child_rss


def _print_run_figures(
    result: Any, m: int, jobs: int, engine_s: float, engine_cpu: float, own_rss: float, child_rss: float
) -> None:
    """The run's stages, candidate counts, memory and outputs."""
    tm = result.timings
    print(f"full run, both directions, engine only: {engine_s:.1f} s (target ≤ 300 s at 1M × 100k)")
    print(
        f"  CPU time of the run (rusage, parent + pool processes): {engine_cpu:.1f} CPU-s "
        f"= {engine_cpu / jobs:.1f} s per core on {jobs} cores (what a quiet machine needs, roughly)"
    )
    for key in ("spatial_index", "candidates_and_rerank", "select_outputs", "explain"):
        print(f"  {key}: {tm.get(key, 0.0):.1f} s wall")
    print(
        f"  pairs scanned (spatial pruning): {tm.get('scanned_fraction', 1.0):.3f} of vacancies × eligible "
        "workers"
    )
    print(
        "  stage seconds summed over processes (perf_counter inside each process: inflated by other load): "
        + ", ".join(f"{k[4:]} {v:.1f}" for k, v in tm.items() if k.startswith("cpu_"))
    )
    print(
        f"  candidate pairs re-ranked: {tm.get('candidate_pairs', 0.0):,.0f} "
        f"({tm.get('candidate_pairs', 0.0) / max(m, 1):.0f} per vacancy); pairs of the same or a related "
        f"trade passing the filters: {tm.get('trade_pairs', 0.0):,.0f}"
    )
    sel = tm.get("cpu_selection", 0.0)
    prod = tm.get("cpu_product", 0.0)
    print(
        f"selection alone: {sel:.1f} s summed over processes ≈ {sel / jobs:.1f} s wall on {jobs} processes "
        f"({sel / max(prod, 1e-9):.2f} × the products + masks)"
    )
    print(f"peak RSS: parent {own_rss:.2f} GiB, largest child {child_rss:.2f} GiB (target ≤ 4 GiB)")
    print(
        f"outputs: {len(result.shortlists):,} shortlist pairs, {len(result.recommendations):,} recommendation "
        f"pairs ({np.unique(result.recommendations.worker_index).shape[0]:,} workers with any)"
    )


def _print_floor_and_naive(
    st: Any,
    workers: Any,
    vacancies: Any,
    pw: Any,
    args: argparse.Namespace,
    n: int,
    m: int,
    jobs: int,
    engine_s: float,
) -> None:
    """The engine against the dense-product floor and against a naive per-pair loop."""
    s = st.taxonomy.skill_count
    floor_s = _floor_seconds(n, m, s, threads=jobs)
    floor_64 = _floor_seconds(n, m, 64, threads=jobs)
    print(
        f"floor: float32 dense product of {n * m:.3g} pairs, inner dim {s} (skills): {floor_s:.1f} s; "
        f"engine ÷ floor = {engine_s / floor_s:.2f}"
    )
    print(
        f"       (inner dim 64, a low-rank projection: {floor_64:.1f} s; engine ÷ that = {engine_s / floor_64:.2f})"
    )

    rate = naive_pairs_per_second(workers, vacancies, pw.basis.idf, n_pairs=args.naive_pairs)
    naive_s = n * m / rate
    print(
        f"naive per-pair Python loop: {rate:,.0f} pairs/s on one core → {naive_s:,.0f} s "
        f"({naive_s / 86400:.1f} days); naive ÷ engine = {naive_s / engine_s:,.0f}"
    )


def _print_fast_paths(
    st: Any,
    workers: Any,
    vacancies: Any,
    pw: Any,
    pv: Any,
    params: Any,
    args: argparse.Namespace,
    n: int,
    m: int,
) -> None:
    """Latency of the single-vacancy and single-worker refresh paths."""
    rng = np.random.default_rng(7)
    calls = args.fast_calls
    vac_idx = rng.integers(0, m, calls)
    samples = []
    for i in vac_idx:
        one = vacancies.subset(slice(int(i), int(i) + 1))
        t = time.perf_counter()
        shortlist_for_vacancy(pw, one, st.taxonomy, params=params)
        samples.append(time.perf_counter() - t)
    p50, p95 = _percentiles(samples)
    print(
        f"fast path shortlist_for_vacancy among {n:,} workers: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        f"over {calls} calls (target p95 ≤ 100 ms)"
    )
    wk_idx = rng.integers(0, n, calls)
    samples = []
    for j in wk_idx:
        one = workers.subset(slice(int(j), int(j) + 1))
        t = time.perf_counter()
        recommend_for_worker(one, pv, st.taxonomy, params=params)
        samples.append(time.perf_counter() - t)
    p50, p95 = _percentiles(samples)
    print(
        f"fast path recommend_for_worker among {m:,} vacancies: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        f"over {calls} calls (target p95 ≤ 50 ms)"
    )


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its figures."""
    args = _parse_args(argv)
    n, m = (50_000, 5_000) if args.quick else (args.workers, args.vacancies)
    jobs = args.jobs or os.cpu_count() or 1
    _print_machine()
    print(f"city: {n:,} workers × {m:,} vacancies = {n * m:.3g} pairs; engine processes: {jobs}")

    t = time.perf_counter()
    st, workers, vacancies = make_city(n, m)
    print(f"generate: {time.perf_counter() - t:.1f} s; worker skills nnz {workers.skills.nnz:,}")

    pw, pv, params, result, engine_s, engine_cpu, own_rss, child_rss = _run_engine(
        args, st, workers, vacancies, jobs
    )
    _print_run_figures(result, m, jobs, engine_s, engine_cpu, own_rss, child_rss)
    _print_floor_and_naive(st, workers, vacancies, pw, args, n, m, jobs, engine_s)
    _print_fast_paths(st, workers, vacancies, pw, pv, params, args, n, m)
    own_rss, child_rss = _rss_gib()
    print(f"peak RSS at the end: parent {own_rss:.2f} GiB, largest child {child_rss:.2f} GiB")


if __name__ == "__main__":
    main()
