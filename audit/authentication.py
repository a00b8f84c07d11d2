"""Token authentication with expiry and a record of each token's last use."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from audit.models import TokenUse
from hrmatch.client import client_address

TOKEN_USE_WRITE_EVERY = dt.timedelta(minutes=1)


def token_expires_at(token: Token) -> dt.datetime:
    """When a token stops being accepted."""
    return token.created + dt.timedelta(days=settings.HRMATCH_TOKEN_TTL_DAYS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing expired tokens and noting each token's last use."""

    def authenticate(self, request):
        self._request = request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        try:
            token = Token.objects.select_related("user", "use").get(key=key)
        except Token.DoesNotExist as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if token_expires_at(token) <= now:
            raise exceptions.AuthenticationFailed(_("The token has expired: obtain a new one."))
        use = getattr(token, "use", None)
        if use is None or now - use.last_used_at >= TOKEN_USE_WRITE_EVERY:
            TokenUse.objects.update_or_create(
                token=token,
                defaults={"last_used_at": now, "last_address": client_address(self._request)[:64]},
            )
        return (token.user, token)
