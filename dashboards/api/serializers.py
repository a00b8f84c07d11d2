"""Serializers of the officials' live city statistics."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from matching.models import Application
from pilots.models import PilotCity


class CityStatisticsOutputSerializer(serializers.ModelSerializer):
    """Live counts of one city (see dashboards.selectors.city_statistics_list); counts only, no person's data."""

    city = serializers.CharField(source="code", read_only=True)
    open_vacancies = serializers.IntegerField(read_only=True)
    open_headcount = serializers.IntegerField(read_only=True)
    active_seekers = serializers.IntegerField(read_only=True)
    placements = serializers.IntegerField(read_only=True)
    applications_by_stage = serializers.SerializerMethodField()

    class Meta:
        model = PilotCity
        fields = [
            "city",
            "name_zh",
            "name_en",
            "open_vacancies",
            "open_headcount",
            "active_seekers",
            "applications_by_stage",
            "placements",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {stage: {"type": "integer"} for stage in Application.Stage.values},
            "required": list(Application.Stage.values),
        }
    )
    def get_applications_by_stage(self, city: PilotCity) -> dict[str, int]:
        return {stage: getattr(city, f"stage_{stage}") for stage in Application.Stage.values}
