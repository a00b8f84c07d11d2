"""FilterSet of notifications, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification


class NotificationFilterSet(django_filters.FilterSet):
    """`unread=true` keeps the unread ones; `kind` one kind of notification."""

    unread = django_filters.BooleanFilter(method="filter_unread", label=_("Unread only"))
    kind = django_filters.ChoiceFilter(choices=Notification.Kind.choices, label=_("Kind"))

    class Meta:
        model = Notification
        fields = ["unread", "kind"]

    def filter_unread(self, queryset: QuerySet[Notification], name: str, value: bool | None):
        if value is None:
            return queryset
        return queryset.filter(read_at__isnull=value)
