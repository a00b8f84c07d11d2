"""Reads of enterprises and vacancies, scoped to what the asking actor may see."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from enterprises.models import Enterprise, EnterpriseMembership, Vacancy
from hrmatch.actors import Actor


def enterprise_list(*, actor: Actor) -> QuerySet[Enterprise]:
    """Enterprises an actor works with: its own (factory HR), its clients (agency), its city (officials)."""
    enterprises = Enterprise.objects.select_related("city", "district", "park")
    if actor.is_admin or actor.is_national_official:
        return enterprises
    visible = Q(pk__in=actor.enterprise_ids)
    if actor.agency_ids:
        visible |= Q(
            pk__in=Enterprise.objects.filter(agency_links__agency_id__in=actor.agency_ids).values("pk")
        )
    if actor.official_city_id is not None:
        visible |= Q(city_id=actor.official_city_id)
    return enterprises.filter(visible)


def enterprise_client_list(*, actor: Actor) -> QuerySet[Enterprise]:
    """The client factories of the actor's agencies, which its staff register and edit (admin: all)."""
    enterprises = Enterprise.objects.select_related("city", "district", "park")
    if actor.is_admin:
        return enterprises
    return enterprises.filter(
        pk__in=Enterprise.objects.filter(agency_links__agency_id__in=actor.agency_ids).values("pk")
    )


def vacancy_public_list() -> QuerySet[Vacancy]:
    """Open vacancies, which anyone may browse without signing in."""
    return Vacancy.objects.filter(status=Vacancy.Status.OPEN).select_related(
        "enterprise", "occupation", "city", "district", "agency"
    )


def _managed(actor: Actor) -> Q:
    """A vacancy belongs to its enterprise and to the agency that posted it. A vacancy the enterprise
    posted itself is managed by every agency serving it; one another agency posted is not (that
    agency's work and applicants stay its own, even for a shared client)."""
    managed = Q(enterprise_id__in=actor.enterprise_ids)
    if actor.agency_ids:
        managed |= Q(agency_id__in=actor.agency_ids) | Q(
            agency__isnull=True,
            enterprise_id__in=Enterprise.objects.filter(agency_links__agency_id__in=actor.agency_ids).values(
                "pk"
            ),
        )
    return managed


def vacancy_manageable_list(*, actor: Actor) -> QuerySet[Vacancy]:
    """Vacancies an actor may change and whose candidates it may see: its enterprise's, or its clients'."""
    vacancies = Vacancy.objects.select_related("enterprise", "occupation", "city", "district", "agency")
    if actor.is_admin:
        return vacancies
    return vacancies.filter(_managed(actor))


def _granted(actor: Actor) -> Q:
    """Vacancies an enterprise granted one of the actor's agencies (agencies.VacancyGrant)."""
    if not actor.agency_ids:
        return Q(pk__in=[])
    return Q(pk__in=Vacancy.objects.filter(agency_grants__agency_id__in=actor.agency_ids).values("pk"))


def vacancy_workable_list(*, actor: Actor) -> QuerySet[Vacancy]:
    """Vacancies whose shortlist an actor works and to which it refers its pool: those it manages, and
    those an enterprise granted its agency. Editing, pausing, closing and moving candidates stay with
    vacancy_manageable_list; a granted agency sees only the applications it made (matching.selectors)."""
    vacancies = Vacancy.objects.select_related("enterprise", "occupation", "city", "district", "agency")
    if actor.is_admin:
        return vacancies
    return vacancies.filter(_managed(actor) | _granted(actor))


def with_managed(vacancies: QuerySet[Vacancy], *, actor: Actor) -> QuerySet[Vacancy]:
    """Vacancies annotated `managed`: whether the actor may edit them (else it works them by a grant)."""
    if actor.is_admin:
        return vacancies.annotate(managed=Value(True, output_field=BooleanField()))
    return vacancies.annotate(
        managed=Case(
            When(_managed(actor), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def vacancy_list(*, actor: Actor) -> QuerySet[Vacancy]:
    """Every vacancy an actor may read: the open ones, plus drafts, paused and closed ones it manages or
    was granted."""
    vacancies = Vacancy.objects.select_related("enterprise", "occupation", "city", "district", "agency")
    if actor.is_admin:
        return vacancies
    return vacancies.filter(Q(status=Vacancy.Status.OPEN) | _managed(actor) | _granted(actor))


def enterprise_manageable_list(*, actor: Actor) -> QuerySet[Enterprise]:
    """Enterprises an actor may post vacancies for: its own (factory HR) and its agency's clients."""
    enterprises = Enterprise.objects.select_related("city", "district", "park")
    if actor.is_admin:
        return enterprises
    manageable = Q(pk__in=actor.enterprise_ids)
    if actor.agency_ids:
        manageable |= Q(
            pk__in=Enterprise.objects.filter(agency_links__agency_id__in=actor.agency_ids).values("pk")
        )
    return enterprises.filter(manageable)


def with_skills(vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    """Vacancies with their skill requirements (and the skills) prefetched, most important first."""
    from django.db.models import Prefetch

    from enterprises.models import VacancySkill

    return vacancies.prefetch_related(
        Prefetch(
            "skill_requirements",
            queryset=VacancySkill.objects.select_related("skill").order_by("importance", "skill__code"),
        )
    )


def enterprise_membership_actor_fields(user: Any) -> dict[str, Any]:
    """The Actor field factory HR memberships decide: the enterprises the user works for."""
    ids = EnterpriseMembership.objects.filter(user=user).values_list("enterprise_id", flat=True)
    return {"enterprise_ids": frozenset(ids)}
