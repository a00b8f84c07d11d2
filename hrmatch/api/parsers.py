"""The API's body parsers: DRF's, refusing a NUL character anywhere in the parsed input, and JSON
nested deeper than MAX_JSON_DEPTH (checked before parsing: Python's json module recurses per level, so
a body nested 100,000 deep would otherwise end in a RecursionError, a 500).

RejectNulBytesMiddleware only sees what Django parses itself (POST bodies sent exactly as
application/x-www-form-urlencoded or multipart/form-data). DRF parses every other body on its own:
JSON, PUT and PATCH forms, a `multipart/*` content type. No input of ours may contain a NUL and
PostgreSQL refuses them in text, so the parsers answer 400 before one can reach a query.
"""

from __future__ import annotations

import io
import re
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

NUL = "\x00"
MAX_JSON_DEPTH = 32

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[^\[\]{}]+")


def json_depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (strings skipped), without recursing."""
    brackets = np.frombuffer(_BRACKETS.sub(b"", _STRING.sub(b"", raw)), dtype=np.uint8)
    if brackets.size == 0:
        return 0
    steps = np.where((brackets == ord("[")) | (brackets == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


def contains_nul(value: Any) -> bool:
    """Whether a parsed body (JSON values, a QueryDict, uploaded files' names) holds a NUL anywhere."""
    if isinstance(value, str):
        return NUL in value
    if hasattr(value, "lists"):  # QueryDict, MultiValueDict: every value of every key
        return any(contains_nul(key) or contains_nul(values) for key, values in value.lists())
    if isinstance(value, dict):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(contains_nul(item) for item in value)
    name = getattr(value, "name", None)  # an uploaded file: its name is input, its bytes are not text
    return isinstance(name, str) and NUL in name


class RejectNulMixin:
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)  # type: ignore[misc]
        data, files = getattr(parsed, "data", parsed), getattr(parsed, "files", None)
        if contains_nul(data) or contains_nul(files):
            raise exceptions.ParseError(_("The request contains a NUL character."))
        return parsed


class JSONParser(RejectNulMixin, parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        raw = stream.read() if stream is not None else b""
        if json_depth(raw) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                _("The JSON is nested deeper than %(depth)s levels.") % {"depth": MAX_JSON_DEPTH}
            )
        try:
            return super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError as exc:  # below the cap, yet too deep for this interpreter's stack
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from exc


class FormParser(RejectNulMixin, parsers.FormParser):
    pass


class MultiPartParser(RejectNulMixin, parsers.MultiPartParser):
    pass
