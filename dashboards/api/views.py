"""Viewsets of the officials' live city statistics."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from dashboards import selectors
from dashboards.api.serializers import CityStatisticsOutputSerializer
from hrmatch.api.permissions import IsOfficial
from hrmatch.api.viewsets import ApiViewSet
from pilots.filtersets import PilotCityFilterSet
from pilots.models import PilotCity


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
