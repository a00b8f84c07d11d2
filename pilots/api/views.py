"""Viewsets of the programme's reference data (public)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from hrmatch.api.viewsets import PublicReadOnlyViewSet
from pilots import selectors
from pilots.api.serializers import (
    DistrictOutputSerializer,
    ParkOutputSerializer,
    PilotCityOutputSerializer,
)
from pilots.filtersets import DistrictFilterSet, ParkFilterSet, PilotCityFilterSet


@extend_schema_view(
    list=extend_schema(summary="List pilot cities (public)"),
    retrieve=extend_schema(summary="A pilot city (public)"),
)
class PilotCityViewSet(PublicReadOnlyViewSet):
    serializer_class = PilotCityOutputSerializer
    filterset_class = PilotCityFilterSet

    def get_queryset(self):
        return selectors.pilot_city_list().order_by("region", "code")


@extend_schema_view(
    list=extend_schema(summary="List districts of the pilot cities (public)"),
    retrieve=extend_schema(summary="A district (public)"),
)
class DistrictViewSet(PublicReadOnlyViewSet):
    serializer_class = DistrictOutputSerializer
    filterset_class = DistrictFilterSet

    def get_queryset(self):
        return selectors.district_list()


@extend_schema_view(
    list=extend_schema(summary="List industrial and HR-service parks (public)"),
    retrieve=extend_schema(summary="A park (public)"),
)
class ParkViewSet(PublicReadOnlyViewSet):
    serializer_class = ParkOutputSerializer
    filterset_class = ParkFilterSet

    def get_queryset(self):
        return selectors.park_list()
