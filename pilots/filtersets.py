"""FilterSets of the programme's reference data (cities, districts, parks), shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from hrmatch.filters import SearchFilter
from pilots.models import District, Park, PilotCity, Region


class PilotCityFilterSet(django_filters.FilterSet):
    """Pilot cities by division code, region, province, confirmed status and `q`."""

    q = SearchFilter(search_fields=("code", "name_zh", "name_en", "province"))
    city = django_filters.CharFilter(field_name="code", label=_("City division code"))
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("Region"))
    province = django_filters.CharFilter(label=_("Province"))
    confirmed = django_filters.BooleanFilter(label=_("Confirmed pilot city"))
    ordering = django_filters.OrderingFilter(fields=(("code", "code"), ("name_zh", "name")))

    class Meta:
        model = PilotCity
        fields = ["q", "city", "region", "province", "confirmed"]


class DistrictFilterSet(django_filters.FilterSet):
    """Districts by their city's division code and `q`."""

    q = SearchFilter(search_fields=("code", "name_zh", "name_en"))
    city = django_filters.CharFilter(field_name="city__code", label=_("City division code"))
    ordering = django_filters.OrderingFilter(fields=(("code", "code"), ("name_zh", "name")))

    class Meta:
        model = District
        fields = ["q", "city"]


class ParkFilterSet(django_filters.FilterSet):
    """Parks by city, district, kind and `q`."""

    q = SearchFilter(search_fields=("name_zh", "name_en"))
    city = django_filters.CharFilter(field_name="city__code", label=_("City division code"))
    district = django_filters.CharFilter(field_name="district__code", label=_("District division code"))
    kind = django_filters.ChoiceFilter(choices=Park.Kind.choices, label=_("Kind"))
    ordering = django_filters.OrderingFilter(fields=(("name_zh", "name"),))

    class Meta:
        model = Park
        fields = ["q", "city", "district", "kind"]
