"""Reads of the programme's reference data."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from pilots.models import PilotCity


def pilot_city_list() -> QuerySet[PilotCity]:
    """Active pilot cities with their district and park counts, in region order."""
    return PilotCity.objects.filter(is_active=True).annotate(
        district_count=Count("districts", distinct=True), park_count=Count("parks", distinct=True)
    )


def district_list() -> QuerySet:
    """Districts of active pilot cities, public reference data."""
    from pilots.models import District

    return District.objects.filter(city__is_active=True).select_related("city")


def park_list() -> QuerySet:
    """Industrial and HR-service parks of active pilot cities, public reference data."""
    from pilots.models import Park

    return Park.objects.filter(city__is_active=True).select_related("city", "district")


def city_statistics_list(*, actor) -> QuerySet[PilotCity]:
    """Live counts per pilot city in an official's scope (one query): open vacancies and their open
    headcount, active seekers, applications per stage (`stage_<name>`) and placements.

    Counts only, never a person's data. A city official sees their city, the ministry and admins all.
    """
    from django.db.models import F, IntegerField, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    from agencies.models import Placement
    from enterprises.models import Vacancy
    from matching.models import Application
    from talent.models import WorkerProfile

    def count_of(queryset: QuerySet, city_field: str) -> Coalesce:
        counted = queryset.order_by().values(city_field).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    cities = PilotCity.objects.filter(is_active=True)
    scope = actor.official_city_ids()
    if scope is not None:
        cities = cities.filter(pk__in=scope)
    open_vacancies = Vacancy.objects.filter(city=OuterRef("pk"), status=Vacancy.Status.OPEN)
    headcount = (
        open_vacancies.order_by()
        .values("city_id")
        .annotate(n=Sum(F("headcount") - F("filled_count")))
        .values("n")
    )
    stages = {
        f"stage_{stage}": count_of(
            Application.objects.filter(vacancy__city=OuterRef("pk"), stage=stage), "vacancy__city_id"
        )
        for stage in Application.Stage.values
    }
    return cities.annotate(
        open_vacancies=count_of(open_vacancies, "city_id"),
        open_headcount=Coalesce(Subquery(headcount, output_field=IntegerField()), 0),
        active_seekers=count_of(
            WorkerProfile.objects.filter(
                home_city=OuterRef("pk"),
                status__in=[WorkerProfile.Status.SEEKING, WorkerProfile.Status.OPEN],
            ),
            "home_city_id",
        ),
        placements=count_of(Placement.objects.filter(vacancy__city=OuterRef("pk")), "vacancy__city_id"),
        **stages,
    )
