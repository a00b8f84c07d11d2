"""FilterSets of enterprises and vacancies, shared by the pages and the API."""

from __future__ import annotations

import math

import django_filters
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from enterprises.industries import Industry
from enterprises.models import Enterprise, Vacancy
from hrmatch.filters import SearchFilter
from pilots.models import District
from talent.filters import OccupationCodeFilter
from talent.work_terms import EmploymentForm, ShiftPattern


class EnterpriseFilterSet(django_filters.FilterSet):
    """Enterprises by city, district, park, industry and name or credit code."""

    q = SearchFilter(search_fields=("name", "credit_code", "address"))
    city = django_filters.CharFilter(field_name="city__code", label=_("City division code"))
    district = django_filters.CharFilter(field_name="district__code", label=_("District division code"))
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label=_("Industry"))
    over_dispatch_cap = django_filters.BooleanFilter(
        # xgettext:no-python-format
        method="filter_over_cap",
        label=_("Over the dispatch cap (a tenth of the workforce)"),
    )
    ordering = django_filters.OrderingFilter(fields=(("name", "name"), ("contract_headcount", "headcount")))

    class Meta:
        model = Enterprise
        fields = ["q", "city", "district", "industry", "park"]

    def filter_over_cap(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        over = qs.filter(dispatched_headcount__gt=F("contract_headcount") / 9)
        return over if value else qs.exclude(pk__in=over.values("pk"))


class VacancyFilterSet(django_filters.FilterSet):
    """Vacancies by place, occupation (a group selects its subtree), skill, pay, terms, status and dates."""

    q = SearchFilter(search_fields=("title", "enterprise__name", "occupation__name", "description"))
    city = django_filters.CharFilter(field_name="city__code", label=_("City division code"))
    district = django_filters.CharFilter(field_name="district__code", label=_("District division code"))
    occupation = OccupationCodeFilter()
    skill = django_filters.CharFilter(
        field_name="skill_requirements__skill__code", label=_("Skill code"), distinct=True
    )
    pay_min = django_filters.NumberFilter(
        field_name="pay_max", lookup_expr="gte", label=_("Pay at least (CNY/month)")
    )
    pay_max = django_filters.NumberFilter(
        field_name="pay_min", lookup_expr="lte", label=_("Pay at most (CNY/month)")
    )
    employment_form = django_filters.MultipleChoiceFilter(
        choices=EmploymentForm.choices, label=_("Employment form")
    )
    shift_pattern = django_filters.MultipleChoiceFilter(
        choices=ShiftPattern.choices, label=_("Shift pattern")
    )
    dormitory = django_filters.BooleanFilter(label=_("Dormitory provided"))
    status = django_filters.MultipleChoiceFilter(choices=Vacancy.Status.choices, label=_("Status"))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("Enterprise"))
    published_after = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__gte", label=_("Published from")
    )
    published_before = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__lte", label=_("Published until")
    )
    near_district = django_filters.CharFilter(method="filter_near", label=_("Near district (division code)"))
    within_km = django_filters.NumberFilter(
        method="filter_noop", label=_("Within (km) of that district"), min_value=1, max_value=200
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("published_at", "published"),
            ("pay_max", "pay"),
            ("start_date", "start"),
            ("headcount", "headcount"),
        ),
    )

    class Meta:
        model = Vacancy
        fields = [
            "q",
            "city",
            "district",
            "occupation",
            "skill",
            "employment_form",
            "shift_pattern",
            "dormitory",
            "status",
        ]

    def filter_noop(self, qs: QuerySet, name: str, value) -> QuerySet:
        return qs  # read by filter_near

    def filter_near(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        """Vacancies within `within_km` (default 10) of a district's centre, by an equirectangular box and circle."""
        district = District.objects.filter(code=value).values("latitude", "longitude").first()
        if district is None:
            return qs.none()
        km = float(self.form.cleaned_data.get("within_km") or 10)
        lat0, lon0 = district["latitude"], district["longitude"]
        dlat, dlon = km / 111.2, km / (111.2 * max(math.cos(math.radians(lat0)), 0.1))
        boxed = qs.filter(
            latitude__range=(lat0 - dlat, lat0 + dlat), longitude__range=(lon0 - dlon, lon0 + dlon)
        )
        kx = 111.2 * math.cos(math.radians(lat0))
        return boxed.alias(
            d2=(F("latitude") - lat0) * (F("latitude") - lat0) * 111.2 * 111.2
            + (F("longitude") - lon0) * (F("longitude") - lon0) * kx * kx
        ).filter(d2__lte=km * km)
