"""Bases for the API's viewsets: the actor of the request, and permissions declared per action."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import viewsets
from rest_framework.permissions import AllowAny, BasePermission

from hrmatch.actors import Actor, actor_for


class ActorViewSetMixin:
    """`self.actor`, and `permissions_by_action = {"list": [AllowAny], "default": [...]}`."""

    permissions_by_action: ClassVar[dict[str, list[Any]]] = {}
    filterset_class: Any = None
    request: Any
    action: str

    @property
    def actor(self) -> Actor:
        return actor_for(self.request.user)

    def get_permissions(self) -> list[BasePermission]:
        classes = self.permissions_by_action.get(self.action or "", None)
        if classes is None:
            fallback: list[Any] = list(self.permission_classes)  # type: ignore[attr-defined]
            classes = self.permissions_by_action.get("default", fallback)
        return [permission() for permission in classes]


class ApiViewSet(ActorViewSetMixin, viewsets.GenericViewSet):
    """A generic viewset of this API; mix in the list/retrieve/create/update mixins a resource offers."""


class PublicReadOnlyViewSet(ActorViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Reference data anyone may read without signing in."""

    permission_classes = [AllowAny]
    lookup_value_regex = "[0-9]{1,18}"
