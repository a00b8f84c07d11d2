"""Viewsets of the programme's reference data (public) and the officials' city statistics."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from hrmatch.api.permissions import IsOfficial
from hrmatch.api.viewsets import ApiViewSet, PublicReadOnlyViewSet
from pilots import selectors
from pilots.api.serializers import (
    CityStatisticsOutputSerializer,
    DistrictOutputSerializer,
    ParkOutputSerializer,
    PilotCityOutputSerializer,
)
from pilots.filtersets import DistrictFilterSet, ParkFilterSet, PilotCityFilterSet
from pilots.models import PilotCity


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


@extend_schema_view(
    list=extend_schema(
        summary="Live counts per city for officials",
        description="A city official sees their own city, the ministry every city. Counts only.",
    )
)
class CityStatisticsViewSet(mixins.ListModelMixin, ApiViewSet):
    serializer_class = CityStatisticsOutputSerializer
    queryset = PilotCity.objects.none()  # for the schema; get_queryset scopes
    filterset_class = PilotCityFilterSet
    permission_classes = [IsOfficial]

    def get_queryset(self):
        return selectors.city_statistics_list(actor=self.actor).order_by("region", "code")
