"""Factory HR decisions on candidates, turned into training rows for the nightly refit of the weights."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping

import numpy as np
from django.db.models import Exists, OuterRef, Q

from matching.engine.arrays import FEATURES
from matching.models import Application, ApplicationEvent, JobMark

# Column order of the feature matrix: the engine's parts, as Match.PART_FIELDS without "_part".
FEATURE_NAMES: tuple[str, ...] = FEATURES
Stage = Application.Stage
# Inviting the engine's candidate to apply is HR's "good on paper" for one who has not applied yet.
POSITIVE_STAGES: tuple[str, ...] = (
    Stage.INVITED,
    Stage.SHORTLISTED,
    Stage.INTERVIEWING,
    Stage.OFFERED,
    Stage.HIRED,
)


def normalize_features(features: Mapping[str, object]) -> dict[str, float]:
    """Keep the known parts as floats; accept `skills_part` as well as `skills`. Unknown keys raise."""
    clean: dict[str, float] = {}
    for key, value in features.items():
        name = key.removesuffix("_part")
        if name not in FEATURE_NAMES:
            raise ValueError(f"unknown match feature {key!r}")
        number = float(value)  # type: ignore[arg-type]
        if not math.isfinite(number):
            raise ValueError(f"match feature {key!r} is not a finite number")
        clean[name] = number
    return clean


def feedback_labels(
    *, city_id: int | None = None, since: dt.datetime | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Features (n × len(FEATURES), float64, FEATURE_NAMES order) and labels (n, int8) of the decided
    applications, and of the jobs workers marked "not interested".

    Positive (1): the application reached invited, shortlisted, interviewing, offered or hired — even if
    it was declined, rejected or withdrawn later, since HR judged the match good on paper. Negative (0): rejected without
    ever reaching those stages. Applications still open, withdrawn before shortlisting, or without stored
    match parts (the engine never scored them) are left out. Missing parts count as 0.

    Negative (0) as well: a recommended job the worker marked "not interested" (with the parts the engine
    gave the pair), unless the worker also applied for it (the application speaks for the pair then).
    """
    reached = Exists(
        ApplicationEvent.objects.filter(application=OuterRef("pk"), to_stage__in=POSITIVE_STAGES)
    )
    applications = Application.objects.annotate(reached=reached).filter(
        Q(stage__in=POSITIVE_STAGES) | Q(stage=Stage.REJECTED) | Q(reached=True)
    )
    if city_id is not None:
        applications = applications.filter(vacancy__city_id=city_id)
    if since is not None:
        applications = applications.filter(updated_at__gte=since)
    rows: list[list[float]] = []
    labels: list[int] = []
    for stage, features, was_reached in (
        applications.order_by("id")
        .values_list("stage", "match_features", "reached")
        .iterator(chunk_size=5000)
    ):
        if not features:
            continue
        rows.append([float(features.get(name, 0.0)) for name in FEATURE_NAMES])
        labels.append(1 if stage in POSITIVE_STAGES or was_reached else 0)
    for features in _not_interested_features(city_id=city_id, since=since):
        rows.append([float(features.get(name, 0.0)) for name in FEATURE_NAMES])
        labels.append(0)
    matrix = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURE_NAMES))
    return matrix, np.asarray(labels, dtype=np.int8)


def _not_interested_features(
    *, city_id: int | None = None, since: dt.datetime | None = None
) -> Iterator[dict[str, float]]:
    """The stored match parts of the jobs workers marked "not interested", oldest first."""
    applied = Exists(
        Application.objects.filter(worker=OuterRef("worker_id"), vacancy=OuterRef("vacancy_id")).exclude(
            stage=Stage.SUGGESTED
        )
    )
    marks = (
        JobMark.objects.filter(kind=JobMark.Kind.NOT_INTERESTED)
        .annotate(applied=applied)
        .filter(applied=False)
    )
    if city_id is not None:
        marks = marks.filter(vacancy__city_id=city_id)
    if since is not None:
        marks = marks.filter(updated_at__gte=since)
    for features in marks.order_by("id").values_list("match_features", flat=True).iterator(chunk_size=5000):
        if features:  # marked before the engine scored the pair: nothing to learn from
            yield features
