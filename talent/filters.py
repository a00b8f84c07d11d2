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

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(occupation_subtree_q(self.occupation_field, value.strip()))
