"""Forms of the pipeline pages: moving a candidate, with a person's reason for every rejection."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.models import Application
from matching.services.pipeline import MOVES

REJECTION_REASONS = (
    ("skills", _("Skills below what the job needs")),
    ("experience", _("Not enough experience")),
    ("commute", _("Lives too far away")),
    ("pay", _("Pay expectation does not fit")),
    ("availability", _("Not available in time")),
    ("interview", _("Did not come to the interview")),
    ("filled", _("Position already filled")),
)


class MoveForm(forms.Form):
    """The next stage of a candidate; a rejection needs a reason picked or written by a person."""

    to = forms.ChoiceField(choices=[(stage.value, stage.label) for stage in MOVES])
    reason_code = forms.ChoiceField(
        choices=[("", _("— choose a reason —")), *REJECTION_REASONS], required=False, label=_("Reason")
    )
    reason = forms.CharField(max_length=200, required=False, label=_("Other reason"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("reason") or "").strip()
        code = data.get("reason_code")
        if code:
            label = str(dict(REJECTION_REASONS)[code])
            text = f"{label}: {text}" if text else label
        data["reason_text"] = text[:200]
        if data.get("to") == Application.Stage.REJECTED and not text:
            self.add_error("reason_code", _("Give a reason: the worker and the records need to know why."))
        return data
