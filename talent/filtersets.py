"""FilterSets of workers, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from hrmatch.filters import OccupationCodeFilter, SearchFilter
from talent.models import WorkerDuplicate, WorkerProfile, WorkerSkill
from talent.work_terms import FORM_BITS, EmploymentForm


class WorkerFilterSet(django_filters.FilterSet):
    """Workers by place, occupation, skill and level, status, availability, accepted form and duplicates."""

    q = SearchFilter(search_fields=("full_name", "mobile", "external_ref"))
    city = django_filters.CharFilter(field_name="home_city__code", label=_("City division code"))
    district = django_filters.CharFilter(field_name="home_district__code", label=_("District division code"))
    occupation = OccupationCodeFilter(occupation_field="primary_occupation")
    skill = django_filters.CharFilter(method="filter_skill", label=_("Skill code"))
    skill_level = django_filters.NumberFilter(
        method="filter_noop", label=_("At least level"), min_value=1, max_value=5
    )
    status = django_filters.MultipleChoiceFilter(choices=WorkerProfile.Status.choices, label=_("Status"))
    accepts = django_filters.ChoiceFilter(
        choices=EmploymentForm.choices, method="filter_accepts", label=_("Accepts form")
    )
    available_by = django_filters.DateFilter(
        field_name="available_from", lookup_expr="lte", label=_("Available by")
    )
    willing_to_relocate = django_filters.BooleanFilter(label=_("Willing to relocate"))
    possible_duplicate = django_filters.BooleanFilter(
        method="filter_duplicate", label=_("Possible duplicate")
    )
    updated_after = django_filters.DateFilter(
        field_name="updated_at", lookup_expr="date__gte", label=_("Updated from")
    )
    ordering = django_filters.OrderingFilter(
        fields=(("updated_at", "updated"), ("full_name", "name"), ("years_experience", "experience"))
    )

    class Meta:
        model = WorkerProfile
        fields = ["q", "city", "district", "occupation", "status", "willing_to_relocate"]

    def filter_noop(self, qs: QuerySet, name: str, value) -> QuerySet:
        return qs  # read by filter_skill

    def filter_skill(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        level = int(self.form.cleaned_data.get("skill_level") or 1)
        return qs.filter(
            Exists(WorkerSkill.objects.filter(worker=OuterRef("pk"), skill__code=value, level__gte=level))
        )

    def filter_accepts(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        bit = FORM_BITS[value]
        return qs.alias(accepted=F("form_mask").bitand(bit)).filter(accepted=bit)

    def filter_duplicate(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        flagged = Exists(WorkerDuplicate.objects.filter(worker=OuterRef("pk"), resolved_at__isnull=True))
        return qs.filter(flagged) if value else qs.exclude(flagged)
