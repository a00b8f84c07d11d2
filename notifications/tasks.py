"""Celery wrapper of the nightly notification prune."""

from __future__ import annotations

from celery import shared_task

from notifications.services import notification_prune


@shared_task(name="notifications.prune")  # a stable name for the beat schedule
def prune_notifications() -> dict[str, int]:
    """Delete notifications past their retention (scheduled nightly by beat)."""
    return notification_prune()
