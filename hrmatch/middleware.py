"""Request guards that apply to every page and API call."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path or in query or form parameters.

    No input of ours may contain one, and PostgreSQL refuses them in text, so a NUL that reached a
    query would otherwise end as a server error instead of a clear answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or self._has_nul(request.GET)
            or (
                request.method == "POST"
                and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
                and self._has_nul(request.POST)
            )
        ):
            # This runs before LocaleMiddleware: answer in the visitor's language all the same.
            with translation.override(translation.get_language_from_request(request)):
                return HttpResponseBadRequest(
                    _("The request contains a NUL character."), content_type="text/plain; charset=utf-8"
                )
        return self.get_response(request)

    @staticmethod
    def _has_nul(params) -> bool:
        return any("\x00" in key or any("\x00" in value for value in params.getlist(key)) for key in params)
