"""django-auditlog's middleware with the request's user read late and the trusted client address."""

from __future__ import annotations

from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.utils.functional import SimpleLazyObject

from hrmatch.client import client_address


def _signed_in_user(request: Any) -> Any:
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


class AuditActorMiddleware(AuditlogMiddleware):
    """Attribute history rows to the request's user, including API calls signed with a token.

    DRF authenticates inside the view, after middleware ran; it then sets the user on the Django
    request, so the actor is read when the first history row is written, not when the request starts.
    The address is the one rate limits use (X-Forwarded-For only behind trusted proxies).
    """

    @staticmethod
    def _get_remote_addr(request: Any) -> str | None:
        return client_address(request) or None

    @staticmethod
    def _get_remote_port(request: Any) -> int | None:
        return None

    @staticmethod
    def _get_actor(request: Any) -> Any:
        return SimpleLazyObject(lambda: _signed_in_user(request))
