"""Delete audit rows past their retention: the only way audit rows are ever deleted."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from audit.services import MIN_RETENTION_DAYS, audit_prune, retention_days


class Command(BaseCommand):
    help = "Delete access log and history rows older than HRMATCH_AUDIT_RETENTION_DAYS (at least 183)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Keep this many days instead of the setting (never fewer than {MIN_RETENTION_DAYS}).",
        )

    def handle(self, *args, days: int | None = None, **options):
        deleted = audit_prune(days=days)
        kept = max(MIN_RETENTION_DAYS, days if days is not None else retention_days())
        self.stdout.write(
            f"kept {kept} days; deleted {deleted['access_log']} access log entries, "
            f"{deleted['accessed_workers']} worker references, {deleted['history']} history rows"
        )
