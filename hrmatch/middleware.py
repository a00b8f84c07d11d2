"""Request guards that apply to every page and API call."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

API_PREFIX = "/api/v1/"


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path or in query or form parameters.

    No input of ours may contain one, and PostgreSQL refuses them in text, so a NUL that reached a
    query would otherwise end as a server error instead of a clear answer. (JSON bodies are checked
    by the API's parser.)
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


def _status_sentence(status: int) -> str:
    sentences = {
        400: _("The request is not valid."),
        403: _("You do not have permission to perform this action."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        429: _("Too many requests. Try again later."),
    }
    if status in sentences:
        return sentences[status]
    return _("A server error occurred.") if status >= 500 else _("The request could not be answered.")


class ApiErrorShapeMiddleware:
    """Every error under /api/v1/ answers JSON `{"detail", "errors"}`, whoever produced it.

    DRF shapes the errors its views raise; this catches the rest: an unknown API path (Django's HTML
    404), a guard that answered text (the NUL check above), a server error page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
            or getattr(response, "streaming", False)
        ):
            return response
        detail = _status_sentence(response.status_code)
        if response.get("Content-Type", "").startswith("text/plain") and response.content:
            detail = response.content.decode("utf-8", "replace")[:500]
        shaped = JsonResponse({"detail": detail, "errors": {}}, status=response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                shaped[header] = response[header]
        return shaped
