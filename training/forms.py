"""Forms of the training pages: enrolling, and the provider's record of a trainee's progress."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from enterprises.models import Vacancy
from hrmatch.pages import safe_pk_choices
from pilots.models import Park
from training.models import Cohort, Drive, Enrolment


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


def _choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A form's model choice field, typed."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class DriveForm(forms.ModelForm):  # type: ignore[type-arg]
    """A joint recruitment drive: when and where, the vacancies taking part and the agencies bringing workers."""

    class Meta:
        model = Drive
        fields = [
            "title",
            "held_on",
            "venue",
            "online",
            "park",
            "max_interviews_per_worker",
            "candidates_per_post",
            "vacancies",
            "agencies",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "vacancies": forms.CheckboxSelectMultiple,
            "agencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, city_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        safe_pk_choices(self)
        _choice(self, "park").queryset = Park.objects.filter(city_id=city_id)
        vacancies = _choice(self, "vacancies")
        vacancies.queryset = (
            Vacancy.objects.filter(city_id=city_id, status=Vacancy.Status.OPEN)
            .select_related("enterprise")
            .order_by("enterprise__name", "title")
        )
        vacancies.label_from_instance = lambda v: f"{v.enterprise.name} · {v.title} ({v.headcount})"  # type: ignore[method-assign, assignment]
        _choice(self, "agencies").queryset = Agency.objects.filter(city_id=city_id).order_by("name")


class CommitmentForm(forms.Form):
    """An enterprise commits places of one of its open vacancies to a cohort (订单式培养)."""

    vacancy = forms.ModelChoiceField(label=_("Vacancy"), queryset=Vacancy.objects.none())
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none())
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)

    def __init__(self, *args: Any, vacancies: Any, cohorts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        safe_pk_choices(self)
        _choice(self, "vacancy").queryset = vacancies
        cohort = _choice(self, "cohort")
        cohort.queryset = cohorts
        cohort.label_from_instance = lambda c: (  # type: ignore[method-assign, assignment]
            f"{c.programme.title} · {c.programme.provider.name} · {c.starts_on:%Y-%m-%d}"
        )
