"""Forms of the agency pages: recording a placement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrmatch.pages import safe_pk_choices
from hrmatch.widgets import DateInput
from talent.work_terms import EmploymentForm


class PlacementForm(forms.Form):
    """A worker of the pool placed in a vacancy the agency serves."""

    worker = forms.ModelChoiceField(queryset=None, label=_("Worker"))
    vacancy = forms.ModelChoiceField(queryset=None, label=_("Vacancy"))
    employment_form = forms.ChoiceField(choices=EmploymentForm.choices, label=_("Employment form"))
    started_on = forms.DateField(label=_("Start date"), widget=DateInput())

    def __init__(self, *args: Any, workers: Any, vacancies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        safe_pk_choices(self)
        self.fields["worker"].queryset = workers
        self.fields["vacancy"].queryset = vacancies
        self.fields["vacancy"].label_from_instance = lambda v: f"{v.title} · {v.enterprise.name}"
        self.fields["started_on"].initial = timezone.localdate()
