"""Reads of the programme's reference data."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from pilots.models import District, OfficialScope, Park, PilotCity


def pilot_city_list() -> QuerySet[PilotCity]:
    """Active pilot cities with their district and park counts, in region order."""
    return PilotCity.objects.filter(is_active=True).annotate(
        district_count=Count("districts", distinct=True), park_count=Count("parks", distinct=True)
    )


def district_list() -> QuerySet[District]:
    """Districts of active pilot cities, public reference data."""
    return District.objects.filter(city__is_active=True).select_related("city")


def park_list() -> QuerySet[Park]:
    """Industrial and HR-service parks of active pilot cities, public reference data."""
    return Park.objects.filter(city__is_active=True).select_related("city", "district")


def official_scope_actor_fields(user: Any) -> dict[str, Any]:
    """The Actor fields an official scope decides: the city an official reads, or the whole country."""
    scope = OfficialScope.objects.filter(user=user).values("level", "city_id").first()
    return {
        "official_city_id": scope["city_id"]
        if scope and scope["level"] == OfficialScope.Level.CITY
        else None,
        "is_national_official": bool(scope and scope["level"] == OfficialScope.Level.NATIONAL),
    }
