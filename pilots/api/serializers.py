"""Serializers of pilot cities, districts and parks."""

from __future__ import annotations

from rest_framework import serializers

from pilots.models import District, Park, PilotCity


class PilotCityOutputSerializer(serializers.ModelSerializer):
    district_count = serializers.IntegerField(read_only=True)
    park_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = PilotCity
        fields = [
            "id",
            "code",
            "name_zh",
            "name_en",
            "province",
            "region",
            "latitude",
            "longitude",
            "confirmed",
            "district_count",
            "park_count",
        ]


class DistrictOutputSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[PilotCity] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = District
        fields = ["id", "city", "code", "name_zh", "name_en", "latitude", "longitude"]


class ParkOutputSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[PilotCity] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Park
        fields = ["id", "city", "district", "name_zh", "name_en", "kind", "latitude", "longitude"]
