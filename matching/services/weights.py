"""The scoring model's versions: the nightly refit of the re-ranking weights from factory HR feedback."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from matching.engine.arrays import FEATURES, Weights
from matching.engine.learning import fit_weights
from matching.feedback import feedback_labels
from matching.models import ScoringModel

MIN_FEEDBACK = 200


def active_weights() -> tuple[Weights, ScoringModel | None]:
    """The weights of the scoring model in use, or the defaults when no refit has beaten them yet."""
    model = ScoringModel.objects.filter(is_active=True).first()
    if model is None:
        return Weights(), None
    return Weights.from_mapping(model.weights, version=model.version), model


def weights_of(model: ScoringModel | None) -> Weights:
    """The weights a run was scored with (the defaults for a run without a model)."""
    return Weights() if model is None else Weights.from_mapping(model.weights, version=model.version)


def scoring_model_refit(*, seed: int = 0, min_samples: int = MIN_FEEDBACK) -> ScoringModel | None:
    """Fit weights on every decided application; record the attempt, and use it only if it beats the current
    weights on held-out feedback. Returns the recorded version, or None when there was too little feedback."""
    features, labels = feedback_labels()
    current, _model = active_weights()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    result = fit_weights(
        features, labels, baseline=current, min_samples=min_samples, seed=seed, version=f"fit-{stamp}"
    )
    if result.n_train == 0:
        return None
    with transaction.atomic():
        if result.improved:
            ScoringModel.objects.filter(is_active=True).update(is_active=False)
        return ScoringModel.objects.create(
            version=f"fit-{stamp}" if result.improved else f"fit-{stamp}-kept",
            weights={name: float(getattr(result.weights, name)) for name in FEATURES},
            training_size=result.n_train + result.n_test,
            auc_holdout=result.auc_holdout,
            baseline_auc=result.auc_baseline,
            is_active=result.improved,
        )
