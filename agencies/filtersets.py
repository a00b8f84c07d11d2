"""FilterSets of agencies and placements, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Placement
from hrmatch.filters import SearchFilter
from talent.filters import OccupationCodeFilter
from talent.work_terms import EmploymentForm


class AgencyFilterSet(django_filters.FilterSet):
    """Agencies by city, dispatch licence and `q` (name, credit code, licence number)."""

    q = SearchFilter(search_fields=("name", "credit_code", "hr_licence_number"))
    city = django_filters.CharFilter(field_name="city__code", label=_("City division code"))
    has_dispatch_licence = django_filters.BooleanFilter(
        field_name="dispatch_licence_number",
        lookup_expr="gt",
        method="filter_dispatch",
        label=_("Dispatch licence"),
    )
    ordering = django_filters.OrderingFilter(fields=(("name", "name"), ("created_at", "created")))

    class Meta:
        model = Agency
        fields = ["q", "city", "has_dispatch_licence"]

    def filter_dispatch(self, qs, name: str, value: bool | None):
        if value is None:
            return qs
        return qs.exclude(dispatch_licence_number="") if value else qs.filter(dispatch_licence_number="")


class PlacementFilterSet(django_filters.FilterSet):
    """Placements by vacancy, enterprise, agency, city, occupation, employment form and start dates."""

    q = SearchFilter(search_fields=("vacancy__title", "vacancy__enterprise__name"))
    vacancy = django_filters.NumberFilter(field_name="vacancy_id", label=_("Vacancy"))
    enterprise = django_filters.NumberFilter(field_name="vacancy__enterprise_id", label=_("Enterprise"))
    agency = django_filters.NumberFilter(field_name="agency_id", label=_("Agency"))
    city = django_filters.CharFilter(field_name="vacancy__city__code", label=_("City division code"))
    occupation = OccupationCodeFilter(occupation_field="vacancy__occupation")
    employment_form = django_filters.MultipleChoiceFilter(
        choices=EmploymentForm.choices, label=_("Employment form")
    )
    started_after = django_filters.DateFilter(
        field_name="started_on", lookup_expr="gte", label=_("Started from")
    )
    started_before = django_filters.DateFilter(
        field_name="started_on", lookup_expr="lte", label=_("Started until")
    )
    ordering = django_filters.OrderingFilter(fields=(("started_on", "started"), ("created_at", "created")))

    class Meta:
        model = Placement
        fields = ["q", "vacancy", "enterprise", "agency", "city", "occupation", "employment_form"]
