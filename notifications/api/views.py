"""One's own notifications over the API: list (filter `unread`, `kind`), read one, mark one or all read.

Every user sees only their own: another user's notification answers 404.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hrmatch.api.permissions import IsSignedIn
from hrmatch.api.viewsets import ApiViewSet
from notifications.api.serializers import NotificationOutputSerializer, NotificationReadAllOutputSerializer
from notifications.filtersets import NotificationFilterSet
from notifications.models import Notification
from notifications.selectors import notification_list, notification_unread_count
from notifications.services import notification_mark_all_read, notification_mark_read


@extend_schema_view(
    list=extend_schema(summary="One's own notifications, newest first (`unread=true` for the unread)"),
    retrieve=extend_schema(summary="One of one's own notifications"),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = NotificationOutputSerializer
    filterset_class = NotificationFilterSet
    queryset = Notification.objects.none()  # for the schema; get_queryset scopes
    lookup_value_regex = "[0-9]{1,18}"
    permissions_by_action = {"default": [IsSignedIn]}

    def get_queryset(self):
        return notification_list(actor=self.actor)

    @extend_schema(summary="Mark one of one's notifications read", request=None)
    @action(detail=True, methods=["post"], filterset_class=None)
    def read(self, request: Request, pk=None) -> Response:
        notification = notification_mark_read(notification=self.get_object(), actor=self.actor)
        return Response(NotificationOutputSerializer(notification).data)

    @extend_schema(
        summary="Mark all of one's notifications read",
        request=None,
        responses={200: NotificationReadAllOutputSerializer},
    )
    @action(detail=False, methods=["post"], url_path="read-all", filterset_class=None)
    def read_all(self, request: Request) -> Response:
        marked = notification_mark_all_read(actor=self.actor)
        return Response({"marked": marked, "unread": notification_unread_count(actor=self.actor)})
