"""Forms of the pipeline pages: moving a candidate, with a person's reason for every rejection; interviews."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hrmatch.widgets import ISO_DATETIME_LOCAL, DateTimeLocalInput
from matching.models import Application, Interview
from matching.services.interviews import InterviewTerms
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


class InterviewForm(forms.Form):
    """When, how and where an interview is, and whom the worker asks for (the service checks the rules)."""

    starts_at = forms.DateTimeField(
        label=_("Time (Beijing time)"),
        widget=DateTimeLocalInput(),
        input_formats=[ISO_DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
    )
    mode = forms.ChoiceField(label=_("How"), choices=Interview.Mode.choices, initial=Interview.Mode.ON_SITE)
    place = forms.CharField(
        label=_("Where"),
        max_length=200,
        required=False,
        help_text=_("Needed for an interview on site: the address, gate, building or room."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20)
    note = forms.CharField(
        label=_("Note for the worker"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What to bring, how to find the place."),
    )

    def terms(self) -> InterviewTerms:
        return InterviewTerms(**self.cleaned_data)


class InterviewCancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=200)


class RescheduleRequestForm(forms.Form):
    note = forms.CharField(
        label=_("Which days and times suit you?"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )


WITHDRAWAL_REASONS = (
    ("found_job", _("I found another job")),
    ("pay", _("The pay does not suit me")),
    ("commute", _("It is too far from home")),
    ("shifts", _("The shifts do not suit me")),
    ("personal", _("Personal reasons")),
)


def withdraw_reasons() -> list[tuple[str, str]]:
    """The reason choices of the inline withdraw forms (each card writes its own ids)."""
    return [("", str(_("— choose a reason —"))), *((code, str(label)) for code, label in WITHDRAWAL_REASONS)]


class WithdrawForm(forms.Form):
    """A worker takes an application back: a reason from the list, and a note if they wish."""

    reason_code = forms.ChoiceField(
        choices=[("", _("— choose a reason —")), *WITHDRAWAL_REASONS], label=_("Why are you withdrawing?")
    )
    note = forms.CharField(max_length=150, required=False, label=_("Anything to add (optional)"))

    def reason_text(self) -> str:
        """The reason the factory and the records read: the chosen label, then the note."""
        label = str(dict(WITHDRAWAL_REASONS)[self.cleaned_data["reason_code"]])
        note = self.cleaned_data["note"].strip()
        return (f"{label}: {note}" if note else label)[:200]
