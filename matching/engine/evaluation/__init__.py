"""Offline evaluation of the matching engine, and the city generators the tests and benchmarks use.

- ``generator``: the synthetic city (tests, ``bench/engine.py``) and the primitives every city shares;
- ``tables``: the real taxonomy's CSVs in the engine's encoding;
- ``planted``: the planted-truth city (true fits, near misses, decoys) on the real taxonomy;
- ``metrics``, ``ablation``, ``report``: the metrics, the ablation run and its tables.

Pure numpy/scipy: the taxonomy CSVs are read from a directory passed in, nothing here imports Django.
"""

from matching.engine.evaluation.ablation import Evaluation, KindStats, Variant, ablation_weights, evaluate
from matching.engine.evaluation.metrics import (
    Metrics,
    evaluate_result,
    hit_at_k,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
    reciprocal_rank,
)
from matching.engine.evaluation.planted import EvaluationCity, build_evaluation_city
from matching.engine.evaluation.report import format_report

__all__ = [
    "Evaluation",
    "EvaluationCity",
    "KindStats",
    "Metrics",
    "Variant",
    "ablation_weights",
    "build_evaluation_city",
    "evaluate",
    "evaluate_result",
    "format_report",
    "hit_at_k",
    "ndcg_at_k",
    "precision_at_k",
    "recall_at_k",
    "reciprocal_rank",
]
