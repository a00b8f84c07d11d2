"""Joint recruitment drives: the engine scores the drive's vacancies against the workers the agencies
bring (or the city's), and the invitations are planned across all vacancies at once
(matching/engine/invitations.py), compared with each factory taking its own top of the list."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from matching.engine.arrays import PairSet
from matching.engine.invitations import each_takes_its_top, greedy_in_turn, plan_invitations, summarise
from matching.engine.scoring import MatchParams, run_matching
from matching.loaders import load_taxonomy, load_vacancies, load_workers, vacancy_queryset, worker_queryset
from matching.services.weights import active_weights
from talent.models import WorkerProfile
from training.models import Drive, DriveInvitation

CANDIDATES_PER_VACANCY = 300


@dataclass(frozen=True)
class DriveScores:
    """The drive's candidate pairs as the engine scored them, with the invitations each vacancy wants."""

    vacancy_ids: np.ndarray
    worker_ids: np.ndarray
    pairs: PairSet
    demand: np.ndarray


def drive_workers(drive: Drive) -> QuerySet[WorkerProfile]:
    """The workers a drive may invite: the pools of the agencies bringing workers, else the whole city."""
    workers = worker_queryset(drive.city_id)
    agency_ids = list(drive.agencies.values_list("pk", flat=True))
    return workers.filter(managing_agency_id__in=agency_ids) if agency_ids else workers


def drive_scores(
    drive: Drive, *, workers: QuerySet[WorkerProfile] | None = None, candidates: int = CANDIDATES_PER_VACANCY
) -> DriveScores:
    """Run the engine over the drive's open vacancies and its workers: every vacancy keeps its best
    `candidates` feasible workers, scored as on a shortlist (same filters, weights and reasons)."""
    index = load_taxonomy()
    vacancies = load_vacancies(
        vacancy_queryset(drive.city_id).filter(pk__in=drive.vacancies.values("pk")), index
    )
    arrays = load_workers(workers if workers is not None else drive_workers(drive), index)
    weights, _model = active_weights()
    params = MatchParams(candidates=candidates, shortlist_min=candidates, shortlist_per_head=0, n_jobs=1)
    result = run_matching(arrays, vacancies, index.taxonomy, weights, params=params)
    demand = vacancies.headcount.astype(np.int64) * drive.candidates_per_post
    return DriveScores(vacancies.ids, arrays.ids, result.shortlists, demand)


@transaction.atomic
def drive_plan(*, drive: Drive, scores: DriveScores | None = None) -> Drive:
    """Plan a drive's invitations (replacing any earlier plan) and keep the comparison with each factory
    taking its own top of the list, and with the factories taking their tops in turn."""
    drive = Drive.objects.select_for_update().get(pk=drive.pk)
    started = time.perf_counter()
    scores = scores or drive_scores(drive)
    scored = time.perf_counter()
    pairs, demand, k = scores.pairs, scores.demand, drive.max_interviews_per_worker
    v, w, s = pairs.vacancy_index, pairs.worker_index, pairs.score.astype(np.float64)
    chosen = plan_invitations(v, w, s, demand, k)
    solved = time.perf_counter()
    DriveInvitation.objects.filter(drive=drive).delete()
    picked = np.flatnonzero(chosen)
    picked = picked[np.lexsort((-s[picked], v[picked]))]
    rank_of: dict[int, int] = {}
    rows = []
    for i in picked:
        vacancy = int(v[i])
        rank_of[vacancy] = rank_of.get(vacancy, -1) + 1
        rows.append(
            DriveInvitation(
                drive=drive,
                vacancy_id=int(scores.vacancy_ids[vacancy]),
                worker_id=int(scores.worker_ids[w[i]]),
                score=float(s[i]),
                rank=rank_of[vacancy],
            )
        )
    DriveInvitation.objects.bulk_create(rows, batch_size=2000)
    drive.plan_summary = {
        "plan": summarise(chosen, v, w, s, demand, k).as_dict(),
        "each_takes_its_top": summarise(each_takes_its_top(v, w, s, demand), v, w, s, demand, k).as_dict(),
        "greedy_in_turn": summarise(greedy_in_turn(v, w, s, demand, k), v, w, s, demand, k).as_dict(),
        "candidate_pairs": len(pairs),
        "workers": int(scores.worker_ids.shape[0]),
        "vacancies": int(scores.vacancy_ids.shape[0]),
        "seconds": {"score": round(scored - started, 3), "solve": round(solved - scored, 3)},
        "planned_at": timezone.now().isoformat(),
    }
    drive.status = Drive.Status.PLANNED
    drive.save(update_fields=["plan_summary", "status"])
    return drive


def invitation_rows(drive: Drive) -> QuerySet[DriveInvitation]:
    """The drive's invitations for export: enterprise, vacancy, rank, worker (name and masked mobile)."""
    return (
        DriveInvitation.objects.filter(drive=drive)
        .select_related("vacancy__enterprise", "worker")
        .order_by("vacancy__enterprise__name", "vacancy_id", "rank")
    )
