"""The pure matching engine (numpy, scipy, scikit-learn; no Django). See docs/matching_engine_notes.md."""

from matching.engine.arrays import (
    FEATURES,
    MatchResult,
    PairSet,
    Taxonomy,
    VacancyArrays,
    Weights,
    WorkerArrays,
)
from matching.engine.learning import FitResult, features_from_contributions, fit_weights
from matching.engine.prepare import (
    PreparedVacancies,
    PreparedWorkers,
    SkillBasis,
    build_basis,
    prepare_vacancies,
    prepare_workers,
)
from matching.engine.scoring import (
    MatchParams,
    explain_pairs,
    recommend_for_worker,
    run_matching,
    shortlist_for_vacancy,
)

__all__ = [
    "FEATURES",
    "FitResult",
    "MatchParams",
    "MatchResult",
    "PairSet",
    "PreparedVacancies",
    "PreparedWorkers",
    "SkillBasis",
    "Taxonomy",
    "VacancyArrays",
    "Weights",
    "WorkerArrays",
    "build_basis",
    "explain_pairs",
    "features_from_contributions",
    "fit_weights",
    "prepare_vacancies",
    "prepare_workers",
    "recommend_for_worker",
    "run_matching",
    "shortlist_for_vacancy",
]
