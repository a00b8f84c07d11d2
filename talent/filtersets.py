"""FilterSets of workers, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from hrmatch.filters import SearchFilter
from talent.filters import OccupationCodeFilter, occupation_subtree_q
from talent.models import Occupation, Skill, WorkerDuplicate, WorkerProfile, WorkerSkill
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

    def filter_noop(self, qs: QuerySet[WorkerProfile], name: str, value: object) -> QuerySet[WorkerProfile]:
        return qs  # read by filter_skill

    def filter_skill(self, qs: QuerySet[WorkerProfile], name: str, value: str) -> QuerySet[WorkerProfile]:
        level = int(self.form.cleaned_data.get("skill_level") or 1)
        return qs.filter(
            Exists(WorkerSkill.objects.filter(worker=OuterRef("pk"), skill__code=value, level__gte=level))
        )

    def filter_accepts(self, qs: QuerySet[WorkerProfile], name: str, value: str) -> QuerySet[WorkerProfile]:
        bit = FORM_BITS[value]
        return qs.alias(accepted=F("form_mask").bitand(bit)).filter(accepted=bit)

    def filter_duplicate(
        self, qs: QuerySet[WorkerProfile], name: str, value: bool | None
    ) -> QuerySet[WorkerProfile]:
        if value is None:
            return qs
        flagged = Exists(WorkerDuplicate.objects.filter(worker=OuterRef("pk"), resolved_at__isnull=True))
        return qs.filter(flagged) if value else qs.exclude(flagged)


class OccupationFilterSet(django_filters.FilterSet):
    """Occupations of the classification: a subtree (`under`), children of a node, level, digital/green, `q`."""

    q = SearchFilter(search_fields=("code", "name", "name_en"))
    under = django_filters.CharFilter(method="filter_under", label=_("Under this group code (its subtree)"))
    parent = django_filters.CharFilter(field_name="parent__code", label=_("Parent code (direct children)"))
    level = django_filters.TypedChoiceFilter(
        choices=Occupation.Level.choices, coerce=int, label=_("Level (1–3 groups, 4 occupations)")
    )
    edition = django_filters.CharFilter(label=_("Edition"))
    is_digital = django_filters.BooleanFilter(label=_("Digital occupation (S)"))
    is_green = django_filters.BooleanFilter(label=_("Green occupation (L)"))
    ordering = django_filters.OrderingFilter(fields=(("code", "code"), ("name", "name")))

    class Meta:
        model = Occupation
        fields = ["q", "under", "parent", "level", "edition", "is_digital", "is_green"]

    def filter_under(self, qs: QuerySet[Occupation], name: str, value: str) -> QuerySet[Occupation]:
        node = Occupation.objects.filter(code=value.strip()).only("code", "level").first()
        return qs.filter(code__startswith=node.group_prefix) if node else qs.none()


class SkillFilterSet(django_filters.FilterSet):
    """Skills by category, by the occupation that needs them (a group selects its subtree) and `q`."""

    q = SearchFilter(search_fields=("code", "name_zh", "name_en"))
    category = django_filters.CharFilter(field_name="category__code", label=_("Category code"))
    occupation = django_filters.CharFilter(
        method="filter_occupation", label=_("Needed by this occupation code (a group selects its subtree)")
    )
    ordering = django_filters.OrderingFilter(fields=(("code", "code"), ("name_zh", "name")))

    class Meta:
        model = Skill
        fields = ["q", "category", "occupation"]

    def filter_occupation(self, qs: QuerySet[Skill], name: str, value: str) -> QuerySet[Skill]:
        from talent.models import OccupationSkill

        links = OccupationSkill.objects.filter(occupation_subtree_q("occupation", value.strip()))
        return qs.filter(Exists(links.filter(skill=OuterRef("pk"))))
