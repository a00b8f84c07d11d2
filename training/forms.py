"""Forms of the training pages: enrolling, and the provider's record of a trainee's progress."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from training.models import Enrolment


class EnrolForm(forms.Form):
    consent_to_profile = forms.BooleanField(
        label=_("Add the skills and certificate to my profile when I pass"), required=False, initial=True
    )


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(Enrolment.Status.ATTENDING, _("Attending")), (Enrolment.Status.DROPPED, _("Dropped"))],
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CompleteForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Assessment"),
        choices=[("1", _("Passed")), ("0", _("Not passed"))],
        coerce=lambda value: value == "1",
    )
    score = forms.IntegerField(label=_("Score"), min_value=0, max_value=100, required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=40, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
