"""Celery wrapper of the nightly audit prune."""

from __future__ import annotations

from celery import shared_task

from audit.services import audit_prune


@shared_task(name="audit.prune")  # a stable name for the beat schedule
def prune_audit() -> dict[str, int]:
    """Delete audit rows past their retention (scheduled nightly by beat)."""
    return audit_prune()
