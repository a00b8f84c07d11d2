"""FilterSet of the access log, shared by its page and its API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from audit.models import AccessLog
from hrmatch.filters import SearchFilter


class AccessLogFilterSet(django_filters.FilterSet):
    """Entries by worker, person, organisation, action and time; `q` searches what and where."""

    q = SearchFilter(search_fields=("what", "path"))
    worker = django_filters.NumberFilter(
        field_name="workers__worker_id", label=_("Worker id"), min_value=1, max_value=10**15, distinct=True
    )
    actor = django_filters.CharFilter(field_name="actor_name", lookup_expr="icontains", label=_("Who"))
    organisation = django_filters.CharFilter(lookup_expr="icontains", label=_("Organisation"))
    action = django_filters.ChoiceFilter(choices=AccessLog.Action.choices, label=_("Action"))
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"))
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("Until"))

    class Meta:
        model = AccessLog
        fields = ["q", "worker", "actor", "organisation", "action", "since", "until"]
