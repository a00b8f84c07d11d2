"""Filter pieces of the occupation taxonomy shared by every app's FilterSets: occupation subtrees."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from talent.models import Occupation


def occupation_subtree_q(field: str, code: str) -> Q:
    """Rows whose occupation is `code` or lies under it: a group code (6-18-00-00) matches its whole subtree."""
    occupation = Occupation.objects.filter(code=code).only("code", "level").first()
    if occupation is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__code__startswith": occupation.group_prefix})


class OccupationCodeFilter(django_filters.CharFilter):
    """An occupation code; a group's code selects every occupation beneath it."""

    def __init__(self, *args: Any, occupation_field: str = "occupation", **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Occupation code (a group selects its whole subtree)"))
        super().__init__(*args, **kwargs)
        self.occupation_field = occupation_field

    def filter(self, qs: QuerySet[Any], value: str | list[str]) -> QuerySet[Any]:
        """One code, or (from the job board's checkboxes) several, any of which may match."""
        codes = [value] if isinstance(value, str) else list(value or ())
        codes = [code.strip() for code in codes if code and code.strip()]
        if not codes:
            return qs
        match = Q(pk__in=[])
        for code in codes:
            match |= occupation_subtree_q(self.occupation_field, code)
        return qs.filter(match)
