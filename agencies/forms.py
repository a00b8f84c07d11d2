"""Forms of the agency pages: recording a placement, a note on a worker."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Vacancy
from hrmatch.names import local_name
from hrmatch.pages import model_choice_field, safe_pk_choices
from hrmatch.widgets import DateInput
from talent.identity import mask_mobile
from talent.models import WorkerProfile
from talent.work_terms import EmploymentForm


class VacancyChoiceField(forms.ModelChoiceField):
    """Vacancies named with their enterprise."""

    def label_from_instance(self, obj: Vacancy) -> str:
        return f"{obj.title} · {obj.enterprise.name}"


class WorkerChoiceField(forms.ModelChoiceField):
    """Workers told apart where names repeat: masked mobile, birth year and district beside the name."""

    def label_from_instance(self, obj: WorkerProfile) -> str:
        district = (
            local_name(obj.home_district.name_zh, obj.home_district.name_en) if obj.home_district else ""
        )
        parts = [obj.full_name, mask_mobile(obj.mobile), str(obj.birth_year or ""), district]
        return " · ".join(part for part in parts if part)


class PlacementForm(forms.Form):
    """A worker of the pool placed in a vacancy the agency serves."""

    worker = WorkerChoiceField(queryset=None, label=_("Worker"))
    vacancy = VacancyChoiceField(queryset=None, label=_("Vacancy"))
    employment_form = forms.ChoiceField(choices=EmploymentForm.choices, label=_("Employment form"))
    started_on = forms.DateField(label=_("Start date"), widget=DateInput())

    def __init__(self, *args: Any, workers: Any, vacancies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        safe_pk_choices(self)
        model_choice_field(self, "worker").queryset = workers
        model_choice_field(self, "vacancy").queryset = vacancies
        self.fields["started_on"].initial = timezone.localdate()


class WorkerNoteForm(forms.Form):
    """A note on a worker, private to the agency."""

    body = forms.CharField(
        label=_("New note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only your agency's staff can read notes."),
    )
