"""Forms of the worker pages: sign-up, a profile with preferences and skills, the pool's import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrmatch.pages import model_choice_field, safe_pk_choices
from hrmatch.widgets import DateInput
from pilots.models import District, PilotCity
from talent.identity import normalize_mobile, validate_id_number, validate_mobile
from talent.models import CURRENT_EDITION, Certificate, Occupation, WorkerProfile, WorkHistory
from talent.skill_picker import SkillChoiceField
from talent.work_terms import (
    FORM_BITS,
    SHIFT_BITS,
    EmploymentForm,
    ShiftPattern,
    SkillLevel,
    mask_of,
    members_of,
)


class SignupForm(forms.Form):
    """A worker's account: mobile number (the login), password and where they live."""

    full_name = forms.CharField(label=_("Your name"), max_length=60)
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("11 digits; you sign in with it."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1940, max_value=2010)
    home_city = forms.ModelChoiceField(queryset=PilotCity.objects.none(), label=_("City"))
    home_district = forms.ModelChoiceField(
        queryset=District.objects.none(), label=_("District"), required=False
    )
    # PIPL: consent to automated matching is its own act, never pre-ticked, and signing up works without it.
    consent_to_matching = forms.BooleanField(
        label=_("I agree that my profile is matched to vacancies automatically to recommend jobs to me"),
        required=False,
        initial=False,
        help_text=_(
            "Optional and separate from signing up. Factories still see no name or mobile until you apply. "
            "You can withdraw this consent at any time on the privacy page."
        ),
    )

    def profile_data(self) -> dict[str, Any]:
        """The profile fields of a valid sign-up, as worker_account_open takes them."""
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "birth_year": data["birth_year"],
            "home_city": data["home_city"],
            "home_district": data["home_district"],
            "consent_to_matching": bool(data["consent_to_matching"]),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        safe_pk_choices(self)
        model_choice_field(self, "home_city").queryset = PilotCity.objects.filter(is_active=True).order_by(
            "code"
        )
        city_id = self.data.get("home_city") if self.is_bound else None
        districts = District.objects.none()
        if city_id and str(city_id).isdigit() and len(str(city_id)) < 10:
            districts = District.objects.filter(city_id=int(city_id))
        model_choice_field(self, "home_district").queryset = districts
        self.fields["home_city"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("talent:district-options"),
                "hx-target": "#id_home_district",
                "hx-trigger": "change",
            }
        )

    def clean_mobile(self) -> str:
        mobile = normalize_mobile(self.cleaned_data["mobile"])
        validate_mobile(mobile)
        # Whether the number already has an account is not said here: the sign-up view answers alike.
        return mobile

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password"):
            user = get_user_model()(username=data.get("mobile", ""), first_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(data["password"], user)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data


class MaskField(forms.MultipleChoiceField):
    """Several choices stored as one bitmask."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args: Any, bits: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bits = bits

    def to_mask(self, values: list[str]) -> int:
        return mask_of(values, self.bits)


class WorkerProfileForm(forms.ModelForm[WorkerProfile]):
    """A profile's preferences and circumstances; shifts and forms as checkboxes, occupation by code."""

    shifts = MaskField(
        choices=ShiftPattern.choices,
        bits=SHIFT_BITS,
        required=False,
        label=_("Shifts I accept"),
        help_text=_("None ticked means any shift."),
    )
    forms_accepted = MaskField(
        choices=EmploymentForm.choices, bits=FORM_BITS, label=_("Employment forms I accept")
    )
    occupation_code = forms.CharField(label=_("Main occupation code"), required=False, max_length=16)

    class Meta:
        model = WorkerProfile
        fields = [
            "full_name",
            "home_district",
            "max_commute_km",
            "willing_to_relocate",
            "desired_pay",
            "available_from",
            "years_experience",
            "status",
        ]
        widgets: dict[str, forms.Widget] = {"available_from": DateInput()}

    def __init__(self, *args: Any, city: PilotCity | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        safe_pk_choices(self)
        city = city or (self.instance.home_city if self.instance.home_city_id else None)
        model_choice_field(self, "home_district").queryset = (
            District.objects.filter(city=city) if city else District.objects.none()
        )
        if self.instance.pk:
            self.fields["shifts"].initial = members_of(self.instance.shift_mask, SHIFT_BITS)
            self.fields["forms_accepted"].initial = members_of(self.instance.form_mask, FORM_BITS)
            if self.instance.primary_occupation is not None:
                self.fields["occupation_code"].initial = self.instance.primary_occupation.code
        else:
            self.fields["forms_accepted"].initial = [EmploymentForm.DIRECT]
            self.fields["available_from"].initial = timezone.localdate()

    def clean_occupation_code(self) -> Occupation | None:
        code = self.cleaned_data["occupation_code"].strip()
        if not code:
            return None
        occupation = Occupation.objects.filter(edition=CURRENT_EDITION, code=code).first()
        if occupation is None:
            raise ValidationError(_("No occupation has the code %(code)s.") % {"code": code})
        return occupation

    def _mask(self, name: str) -> int:
        """The bit mask of the values ticked in the MaskField `name`."""
        field = self.fields[name]
        if not isinstance(field, MaskField):
            raise TypeError(f"{name} is not a MaskField")
        return field.to_mask(self.cleaned_data.get(name) or [])

    def profile_data(self) -> dict[str, Any]:
        """The cleaned fields as talent.services takes them."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        data["shift_mask"] = self._mask("shifts")
        data["form_mask"] = self._mask("forms_accepted")
        data["primary_occupation"] = self.cleaned_data.get("occupation_code")
        forms_accepted = self.cleaned_data.get("forms_accepted") or []
        if forms_accepted and (self.instance.preferred_form not in forms_accepted):
            data["preferred_form"] = forms_accepted[0]
        if data.get("home_district") is not None and "home_district" in self.changed_data:
            data["latitude"] = data["home_district"].latitude
            data["longitude"] = data["home_district"].longitude
        return data


class PoolWorkerForm(WorkerProfileForm):
    """A worker registered by agency staff: identity fields too (the ID number is kept as hash and mask)."""

    id_number = forms.CharField(label=_("Resident ID number"), required=False, max_length=18)

    class Meta(WorkerProfileForm.Meta):
        fields = ["full_name", "mobile", "gender", "birth_year", *WorkerProfileForm.Meta.fields[1:]]
        widgets = {**WorkerProfileForm.Meta.widgets, "mobile": forms.TextInput(attrs={"type": "tel"})}

    def clean_id_number(self) -> str:
        number: str = self.cleaned_data["id_number"].strip().upper()
        if number:
            validate_id_number(number)
        return number


class SkillRowForm(forms.Form):
    """One skill and its level."""

    skill = SkillChoiceField(label=_("Skill"), required=False)
    level = forms.TypedChoiceField(choices=SkillLevel.choices, coerce=int, label=_("Level"), initial=2)


class BaseSkillRows(forms.BaseFormSet[SkillRowForm]):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            skill = form.cleaned_data.get("skill")
            if skill is not None and skill.pk in seen:
                raise ValidationError(_("Each skill may be listed once."))
            if skill is not None:
                seen.add(skill.pk)

    def pairs(self) -> list[tuple[int, int]]:
        return [
            (f.cleaned_data["skill"].pk, f.cleaned_data["level"])
            for f in self.forms
            if f.cleaned_data.get("skill")
        ]


SkillRows = forms.formset_factory(SkillRowForm, formset=BaseSkillRows, extra=2, max_num=40, absolute_max=40)


class ImportUploadForm(forms.Form):
    """A CSV or XLSX sheet of workers."""

    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        help_text=_(
            "Use the template: one worker a row, Chinese headers. Nothing is saved before you confirm."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 10 MB."))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError(_("Upload an .xlsx or .csv file."))
        return upload


class DeleteProfileForm(forms.Form):
    """Confirm deleting one's profile."""

    confirm = forms.BooleanField(
        label=_(
            "I understand that my profile, skills and contact details are erased and cannot be restored."
        ),
    )


def skill_rows(worker: WorkerProfile | None, data: Any = None) -> Any:
    """The skills formset of a profile form: the worker's skills with levels, one row each."""
    held = worker.skills.select_related("skill").order_by("-level", "skill__code") if worker else []
    initial = [{"skill": s.skill, "level": s.level} for s in held]
    return SkillRows(data, initial=initial, prefix="skills")


def attach_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _occupation_by_code(code: str, *, required: bool) -> Occupation | None:
    code = code.strip()
    if not code:
        if required:
            raise ValidationError(_("This field is required."), code="required")
        return None
    occupation = Occupation.objects.filter(edition=CURRENT_EDITION, code=code).first()
    if occupation is None:
        raise ValidationError(_("No occupation has the code %(code)s.") % {"code": code})
    return occupation


class CertificateForm(forms.ModelForm[Certificate]):
    """A vocational certificate: occupation (by its code), level, issuer, number and date of issue."""

    occupation_code = forms.CharField(
        label=_("Occupation code"),
        max_length=16,
        help_text=_("As printed on the certificate, e.g. 6-18-02-04 for a welder."),
    )

    class Meta:
        model = Certificate
        fields = ["level", "issuer", "number", "issued_on"]
        widgets: dict[str, forms.Widget] = {"issued_on": DateInput()}

    field_order = ["occupation_code", "level", "issuer", "number", "issued_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.occupation_id:
            self.fields["occupation_code"].initial = self.instance.occupation.code
        self.fields["issued_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_occupation_code(self) -> Occupation | None:
        return _occupation_by_code(self.cleaned_data["occupation_code"], required=True)

    def _post_clean(self) -> None:
        """The service validates the whole certificate (unique number, dates) on save."""

    def record_data(self) -> dict[str, Any]:
        """The cleaned fields as talent.services takes them."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["occupation"] = self.cleaned_data["occupation_code"]
        return data


class WorkHistoryForm(forms.ModelForm[WorkHistory]):
    """A past or current job: employer, title, occupation (optional, by code) and dates."""

    occupation_code = forms.CharField(label=_("Occupation code"), max_length=16, required=False)

    class Meta:
        model = WorkHistory
        fields = ["employer_name", "job_title", "started_on", "ended_on"]
        widgets: dict[str, forms.Widget] = {"started_on": DateInput(), "ended_on": DateInput()}
        help_texts = {"ended_on": _("Leave empty if you still work there.")}

    field_order = ["employer_name", "job_title", "occupation_code", "started_on", "ended_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.occupation is not None:
            self.fields["occupation_code"].initial = self.instance.occupation.code
        today = timezone.localdate().isoformat()
        for name in ("started_on", "ended_on"):
            self.fields[name].widget.attrs["max"] = today

    def clean_occupation_code(self) -> Occupation | None:
        return _occupation_by_code(self.cleaned_data["occupation_code"], required=False)

    def _post_clean(self) -> None:
        """The service validates the whole entry (dates in order, none in the future) on save."""

    def record_data(self) -> dict[str, Any]:
        """The cleaned fields as talent.services takes them."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["occupation"] = self.cleaned_data["occupation_code"]
        return data
