"""The evaluation's report: plain text or Markdown tables."""

from __future__ import annotations

import numpy as np

from matching.engine.evaluation.ablation import Evaluation
from matching.engine.evaluation.classification import ClassificationCity, RankerFigures
from matching.engine.evaluation.metrics import RECALL_K, Metrics


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


def format_classification(
    city: ClassificationCity, figures: list[RankerFigures], markdown: bool = False
) -> str:
    """The rankers on the classification city: nDCG@10, related-trades-only nDCG@10, own-trade share."""
    trades = len(set(city.vacancy_trade.tolist()))
    intro = (
        f"Classification city (seed {city.seed}): {len(city.vacancies)} vacancies of {trades} trades, "
        f"{len(city.workers):,} workers of {len(set(city.worker_trade.tolist()))} trades "
        f"(median {int(np.median(np.diff(city.workers.skills.indptr)))} skills each)."
    )
    header = ["Ranker", "nDCG@10", "related trades only nDCG@10", "own trade in top 10", "Run s"]
    rows = [
        [
            f.name,
            f"{f.ndcg_at_10:.3f}",
            f"{f.related_only_ndcg_at_10:.3f}",
            f"{f.own_trade_in_top10:.0%}",
            f"{f.seconds:.1f}",
        ]
        for f in figures
    ]
    note = (
        "Grade 2: the vacancy's own trade; grade 1: a related trade by the classification (same minor "
        "group, or among the most alike official definitions and task lists); gain 2^grade − 1. "
        "Related trades only: the own trade's workers removed from the ranking and the ideal."
    )
    return "\n\n".join([intro, _table(header, rows, markdown), note])
