"""API tokens for integrations: obtain with username and password, list, revoke.

Tokens expire `HRMATCH_TOKEN_TTL_DAYS` after they were issued, are revoked when the password changes
(see `audit.receivers`), and record when and from which address they were last used.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle

from audit.authentication import token_expires_at
from hrmatch.api.permissions import IsSignedIn
from hrmatch.api.viewsets import ApiViewSet


def _token_owner(request: Request) -> User:
    """The signed-in user whose tokens are listed or revoked (IsSignedIn lets no one else this far)."""
    if not isinstance(request.user, User):
        raise NotAuthenticated()
    return request.user


class TokenObtainInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`")
    created = serializers.DateTimeField()
    expires = serializers.DateTimeField()


class TokenSummaryOutputSerializer(serializers.Serializer):
    key_prefix = serializers.CharField(help_text="The first characters only; the key is shown once")
    created = serializers.DateTimeField()
    expires = serializers.DateTimeField()
    last_used = serializers.DateTimeField(allow_null=True, help_text="Null until the token is first used")
    last_address = serializers.CharField(allow_blank=True)


class LoginRateThrottle(ScopedRateThrottle):
    """The `login` rate for token requests, per client address."""

    scope_attr = "throttle_scope"


@extend_schema_view(
    list=extend_schema(summary="One's API tokens (prefix and creation time)"),
)
class TokenViewSet(ApiViewSet):
    """Tokens of the signed-in user. DRF's authtoken keeps one token per user: revoking it and asking
    again gives a new key."""

    serializer_class = TokenSummaryOutputSerializer
    queryset = Token.objects.none()  # for the schema; list reads the user's own
    pagination_class = None
    throttle_scope = "login"
    permissions_by_action = {"create": [AllowAny], "default": [IsSignedIn]}

    def get_throttles(self):
        if self.action == "create":
            return [LoginRateThrottle(), AnonRateThrottle()]
        return super().get_throttles()

    def list(self, request: Request) -> Response:
        tokens = Token.objects.filter(user=_token_owner(request)).select_related("use")
        rows = []
        for token in tokens:
            use = getattr(token, "use", None)
            rows.append(
                {
                    "key_prefix": token.key[:6] + "…",
                    "created": token.created,
                    "expires": token_expires_at(token),
                    "last_used": use.last_used_at if use else None,
                    "last_address": use.last_address if use else "",
                }
            )
        return Response(TokenSummaryOutputSerializer(rows, many=True).data)

    @extend_schema(
        summary="Obtain a token with username and password (throttled by the `login` rate)",
        request=TokenObtainInputSerializer,
        responses={201: TokenOutputSerializer},
        auth=[],
        examples=[
            OpenApiExample("Sign in", value={"username": "factory_hr", "password": "…"}, request_only=True)
        ],
    )
    def create(self, request: Request) -> Response:
        serializer = TokenObtainInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Unable to sign in with this username and password.")]}
            )
        token, _created = Token.objects.get_or_create(user=user)
        if token_expires_at(token) <= timezone.now():
            token.delete()
            token = Token.objects.create(user=user)
        return Response(
            {"token": token.key, "created": token.created, "expires": token_expires_at(token)},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Revoke one's tokens (integrations using them stop working)",
        request=None,
        responses={204: None},
    )
    @action(detail=False, methods=["post"], filterset_class=None)
    def revoke(self, request: Request) -> Response:
        Token.objects.filter(user=_token_owner(request)).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
