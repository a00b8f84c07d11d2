"""The retry policy every Celery task shares: a database that is briefly unreachable is tried again."""

from __future__ import annotations

from typing import Any

from django.db import OperationalError

# Exponential backoff with jitter, at most 5 tries and 5 minutes apart: far below Redis's visibility
# timeout, so a retried task is never delivered twice because it waited too long.
RETRY: dict[str, Any] = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}
