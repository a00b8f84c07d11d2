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

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        """Log the answer in the access log when it shows a worker's identity to someone else."""
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if 200 <= response.status_code < 300 and getattr(response, "data", None) is not None:
            from hrmatch.api.access import log_identity_access

            log_identity_access(request, self, response.data)
        return response

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
