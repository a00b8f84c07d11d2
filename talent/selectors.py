"""Reads of workers and the taxonomy, scoped to what the asking actor may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from hrmatch.actors import Actor
from talent.models import ConsentRecord, Occupation, Skill, WorkerProfile


def occupation_list() -> QuerySet[Occupation]:
    """The classification, public reference data."""
    return Occupation.objects.select_related("parent")


def skill_list() -> QuerySet[Skill]:
    """The skill vocabulary, public reference data."""
    return Skill.objects.select_related("category")


def shared_with_agencies(agency_ids: Iterable[int], worker_ref: str = "pk") -> Exists:
    """Workers who consented, and have not revoked it, to share their profile with one of these agencies."""
    return Exists(
        ConsentRecord.objects.filter(
            worker=OuterRef(worker_ref),
            purpose=ConsentRecord.Purpose.SHARE_AGENCY,
            agency_id__in=agency_ids,
            revoked_at__isnull=True,
        )
    )


def shared_with_enterprises(enterprise_ids: Iterable[int], worker_ref: str = "pk") -> Exists:
    """Workers who consented, and have not revoked it, to share their profile with one of these enterprises."""
    return Exists(
        ConsentRecord.objects.filter(
            worker=OuterRef(worker_ref),
            purpose=ConsentRecord.Purpose.SHARE_ENTERPRISE,
            enterprise_id__in=enterprise_ids,
            revoked_at__isnull=True,
        )
    )


def worker_list(*, actor: Actor) -> QuerySet[WorkerProfile]:
    """Profiles an actor may read in full: an agency's pool (and workers who shared with it), one's own.

    Factory HR and officials get none here: factories see candidates through shortlists and applications,
    officials only aggregates.
    """
    workers = WorkerProfile.objects.select_related(
        "home_city", "home_district", "managing_agency", "primary_occupation"
    )
    if actor.is_admin:
        return workers
    visible = Q(pk__in=[])
    if actor.agency_ids:
        visible |= Q(managing_agency_id__in=actor.agency_ids) | Q(shared=True)
        workers = workers.annotate(shared=shared_with_agencies(actor.agency_ids))
    if actor.worker_id is not None:
        visible |= Q(pk=actor.worker_id)
    return workers.filter(visible)


def worker_manageable_list(*, actor: Actor) -> QuerySet[WorkerProfile]:
    """Profiles an actor may change: an agency's own pool, or one's own profile."""
    workers = WorkerProfile.objects.all()
    if actor.is_admin:
        return workers
    editable = Q(pk__in=[])
    if actor.agency_ids:
        editable |= Q(managing_agency_id__in=actor.agency_ids)
    if actor.worker_id is not None:
        editable |= Q(pk=actor.worker_id)
    return workers.filter(editable)


def worker_detail_list(*, actor: Actor) -> QuerySet[WorkerProfile]:
    """worker_list with the skills each profile holds prefetched (for API and page lists)."""
    from django.db.models import Prefetch

    from talent.models import WorkerSkill

    return worker_list(actor=actor).prefetch_related(
        Prefetch("skills", queryset=WorkerSkill.objects.select_related("skill").order_by("skill__code"))
    )


def worker_actor_fields(user: Any) -> dict[str, Any]:
    """The Actor field a worker profile decides: the profile linked to the login, if any."""
    return {"worker_id": WorkerProfile.objects.filter(user=user).values_list("id", flat=True).first()}
