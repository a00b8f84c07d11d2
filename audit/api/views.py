"""The access log over the API: administrators and officials search it (a city's officials, their city)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from audit.api.serializers import AccessLogOutputSerializer
from audit.filtersets import AccessLogFilterSet
from audit.models import AccessedWorker, AccessLog
from audit.selectors import access_log_list
from hrmatch.api.permissions import IsOfficial
from hrmatch.api.viewsets import ApiViewSet


@extend_schema_view(
    list=extend_schema(summary="Search the access log: who saw or exported which workers' identity"),
)
class AccessLogViewSet(mixins.ListModelMixin, ApiViewSet):
    """Reads of unmasked identity and exports, newest first."""

    serializer_class = AccessLogOutputSerializer
    filterset_class = AccessLogFilterSet
    queryset = AccessLog.objects.none()  # for the schema
    permissions_by_action = {"default": [IsOfficial]}  # administrators pass every role check

    def get_queryset(self) -> QuerySet[AccessLog]:
        return access_log_list(actor=self.actor).prefetch_related(
            Prefetch("workers", queryset=AccessedWorker.objects.order_by("worker_id"))
        )
