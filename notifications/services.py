"""Writes of notifications: telling users something happened, and marking what they have read.

`notify` writes in the caller's transaction: a move that is rolled back tells nobody.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
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
