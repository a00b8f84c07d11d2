"""Accuracy and latency of `TitleCoder` on the hand-labelled agency titles.

Run from the repository root: ``python -m bench.titles_accuracy`` (add ``--errors`` to list misses).
Tune only against the dev split; the test split is the honest figure quoted in docs/occupation_coding.md.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from talent.coding.coder import TitleCoder

ROOT = Path(__file__).resolve().parents[1]
OCCUPATIONS = ROOT / "talent/data/csco2022_occupations.csv"
SYNONYMS = ROOT / "talent/data/occupation_synonyms.csv"
LABELLED = ROOT / "talent/data/labelled_titles.csv"


def load_coder() -> TitleCoder:
    """Build the coder from the shipped CSCO 2022 file and synonym list."""
    with OCCUPATIONS.open(encoding="utf-8") as fh:
        occupations = [(r["code"], r["name"], int(r["level"])) for r in csv.DictReader(fh)]
    with SYNONYMS.open(encoding="utf-8") as fh:
        synonyms = [(r["occupation_code"], r["term"]) for r in csv.DictReader(fh)]
    return TitleCoder.from_rows(occupations, synonyms)


def load_labelled() -> list[dict[str, str]]:
    """Rows of the labelled set with keys title, code and split."""
    with LABELLED.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def evaluate(coder: TitleCoder, rows: list[dict[str, str]], show_errors: bool = False) -> dict[str, float]:
    """Top-1 and top-5 accuracy over `rows`; prints each miss when `show_errors` is set."""
    top1 = top5 = 0
    for row in rows:
        codes = [s.code for s in coder.suggest(row["title"], k=5)]
        top1 += bool(codes) and codes[0] == row["code"]
        top5 += row["code"] in codes
        if show_errors and (not codes or codes[0] != row["code"]):
            got = coder.suggest(row["title"], k=1)
            got_txt = f"{got[0].code} {got[0].name} {got[0].score:.2f}" if got else "-"
            print(f"  MISS [{row['split']}] {row['title']!r}: want {row['code']}, got {got_txt}")
    n = max(len(rows), 1)
    return {"n": len(rows), "top1": top1 / n, "top5": top5 / n}


def mean_latency_ms(coder: TitleCoder, titles: list[str], repeats: int = 5) -> float:
    """Mean wall-clock milliseconds per `suggest` call over `repeats` passes of `titles`."""
    coder.suggest(titles[0])  # warm caches outside the timed loop
    start = time.perf_counter()
    for _ in range(repeats):
        for title in titles:
            coder.suggest(title, k=5)
    return (time.perf_counter() - start) * 1000 / (repeats * len(titles))


def main() -> None:
    """Print build time, per-split accuracy and mean suggest latency."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list every top-1 miss")
    args = parser.parse_args()

    start = time.perf_counter()
    coder = load_coder()
    build_s = time.perf_counter() - start
    rows = load_labelled()
    print(f"build: {build_s:.2f} s for {len(coder.codes)} codes")
    for split in ("dev", "test"):
        subset = [r for r in rows if r["split"] == split]
        res = evaluate(coder, subset, show_errors=args.errors)
        print(f"{split:5s} n={res['n']:4d}  top-1 {res['top1']:.3f}  top-5 {res['top5']:.3f}")
    print(f"mean suggest latency: {mean_latency_ms(coder, [r['title'] for r in rows]):.2f} ms")


if __name__ == "__main__":
    main()
