"""Weight refitting from feedback."""

from __future__ import annotations

import numpy as np
import pytest

from matching.engine import FEATURES, Weights, features_from_contributions, fit_weights

DIST = FEATURES.index("distance")


def _feedback(n: int, seed: int, signal: bool) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.random((n, len(FEATURES)))
    # With signal, HR keeps the candidates who live close, whatever their skills.
    p = 1 / (1 + np.exp(-(12 * (x[:, DIST] - 0.6)))) if signal else np.full(n, 0.3)
    return x, rng.random(n) < p


def test_learns_weights_that_favour_the_informative_feature() -> None:
    x, y = _feedback(3000, 1, signal=True)
    res = fit_weights(x, y, seed=0)
    assert res.improved
    assert res.auc_holdout > res.auc_baseline + 0.05
    w = res.weights.as_array()
    assert w.argmax() == DIST and np.all(w >= 0)
    assert w.sum() == pytest.approx(Weights().as_array().sum())
    assert res.n_train + res.n_test == 3000


def test_keeps_defaults_on_noise() -> None:
    x, y = _feedback(3000, 2, signal=False)
    res = fit_weights(x, y, seed=0)
    assert not res.improved
    assert res.weights == Weights()


def test_keeps_defaults_with_too_little_data() -> None:
    x, y = _feedback(150, 3, signal=True)
    res = fit_weights(x, y, min_samples=200)
    assert not res.improved and res.weights == Weights() and res.n_train == 0


def test_deterministic_for_a_seed() -> None:
    x, y = _feedback(1500, 4, signal=True)
    a, b = fit_weights(x, y, seed=3), fit_weights(x, y, seed=3)
    np.testing.assert_array_equal(a.weights.as_array(), b.weights.as_array())
    assert a.auc_holdout == b.auc_holdout


def test_contributions_convert_back_to_features() -> None:
    rng = np.random.default_rng(0)
    feats = rng.random((10, len(FEATURES)))
    w = Weights()
    contrib = feats * (w.as_array() / w.as_array().sum())
    np.testing.assert_allclose(features_from_contributions(contrib, w), feats)
