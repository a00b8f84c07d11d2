"""Delete in-app notifications past their retention, as the nightly beat task does."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from notifications.services import notification_prune, retention_days


class Command(BaseCommand):
    help = (
        "Delete read notifications older than HRMATCH_NOTIFICATION_RETENTION_DAYS and unread ones older "
        "than HRMATCH_NOTIFICATION_UNREAD_RETENTION_DAYS."
    )

    def handle(self, *args, **options):
        deleted = notification_prune()
        read_days, unread_days = retention_days()
        self.stdout.write(
            f"kept read notifications {read_days} days and unread ones {unread_days} days; "
            f"deleted {deleted['read']} read and {deleted['unread']} unread"
        )
