"""Form widgets every page form shares."""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A browser date picker. `<input type="date">` reads only YYYY-MM-DD: with zh-hans formats Django
    would render "2026/11/10", the browser would show the field empty, and a required date would then
    block every save of a form that already holds one."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=format or ISO_DATE)


ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    """A browser date-and-time picker: `<input type="datetime-local">` reads only YYYY-MM-DDTHH:MM (in
    the site's time zone, Beijing time), whatever the language's formats say."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=format or ISO_DATETIME_LOCAL)
