"""Reads of notifications: a user sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from hrmatch.actors import Actor, person_of
from notifications.models import Notification


def notification_list(*, actor: Actor) -> QuerySet[Notification]:
    """The actor's own notifications, newest first (none for anonymous visitors)."""
    user = person_of(actor)
    if user is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def notification_unread_count(*, actor: Actor) -> int:
    """How many of the actor's notifications are unread: one COUNT over a partial index."""
    user = person_of(actor)
    if user is None:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
