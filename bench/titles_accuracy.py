"""Accuracy and latency of the title coder on labelled agency titles.

Run from the repository root: ``python -m bench.titles_accuracy`` (add ``--errors`` to list the misses
of the project's own sets).

Sets, and who wrote them (see docs/occupation_coding.md):
- ``talent/data/labelled_titles.csv`` and ``talent/data/labelled_titles_families.csv``: written by the
  project; ``dev`` rows are used for tuning, ``test`` rows are not.
- ``bench/data/agency_titles_heldout.csv``: an independent held-out set the project did not write and
  never tunes on. Only its overall top-1/top-5 are printed, never a title or a per-title result.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from talent.coding.builtin import built_in_coder
from talent.coding.coder import TitleCoder

ROOT = Path(__file__).resolve().parents[1]
OWN_SETS = {
    "own": ROOT / "talent/data/labelled_titles.csv",
    "families": ROOT / "talent/data/labelled_titles_families.csv",
}
HELD_OUT = ROOT / "bench/data/agency_titles_heldout.csv"


def load_coder() -> TitleCoder:
    """Build the coder from the shipped CSCO 2022 files (occupations, synonyms, definitions, groups)."""
    return built_in_coder()


def load_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a labelled set with keys title and code (and split for the project's own sets)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def evaluate(coder: TitleCoder, rows: list[dict[str, str]], show_errors: bool = False) -> dict[str, float]:
    """Top-1 and top-5 accuracy over `rows`; prints each miss when `show_errors` is set."""
    top1 = top5 = 0
    for row in rows:
        suggestions = coder.suggest(row["title"], k=5)
        codes = [s.code for s in suggestions]
        top1 += bool(codes) and codes[0] == row["code"]
        top5 += row["code"] in codes
        if show_errors and (not codes or codes[0] != row["code"]):
            got = f"{codes[0]} {suggestions[0].label} {suggestions[0].score:.2f}" if codes else "-"
            print(f"  MISS [{row.get('split', '')}] {row['title']!r}: want {row['code']}, got {got}")
    n = max(len(rows), 1)
    return {"n": len(rows), "top1": top1 / n, "top5": top5 / n}


def mean_latency_ms(coder: TitleCoder, titles: list[str], repeats: int = 3) -> float:
    """Mean wall-clock milliseconds per `suggest` call over `repeats` passes of `titles`."""
    coder.suggest(titles[0])  # warm caches outside the timed loop
    start = time.perf_counter()
    for _ in range(repeats):
        for title in titles:
            coder.suggest(title, k=5)
    return (time.perf_counter() - start) * 1000 / (repeats * len(titles))


def _report(name: str, result: dict[str, float]) -> None:
    print(f"{name:16s} n={result['n']:4d}  top-1 {result['top1']:.3f}  top-5 {result['top5']:.3f}")


def main() -> None:
    """Print build time, per-set accuracy and mean suggest latency."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list every top-1 miss of the own sets")
    args = parser.parse_args()

    start = time.perf_counter()
    coder = load_coder()
    print(f"build: {time.perf_counter() - start:.2f} s for {len(coder.codes)} codes")
    titles: list[str] = []
    for set_name, path in OWN_SETS.items():
        rows = load_rows(path)
        titles += [r["title"] for r in rows]
        for split in ("dev", "test"):
            subset = [r for r in rows if r["split"] == split]
            _report(f"{set_name} {split}", evaluate(coder, subset, show_errors=args.errors))
    if HELD_OUT.exists():
        # Aggregate figures only: the held-out set is never printed, listed or tuned on.
        _report("held-out", evaluate(coder, load_rows(HELD_OUT), show_errors=False))
    else:
        print(f"held-out         not found ({HELD_OUT.relative_to(ROOT)})")
    print(f"mean suggest latency: {mean_latency_ms(coder, titles):.2f} ms")


if __name__ == "__main__":
    main()
