"""The OpenAPI generator: every operation documents the error answers it can give, in the one error shape."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiExample

from hrmatch.api.errors import ErrorOutputSerializer

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: field messages in `errors`.",
    "401": "Not signed in, or an unknown token.",
    "403": "Signed in, but no role of yours may do this.",
    "404": "No such object, or it belongs to another tenant (the two answers are the same).",
    "409": "The object's state does not allow this now.",
    "429": "Too many requests: wait and try again.",
}

VALIDATION_EXAMPLE = OpenApiExample(
    "Invalid input",
    value={
        "detail": "The input is not valid.",
        "errors": {"pay_max": ["The maximum pay must not be below the minimum pay."]},
    },
    response_only=True,
    status_codes=["400"],
)


class AutoSchema(SpectacularAutoSchema):
    """Adds 400/401/403/404/429 (as they apply) to each operation, each with the error body."""

    def _error_codes(self) -> list[str]:
        codes = ["401", "403", "429"]
        has_input = self.method in ("POST", "PUT", "PATCH") or bool(
            self._get_filter_parameters()
            or self._get_pagination_parameters()
            or self.get_override_parameters()
        )
        if has_input:
            codes.append("400")
        if "{" in self.path or self._is_list_view():
            codes.append("404")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ErrorOutputSerializer, code, direction=direction
                )
                responses[code]["description"] = ERROR_DESCRIPTIONS[code]
        return dict(sorted(responses.items()))
