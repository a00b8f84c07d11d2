"""Notifications as the API shows them: the sentence in the request's language, the facts, the link."""

from __future__ import annotations

from rest_framework import serializers

from notifications.models import Notification


class NotificationOutputSerializer(serializers.ModelSerializer):
    message = serializers.CharField(read_only=True, help_text="The sentence, in the request's language")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "message", "params", "url", "created_at", "read", "read_at"]


class NotificationReadAllOutputSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many unread notifications were marked read")
    unread = serializers.IntegerField(help_text="Unread notifications left (0)")
