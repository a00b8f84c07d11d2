"""Refitting the feature weights from HR feedback (shortlisted/interviewed/hired = positive).

A logistic regression with non-negative coefficients on the per-pair features; its coefficients,
rescaled to the defaults' total, become the new weights only when they rank a held-out split better
(ROC AUC) than the current defaults do. Deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from matching.engine.arrays import FEATURES, Weights

MIN_IMPROVEMENT = 0.005  # AUC points; smaller gains are noise on a few hundred labels
TEST_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class FitResult:
    """Outcome of a refit: the weights to use (the baseline's when not improved) and the evidence."""

    weights: Weights
    auc_holdout: float  # held-out AUC of the returned weights (nan when nothing could be measured)
    auc_baseline: float  # held-out AUC of the baseline weights
    n_train: int
    n_test: int
    improved: bool


def features_from_contributions(contributions: np.ndarray, weights: Weights) -> np.ndarray:
    """Recover features (in [0, 1]) from stored contributions (w_f·x_f / Σw); zero-weight features → 0."""
    wv = weights.as_array()
    scale = wv / wv.sum()
    return np.divide(
        contributions,
        scale[None, :],
        out=np.zeros_like(contributions, dtype=np.float64),
        where=scale[None, :] > 0,
    )


def _auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """ROC AUC, or nan when the labels hold a single class."""
    if labels.min() == labels.max():
        return float("nan")
    return float(roc_auc_score(labels, scores))


def _nonnegative_logistic(x: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
    """Logistic coefficients constrained to ≥ 0 by an active set: fit, drop the features whose
    coefficient is negative, refit on the rest (scikit-learn's LogisticRegression has no ``positive``).

    A feature can thus be ignored but never inverted (a worker further away never scores higher).
    """
    active = np.ones(x.shape[1], dtype=bool)
    coef = np.zeros(x.shape[1])
    for _ in range(x.shape[1]):
        if not active.any():
            break
        model = LogisticRegression(C=1.0, max_iter=1000, random_state=seed)
        model.fit(x[:, active], y)
        c = model.coef_.ravel()
        if (c >= 0).all():
            coef[:] = 0.0
            coef[active] = c
            break
        idx = np.flatnonzero(active)
        active[idx[c < 0]] = False
    return coef


def fit_weights(
    features: np.ndarray,
    labels: np.ndarray,
    *,
    baseline: Weights | None = None,
    min_samples: int = 200,
    seed: int = 0,
    version: str | None = None,
) -> FitResult:
    """Fit non-negative weights on (n × F) features in [0, 1] (not contributions: convert those with
    ``features_from_contributions``) and boolean labels; keep ``baseline`` (default weights) unless the
    fit beats it on a stratified held-out split by at least MIN_IMPROVEMENT AUC.

    Too few samples (< ``min_samples``) or a single class keeps the baseline without fitting.
    """
    baseline = baseline or Weights()
    x = np.asarray(features, dtype=np.float64)
    y = np.asarray(labels, dtype=bool).ravel()
    if x.ndim != 2 or x.shape[1] != len(FEATURES) or x.shape[0] != y.shape[0]:
        raise ValueError(f"features must be (n × {len(FEATURES)}) with one label per row")
    n = x.shape[0]
    positives = int(y.sum())
    if n < min_samples or positives < 2 or n - positives < 2:
        return FitResult(baseline, float("nan"), float("nan"), 0, 0, improved=False)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=TEST_SHARE, random_state=seed, stratify=y)
    base_w = baseline.as_array()
    auc_base = _auc(y_te, x_te @ base_w)
    coef = _nonnegative_logistic(x_tr, y_tr, seed)
    if coef.sum() <= 0:
        return FitResult(baseline, auc_base, auc_base, x_tr.shape[0], x_te.shape[0], improved=False)
    # Same total as the baseline so scores stay on a comparable scale in the UI.
    new_w = coef / coef.sum() * base_w.sum()
    auc_new = _auc(y_te, x_te @ new_w)
    improved = bool(np.isfinite(auc_new) and np.isfinite(auc_base) and auc_new >= auc_base + MIN_IMPROVEMENT)
    if not improved:
        return FitResult(baseline, auc_base, auc_base, x_tr.shape[0], x_te.shape[0], improved=False)
    fitted = Weights.from_array(new_w, version=version or f"fit-{seed}-{x_tr.shape[0]}")
    return FitResult(fitted, auc_new, auc_base, x_tr.shape[0], x_te.shape[0], improved=True)
