"""A worker's marks on jobs: saving one for later, and "not interested" (feedback the nightly refit uses)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enterprises.models import Vacancy
from hrmatch.actors import Actor
from matching.feedback import normalize_features
from matching.models import Application, CurrentRun, JobMark, Match
from talent.models import WorkerProfile

Kind = JobMark.Kind
# Applications that still count as the worker's candidacy: "not interested" makes no sense beside them.
ACTIVE_STAGES = tuple(Application.WITHDRAWABLE_STAGES)


def _match_parts(worker: WorkerProfile, vacancy: Vacancy) -> tuple[float | None, dict[str, float]]:
    """The score and parts the engine gave the pair in the city's current run (or a stored suggestion)."""
    run_id = CurrentRun.objects.filter(city_id=vacancy.city_id).values_list("run_id", flat=True).first()
    match = (
        Match.objects.filter(run_id=run_id, worker=worker, vacancy=vacancy).order_by("direction").first()
        if run_id is not None
        else None
    )
    if match is not None:
        return match.score, normalize_features({name: getattr(match, name) for name in Match.PART_FIELDS})
    suggestion = Application.objects.filter(worker=worker, vacancy=vacancy).first()
    if suggestion is not None and suggestion.match_features:
        return suggestion.match_score, dict(suggestion.match_features)
    return None, {}


def _mark(worker: WorkerProfile, vacancy: Vacancy, kind: str, **extra: object) -> JobMark:
    mark, _created = JobMark.objects.select_for_update().update_or_create(
        worker=worker, vacancy=vacancy, defaults={"kind": kind, **extra}
    )
    return mark


@transaction.atomic
def job_save(*, actor: Actor | None, worker: WorkerProfile, vacancy: Vacancy) -> JobMark:
    """Keep a job on the worker's saved list (a job marked not interested becomes saved instead)."""
    return _mark(worker, vacancy, Kind.SAVED, match_score=None, match_features={})


@transaction.atomic
def job_unsave(*, actor: Actor | None, worker: WorkerProfile, vacancy: Vacancy) -> int:
    """Take a job off the saved list; returns how many marks were removed (0 or 1)."""
    deleted, _rows = JobMark.objects.filter(worker=worker, vacancy=vacancy, kind=Kind.SAVED).delete()
    return deleted


@transaction.atomic
def job_not_interested(*, actor: Actor | None, worker: WorkerProfile, vacancy: Vacancy) -> JobMark:
    """Hide a job from the worker's recommendations and record it, with the engine's parts for the pair,
    as a negative example for the nightly refit. Refused while the worker is a candidate for the job."""
    if Application.objects.filter(worker=worker, vacancy=vacancy, stage__in=ACTIVE_STAGES).exists():
        raise ValidationError(
            {
                "vacancy": ValidationError(
                    _("You applied for this job. Withdraw the application instead."), code="applied"
                )
            }
        )
    score, parts = _match_parts(worker, vacancy)
    return _mark(worker, vacancy, Kind.NOT_INTERESTED, match_score=score, match_features=parts)


@transaction.atomic
def job_interest_restore(*, actor: Actor | None, worker: WorkerProfile, vacancy: Vacancy) -> int:
    """Undo "not interested": the job may be recommended again and no longer counts as feedback."""
    deleted, _rows = JobMark.objects.filter(worker=worker, vacancy=vacancy, kind=Kind.NOT_INTERESTED).delete()
    return deleted
