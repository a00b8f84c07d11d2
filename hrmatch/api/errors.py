"""One error shape for the whole API: `{"detail": "...", "errors": {"field": ["message", ...]}}`.

Services raise Django ValidationErrors (400 with field messages), the workflows raise their transition
errors (409), selectors raise DoesNotExist for objects out of scope (404), input the database refuses
as data (DataError) is a 400 too. DRF's own exceptions (authentication, permission, throttling,
parsing) keep their status and are reshaped.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from hrmatch.tabular import TableError
from hrmatch.workflows import TransitionError


class Conflict(exceptions.APIException):
    """The request is valid but the object's state does not allow it now (an illegal workflow move)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The object's current state does not allow this.")
    default_code = "conflict"


class ErrorOutputSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    detail = serializers.CharField(help_text="A sentence for a person.")
    # The body's "errors" field (documentation only), not Serializer.errors.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field (dotted paths for nested input, non_field_errors for the whole).",
    )


def flatten_errors(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {dotted.field: [messages]}; '__all__' becomes non_field_errors."""
    flat: dict[str, list[str]] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else str(key)
            flat.update(flatten_errors(value, f"{prefix}.{name}" if prefix else name))
    elif isinstance(data, list) and any(isinstance(item, (dict, list)) for item in data):
        for index, item in enumerate(data):
            if item:
                flat.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    elif isinstance(data, list):
        flat[prefix or api_settings.NON_FIELD_ERRORS_KEY] = [str(item) for item in data]
    else:
        flat[prefix or api_settings.NON_FIELD_ERRORS_KEY] = [str(data)]
    return flat


def _translate(exc: Exception) -> Exception:
    """Turn the exceptions services and selectors raise into DRF's, keeping their messages."""
    if isinstance(exc, TransitionError):
        return Conflict(detail=" ".join(exc.messages))
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(
                detail={k: get_error_detail(DjangoValidationError(v)) for k, v in exc.error_dict.items()}
            )
        return exceptions.ValidationError(detail={api_settings.NON_FIELD_ERRORS_KEY: exc.messages})
    if isinstance(exc, DataError):
        # Input the database refuses as data (a NUL character, a number out of range) that no check
        # caught earlier: the request is at fault, not the server.
        return exceptions.ValidationError(
            detail={
                api_settings.NON_FIELD_ERRORS_KEY: [_("The input contains a value that cannot be stored.")]
            }
        )
    if isinstance(exc, TableError):
        return exceptions.ValidationError(detail={"file": [str(exc)]})
    if isinstance(exc, (Http404, ObjectDoesNotExist)):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, fed translated exceptions, with every body reshaped to the one error shape."""
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: let Django log it and answer 500
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(data)
        count = sum(len(messages) for messages in errors.values())
        detail = getattr(exc, "summary", None) or (
            next(iter(errors.values()))[0] if count == 1 else _("The input is not valid.")
        )
        response.data = {"detail": detail, "errors": errors}
    else:
        detail = data.get("detail", "") if isinstance(data, dict) else data
        response.data = {"detail": str(detail), "errors": {}}
    return response


class InvalidRows(exceptions.ValidationError):
    """An import refused because of bad rows: `errors` has one `rows.<n>.<column>` entry per bad cell."""

    def __init__(self, detail: dict[str, list[str]], summary: str) -> None:
        super().__init__(detail=detail)
        self.summary = summary
