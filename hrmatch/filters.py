"""Filter pieces shared by every FilterSet: free-text search, safe choices (occupation subtrees: talent.filters)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _


class SearchFilter(django_filters.CharFilter):
    """`q`: every word must appear in one of the given fields."""

    def __init__(self, *args, search_fields: tuple[str, ...], **kwargs) -> None:
        kwargs.setdefault("label", _("Search"))
        super().__init__(*args, **kwargs)
        self.search_fields = search_fields

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        for word in (value or "").split()[:8]:
            match = Q()
            for field in self.search_fields:
                match |= Q(**{f"{field}__icontains": word})
            qs = qs.filter(match)
        return qs
