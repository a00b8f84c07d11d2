"""The filter backend of the API: the shared FilterSets, plus a bound on numbers no column can hold."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

# Far beyond any id, count or amount, and well inside a 64-bit column (SQLite and PostgreSQL alike).
LARGEST_NUMBER = 10**15


class FilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that answers 400 for a number too large for the database instead of a 500."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        errors = {
            name: [_("Ensure this value is at most %(limit)s.") % {"limit": LARGEST_NUMBER}]
            for name, value in filterset.form.cleaned_data.items()
            if isinstance(value, (int, float, Decimal))
            and not isinstance(value, bool)
            and abs(value) > LARGEST_NUMBER
        }
        if errors:
            raise serializers.ValidationError(errors)
        return filterset.qs
