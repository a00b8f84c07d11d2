"""Writes of notifications: telling users something happened, marking what they have read, and pruning
old ones.

`notify` writes in the caller's transaction: a move that is rolled back tells nobody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hrmatch.actors import Actor, person_of
from notifications.messages import MESSAGES, stored
from notifications.models import Notification


def _user_id(recipient: Any) -> int | None:
    if recipient is None:
        return None
    pk = recipient if isinstance(recipient, int) else getattr(recipient, "pk", None)
    return pk if isinstance(pk, int) else None


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    actor: Actor | None = None,
) -> list[Notification]:
    """Tell each recipient (users or user ids; None skipped, each once) that `kind` happened.

    The acting person is never told of their own act. Returns the notifications written.
    """
    if kind not in MESSAGES:
        raise ValueError(f"unknown notification kind {kind!r}")
    acting = _user_id(person_of(actor))
    ids = list(dict.fromkeys(uid for uid in map(_user_id, recipients) if uid is not None and uid != acting))
    if not ids:
        return []
    facts = {key: stored(value) for key, value in (params or {}).items()}
    now = timezone.now()
    rows = [
        Notification(recipient_id=uid, kind=kind, params=facts, url=url[:300], created_at=now) for uid in ids
    ]
    return Notification.objects.bulk_create(rows)


@transaction.atomic
def notification_mark_read(*, notification: Notification, actor: Actor) -> Notification:
    """Mark one of the actor's own notifications read (already read: unchanged)."""
    Notification.objects.filter(
        pk=notification.pk, recipient_id=_user_id(person_of(actor)), read_at__isnull=True
    ).update(read_at=timezone.now())
    notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification of the actor read; returns how many were unread."""
    user_id = _user_id(person_of(actor))
    if user_id is None:
        return 0
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_facts_forget(*, about: str, ids: Iterable[int], facts: Iterable[str]) -> int:
    """Blank the named free-text facts of every notification about these objects (`params[about]` among
    `ids`), for an erasure: the notification stays, worded without what was written about the person."""
    names = list(facts)
    changed = []
    for notification in Notification.objects.filter(**{f"params__{about}__in": list(ids)}):
        if any(notification.params.get(name) for name in names):
            notification.params = {**notification.params, **dict.fromkeys(names, "")}
            changed.append(notification)
    Notification.objects.bulk_update(changed, ["params"], batch_size=500)
    return len(changed)


PRUNE_BATCH = 5000


def retention_days() -> tuple[int, int]:
    """How many days read and unread notifications are kept (HRMATCH_NOTIFICATION_RETENTION_DAYS and
    HRMATCH_NOTIFICATION_UNREAD_RETENTION_DAYS): at least a day, and unread ones never less than read ones."""
    read = max(1, int(settings.HRMATCH_NOTIFICATION_RETENTION_DAYS))
    return read, max(read, int(settings.HRMATCH_NOTIFICATION_UNREAD_RETENTION_DAYS))


@transaction.atomic
def _prune_batch(*, stale: Q, batch: int) -> tuple[int, int]:
    """Delete up to `batch` stale notifications; (read, unread) deleted."""
    rows = list(Notification.objects.filter(stale).order_by().values_list("pk", "read_at")[:batch])
    if not rows:
        return 0, 0
    Notification.objects.filter(pk__in=[pk for pk, _read_at in rows]).delete()
    read = sum(1 for _pk, read_at in rows if read_at is not None)
    return read, len(rows) - read


def notification_prune(*, now: dt.datetime | None = None, batch: int = PRUNE_BATCH) -> dict[str, int]:
    """Delete read notifications sent longer ago than the read retention and unread ones sent longer ago
    than the unread retention (scheduled nightly by beat); returns how many of each were deleted.

    A batch per transaction, so a first prune of a large backlog neither holds locks for long nor rolls
    everything back if interrupted: every batch is complete on its own, and a second run carries on.
    """
    read_days, unread_days = retention_days()
    moment = now or timezone.now()
    stale = Q(read_at__isnull=False, created_at__lt=moment - dt.timedelta(days=read_days)) | Q(
        created_at__lt=moment - dt.timedelta(days=unread_days)
    )
    deleted = {"read": 0, "unread": 0}
    while True:
        read, unread = _prune_batch(stale=stale, batch=batch)
        deleted["read"] += read
        deleted["unread"] += unread
        if read + unread < batch:
            return deleted
