"""FilterSets of applications and match runs, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from matching.models import Application, JobMark, Match, MatchRun


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


class MatchFilterSet(django_filters.FilterSet):
    """Shortlist or recommendation rows by score, rank, required skills met and distance."""

    min_score = django_filters.NumberFilter(field_name="score", lookup_expr="gte", label=_("Score at least"))
    max_rank = django_filters.NumberFilter(
        field_name="rank", lookup_expr="lte", label=_("Rank at most"), min_value=0, max_value=10_000
    )
    all_required_skills = django_filters.BooleanFilter(
        method="filter_all_required", label=_("Holds every required skill")
    )
    max_distance_km = django_filters.NumberFilter(
        field_name="distance_km", lookup_expr="lte", label=_("Within (km)"), min_value=0, max_value=20_000
    )
    ordering = django_filters.OrderingFilter(
        fields=(("rank", "rank"), ("score", "score"), ("distance_km", "distance"))
    )

    class Meta:
        model = Match
        fields = ["min_score", "max_rank", "max_distance_km"]

    def filter_all_required(self, qs, name: str, value: bool | None):
        from django.db.models import F

        if value is None:
            return qs
        complete = qs.filter(matched_required__gte=F("required_total"))
        return complete if value else qs.exclude(pk__in=complete.values("pk"))


class JobMarkFilterSet(django_filters.FilterSet):
    """A worker's marks on jobs by kind (saved, not interested)."""

    kind = django_filters.ChoiceFilter(choices=JobMark.Kind.choices, label=_("Mark"))

    class Meta:
        model = JobMark
        fields = ["kind"]
