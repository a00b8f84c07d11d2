"""Writing the access log and pruning the audit trail (the only sanctioned delete of audit rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AccessedWorker, AccessLog

# PITFALLS: keep audit rows at least six months; the prune refuses a shorter retention.
MIN_RETENTION_DAYS = 183


@transaction.atomic
def access_record(
    *,
    user: Any,
    action: str,
    what: str,
    worker_ids: Iterable[int],
    role: str = "",
    organisation: str = "",
    city_id: int | None = None,
    path: str = "",
    address: str = "",
) -> AccessLog | None:
    """Log one read of unmasked identity or one export; nothing when no worker was shown."""
    ids = sorted({int(worker_id) for worker_id in worker_ids if worker_id is not None})
    if not ids:
        return None
    authenticated = bool(getattr(user, "is_authenticated", False))
    entry = AccessLog.objects.create(
        actor=user if authenticated else None,
        actor_name=user.get_username() if authenticated else "",
        actor_role=role,
        organisation=organisation[:200],
        action=action,
        what=what[:200],
        path=path[:300],
        rows=len(ids),
        city_id=city_id,
        client_address=address[:64],
    )
    AccessedWorker.objects.bulk_create(
        [AccessedWorker(entry=entry, worker_id=worker_id, at=entry.at) for worker_id in ids], batch_size=5000
    )
    return entry


def retention_days() -> int:
    """How long audit rows are kept (HRMATCH_AUDIT_RETENTION_DAYS, never under six months)."""
    return max(MIN_RETENTION_DAYS, int(settings.HRMATCH_AUDIT_RETENTION_DAYS))


@transaction.atomic
def audit_prune(*, days: int | None = None, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete audit rows older than the retention: the only delete the PostgreSQL trigger lets through.

    The trigger allows a DELETE only of a row older than the cutoff this transaction declares in the
    `hrmatch.audit_prune_before` setting (SET LOCAL: it ends with the transaction).
    """
    from auditlog.models import LogEntry

    keep = max(MIN_RETENTION_DAYS, days if days is not None else retention_days())
    cutoff = (now or timezone.now()) - dt.timedelta(days=keep)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('hrmatch.audit_prune_before', %s, true)", [cutoff.isoformat()])
    workers = AccessedWorker.objects.filter(at__lt=cutoff)._raw_delete(AccessedWorker.objects.db)
    entries = AccessLog.objects.filter(at__lt=cutoff)._raw_delete(AccessLog.objects.db)
    history = LogEntry.objects.filter(timestamp__lt=cutoff)._raw_delete(LogEntry.objects.db)
    return {"access_log": entries, "accessed_workers": workers, "history": history}
