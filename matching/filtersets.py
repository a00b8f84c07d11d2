"""FilterSets of applications and match runs, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from matching.models import Application, MatchRun


class ApplicationFilterSet(django_filters.FilterSet):
    """Applications by vacancy, stage, source and dates."""

    vacancy = django_filters.NumberFilter(field_name="vacancy_id", label=_("Vacancy"))
    stage = django_filters.MultipleChoiceFilter(choices=Application.Stage.choices, label=_("Stage"))
    source = django_filters.MultipleChoiceFilter(choices=Application.Source.choices, label=_("Source"))
    created_after = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("Created from")
    )
    created_before = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("Created until")
    )
    ordering = django_filters.OrderingFilter(fields=(("updated_at", "updated"), ("match_score", "score")))

    class Meta:
        model = Application
        fields = ["vacancy", "stage", "source"]


class MatchRunFilterSet(django_filters.FilterSet):
    """Match runs by city and status."""

    city = django_filters.CharFilter(field_name="city__code", label=_("City division code"))
    status = django_filters.MultipleChoiceFilter(choices=MatchRun.Status.choices, label=_("Status"))

    class Meta:
        model = MatchRun
        fields = ["city", "status"]
