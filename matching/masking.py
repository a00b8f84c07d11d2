"""The one masking rule: when a reader may know who a candidate is, and the opaque handles of those they may not.

A candidate's identity (name, mobile, worker id, any stable handle) reaches someone other than the
worker only when
- the worker applied to that vacancy, was referred to it by their agency, or accepted an invitation to
  apply (each leaves an event into `applied` on their application), or
- the worker shared their profile with the vacancy's enterprise (a consent record not revoked), or
- the reader is staff of the agency managing the worker or one the worker shared their profile with,
- or the reader is the worker themself or an administrator.
An agency that works a vacancy only by its enterprise's grant (agencies.VacancyGrant) does not get the
first two: on that vacancy it learns the identity of its own pool and of those who shared with it only.
Every read that names workers to factories or agencies (shortlists, comparisons, the pipeline board,
applications, placements) annotates its rows through `with_identity`, pages and API alike.

Pages address candidates by `candidate_handle`: an HMAC of (vacancy, worker) under the SECRET_KEY, so
the handle of one vacancy's candidate says nothing about the worker's id or their candidacies elsewhere;
`handle_resolve` finds the worker among the vacancy's own candidates on the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils.crypto import constant_time_compare, salted_hmac

from agencies.models import VacancyGrant
from enterprises.selectors import vacancy_manageable_list
from hrmatch.actors import Actor
from matching.models import Application, ApplicationEvent, CurrentRun, Match
from talent.models import ConsentRecord
from talent.selectors import shared_with_agencies

Stage = Application.Stage

HANDLE_SALT = "matching.masking.candidate_handle"
HANDLE_LENGTH = 24  # hex characters: 96 bits


def with_identity(
    queryset: QuerySet[Any], *, actor: Actor, worker: str = "worker", vacancy: str = "vacancy"
) -> QuerySet[Any]:
    """Annotate `identity_visible` on rows that carry a worker and a vacancy (by those foreign keys' names)."""
    worker_id, vacancy_id = f"{worker}_id", f"{vacancy}_id"
    # `applied` is selected (pages link a candidate who came forward to their page); the rest are aliases.
    queryset = queryset.annotate(
        applied=Exists(
            ApplicationEvent.objects.filter(
                application__worker_id=OuterRef(worker_id),
                application__vacancy_id=OuterRef(vacancy_id),
                to_stage=Stage.APPLIED,
            )
        )
    )
    if actor.is_admin:
        return queryset.annotate(identity_visible=Value(True, output_field=BooleanField()))
    queryset = queryset.alias(
        masking_shared=Exists(
            ConsentRecord.objects.filter(
                worker_id=OuterRef(worker_id),
                purpose=ConsentRecord.Purpose.SHARE_ENTERPRISE,
                enterprise_id=OuterRef(f"{vacancy}__enterprise_id"),
                revoked_at__isnull=True,
            )
        ),
    )
    visible = Q(applied=True) | Q(masking_shared=True)
    if actor.agency_ids:
        # An agency working a vacancy only by the enterprise's grant learns no one's identity from an
        # application or a share with the enterprise: only its own pool's (and those shared with it).
        granted = VacancyGrant.objects.filter(agency_id__in=actor.agency_ids).values("vacancy_id")
        owned = vacancy_manageable_list(actor=actor).values("pk")
        visible &= ~Q(**{f"{vacancy_id}__in": granted}) | Q(**{f"{vacancy_id}__in": owned})
    if actor.worker_id is not None:
        visible |= Q(**{worker_id: actor.worker_id})
    if actor.agency_ids:
        queryset = queryset.alias(masking_agency=shared_with_agencies(actor.agency_ids, worker_ref=worker_id))
        visible |= Q(**{f"{worker}__managing_agency_id__in": actor.agency_ids}) | Q(masking_agency=True)
    # CASE, not the bare condition: a worker without a managing agency makes `IN` NULL, not false.
    return queryset.annotate(
        identity_visible=Case(
            When(visible, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def application_accepted(worker_id: int, vacancy_id: int) -> bool:
    """The worker applied, was referred by their agency or accepted an invitation, and has not left since."""
    return (
        Application.objects.filter(worker_id=worker_id, vacancy_id=vacancy_id, events__to_stage=Stage.APPLIED)
        .exclude(stage__in=[Stage.REJECTED, Stage.WITHDRAWN, Stage.DECLINED])
        .exists()
    )


def candidate_handle(vacancy_id: int, worker_id: int) -> str:
    """The opaque name of one vacancy's candidate on pages and in URLs (not the worker id)."""
    return salted_hmac(HANDLE_SALT, f"{vacancy_id}:{worker_id}", algorithm="sha256").hexdigest()[
        :HANDLE_LENGTH
    ]


def _candidate_ids(vacancy_id: int, city_id: int) -> Iterable[int]:
    """Workers a handle of this vacancy may name: its current shortlist and its applications."""
    run_id = CurrentRun.objects.filter(city_id=city_id).values_list("run_id", flat=True).first()
    ids = set(Application.objects.filter(vacancy_id=vacancy_id).values_list("worker_id", flat=True))
    if run_id is not None:
        ids.update(
            Match.objects.filter(
                run_id=run_id, vacancy_id=vacancy_id, direction=Match.Direction.SHORTLIST
            ).values_list("worker_id", flat=True)
        )
    return ids


def handles_resolve(*, vacancy_id: int, city_id: int, handles: Iterable[str]) -> list[int]:
    """The worker ids behind candidate handles of this vacancy, in the handles' order; unknown ones left out."""
    wanted = [h for h in handles if isinstance(h, str) and len(h) == HANDLE_LENGTH]
    if not wanted:
        return []
    by_handle = {
        candidate_handle(vacancy_id, worker_id): worker_id
        for worker_id in _candidate_ids(vacancy_id, city_id)
    }
    found = []
    for handle in wanted:
        for known, worker_id in by_handle.items():
            if constant_time_compare(known, handle):
                found.append(worker_id)
                break
    return found


def handle_resolve(*, vacancy_id: int, city_id: int, handle: str) -> int | None:
    """The worker id behind a candidate handle of this vacancy, or None (no candidate of it has that handle)."""
    found = handles_resolve(vacancy_id=vacancy_id, city_id=city_id, handles=[handle])
    return found[0] if found else None
