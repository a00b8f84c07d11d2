"""Forms of the vacancy pages: the job board's filters, a vacancy and its required skills."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, Vacancy
from hrmatch.pages import model_choice_field, safe_pk_choices
from hrmatch.widgets import DateInput
from talent.models import CURRENT_EDITION, Importance, Occupation
from talent.skill_picker import SkillChoiceField
from talent.work_terms import SkillLevel

JOB_ORDERING = (
    ("-published", _("Newest first")),
    ("-pay", _("Highest pay first")),
    ("start", _("Earliest start first")),
)


class EnterpriseForm(forms.ModelForm):
    """A client factory as agency staff register or edit it, in the agency's city."""

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "industry",
            "district",
            "park",
            "address",
            "contract_headcount",
            "dispatched_headcount",
        ]

    def __init__(self, *args: Any, city: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        safe_pk_choices(self)
        model_choice_field(self, "district").queryset = city.districts.order_by("code")
        model_choice_field(self, "park").queryset = city.parks.order_by("name_zh", "id")
        self.fields["district"].label = _("District")
        self.fields["park"].label = _("Park")
        self.fields["credit_code"].help_text = _(
            "18 characters; the last is a check character computed from the first 17 (GB 32100-2015)."
        )
        self.fields["credit_code"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.instance.city = city

    def clean_credit_code(self) -> str:
        return str(self.cleaned_data["credit_code"]).strip().upper()

    def enterprise_data(self) -> dict[str, Any]:
        """The cleaned fields as the services take them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class VacancyForm(forms.ModelForm):
    """A vacancy as agency staff or factory HR write it; the occupation is picked by its code."""

    occupation_code = forms.CharField(
        label=_("Occupation code"),
        max_length=16,
        help_text=_("Type the job title and pick one of the suggested occupations, or enter a code."),
    )

    class Meta:
        model = Vacancy
        # The terms, with the occupation picked through occupation_code.
        fields = ["enterprise", *(name for name in Vacancy.TERM_FIELDS if name != "occupation")]
        widgets = {
            "start_date": DateInput(),
            "closing_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, enterprises: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        safe_pk_choices(self)
        model_choice_field(self, "enterprise").queryset = (
            enterprises if enterprises is not None else Enterprise.objects.none()
        )
        self.fields["enterprise"].label = _("Enterprise")
        self.fields["title"].widget.attrs.update({"autocomplete": "off"})
        if self.instance.pk and self.instance.occupation_id:
            self.fields["occupation_code"].initial = self.instance.occupation.code
            self.fields["enterprise"].disabled = True

    def clean_occupation_code(self) -> Occupation:
        code = self.cleaned_data["occupation_code"].strip()
        occupation = Occupation.objects.filter(edition=CURRENT_EDITION, code=code).first()
        if occupation is None:
            raise forms.ValidationError(_("No occupation has the code %(code)s.") % {"code": code})
        return occupation

    def vacancy_data(self) -> dict[str, Any]:
        """The cleaned fields as the service takes them."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "enterprise"}
        data["occupation"] = self.cleaned_data["occupation_code"]
        data["dispatch_nature"] = data.get("dispatch_nature") or ""
        return data


class VacancySkillForm(forms.Form):
    """One required or preferred skill of a vacancy."""

    skill = SkillChoiceField(label=_("Skill"), required=False)
    importance = forms.ChoiceField(
        choices=Importance.choices, label=_("Importance"), initial=Importance.REQUIRED
    )
    min_level = forms.TypedChoiceField(
        choices=SkillLevel.choices, coerce=int, label=_("Minimum level"), initial=SkillLevel.WORKING
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        safe_pk_choices(self)


class BaseSkillFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            skill = form.cleaned_data.get("skill")
            if skill is None:
                continue
            if skill.pk in seen:
                raise forms.ValidationError(_("Each skill may be listed once."))
            seen.add(skill.pk)

    def triples(self) -> list[tuple[int, str, int]]:
        return [
            (f.cleaned_data["skill"].pk, f.cleaned_data["importance"], f.cleaned_data["min_level"])
            for f in self.forms
            if f.cleaned_data.get("skill")
        ]


VacancySkillFormSet = forms.formset_factory(
    VacancySkillForm, formset=BaseSkillFormSet, extra=5, max_num=30, absolute_max=30
)


class VacancyTransitionForm(forms.Form):
    """Publish, pause or close."""

    to = forms.ChoiceField(
        choices=[
            (Vacancy.Status.OPEN, _("Publish")),
            (Vacancy.Status.PAUSED, _("Pause")),
            (Vacancy.Status.CLOSED, _("Close")),
        ]
    )
