import numpy as np
import pytest

from matching.engine.arrays import FEATURES
from matching.models import Application, MatchRun, ScoringModel
from matching.services import runs
from matching.services.weights import active_weights, scoring_model_refit
from matching.tasks import refit_scoring_model, run_city_matching
from tests import factories
from tests.matching.city import build_small_city

pytestmark = pytest.mark.django_db


def feedback(n: int, *, favour: str | None, seed: int = 0) -> None:
    """n decided applications whose outcome follows one feature (or is noise when favour is None)."""
    rng = np.random.default_rng(seed)
    worker = factories.WorkerProfileFactory()
    rows = []
    for _ in range(n):
        features = {name: float(rng.random()) for name in FEATURES}
        good = features[favour] > 0.5 if favour else rng.random() > 0.5
        vacancy = factories.VacancyFactory(enterprise__city=worker.home_city)
        rows.append(
            Application(
                worker=worker,
                vacancy=vacancy,
                source="suggested",
                stage="hired" if good else "rejected",
                reason="" if good else "经验不符",
                match_features=features,
            )
        )
    Application.objects.bulk_create(rows)


def test_too_little_feedback_keeps_the_default_weights():
    feedback(50, favour="distance")
    assert scoring_model_refit() is None
    assert active_weights()[1] is None and not ScoringModel.objects.exists()


def test_feedback_that_favours_distance_makes_a_new_active_version_used_by_the_next_run():
    feedback(400, favour="distance")
    model = scoring_model_refit()
    assert model.is_active and model.training_size == 400
    assert model.auc_holdout > model.baseline_auc
    assert model.weights["distance"] == max(model.weights.values())
    small = build_small_city(workers=6)
    run = MatchRun.objects.get(pk=run_city_matching.delay(small.city.pk).get())
    assert run.scoring_model == model


def test_noise_is_recorded_but_does_not_replace_the_weights_in_use():
    feedback(400, favour=None, seed=3)
    version = refit_scoring_model.delay().get()
    recorded = ScoringModel.objects.get(version=version)
    assert not recorded.is_active and recorded.version.endswith("-kept")
    assert active_weights()[1] is None
    assert runs.engine_params().recommendations == 20
