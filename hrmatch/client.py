"""The client's address as the deployment's trusted proxies report it, the same for every rate limit.

`HRMATCH_TRUSTED_PROXIES` (DRF's `NUM_PROXIES`) says how many reverse proxies stand in front of the
application. With the default 0, `X-Forwarded-For` is ignored: a client could write anything there,
and rotating it would otherwise lift every rate limit and lockout. With N proxies, the N-th address
from the right of `X-Forwarded-For` is the client (each proxy appends the address it saw).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def trusted_proxy_count() -> int:
    """How many reverse proxies in front of the application append to X-Forwarded-For."""
    configured: Any = settings.REST_FRAMEWORK.get("NUM_PROXIES")
    return int(configured or 0)


def client_address(request: Any) -> str:
    """The address rate limits, the login lockout and the audit trail attribute a request to."""
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR") or ""
    proxies = trusted_proxy_count()
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if proxies == 0 or not forwarded:
        return remote
    addresses = [item.strip() for item in forwarded.split(",") if item.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]
