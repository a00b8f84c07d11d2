"""Serializers of the taxonomy (occupations, skills) and worker profiles with their skills, certificates,
work history and consents. ID numbers are write-only: only their masked form is ever returned."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hrmatch.api.fields import IdField
from hrmatch.api.imports import ImportInputSerializer
from pilots.models import District, PilotCity
from talent.coding.labels import suggestion_label
from talent.models import (
    CURRENT_EDITION,
    Certificate,
    ConsentRecord,
    Occupation,
    Skill,
    SkillCategory,
    WorkerProfile,
    WorkerSkill,
    WorkHistory,
)
from talent.privacy import consent_party_exists
from talent.work_terms import FORM_BITS, SHIFT_BITS, EmploymentForm, ShiftPattern, SkillLevel, members_of


class OccupationOutputSerializer(serializers.ModelSerializer[Occupation]):
    parent: serializers.SlugRelatedField[Occupation] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )  # type: ignore[assignment]  # a declared field, not BaseSerializer.parent

    class Meta:
        model = Occupation
        fields = ["id", "code", "edition", "level", "name", "name_en", "parent", "is_digital", "is_green"]


class OccupationSuggestInputSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(max_length=80, help_text=_("A job title as posted, e.g. 电焊工"))
    limit = serializers.IntegerField(min_value=1, max_value=20, default=5)
    city = serializers.SlugRelatedField(
        slug_field="code",
        queryset=PilotCity.objects.all(),
        required=False,
        help_text=_("Division code of the vacancy's city: codes agencies confirmed there rank higher"),
    )


class OccupationSuggestionOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    score = serializers.FloatField(help_text=_("Confidence 0–1, higher is better"))
    generic = serializers.BooleanField(
        help_text=_("A group suggested because the title names no specific trade")
    )
    # A declared field: the serializer's metaclass takes it out of the class, so Field.label is untouched.
    label = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text=_("The name as shown, marked when generic")
    )

    def get_label(self, suggestion: Any) -> str:
        return suggestion_label(suggestion)


class SkillOutputSerializer(serializers.ModelSerializer[Skill]):
    category: serializers.SlugRelatedField[SkillCategory] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    category_name = serializers.CharField(source="category.name_zh", read_only=True)

    class Meta:
        model = Skill
        fields = ["id", "code", "name_zh", "name_en", "category", "category_name"]


class WorkerSkillOutputSerializer(serializers.ModelSerializer[WorkerSkill]):
    skill: serializers.SlugRelatedField[Skill] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    name = serializers.CharField(source="skill.name_zh", read_only=True)

    class Meta:
        model = WorkerSkill
        fields = ["skill", "name", "level"]


class WorkerSkillInputSerializer(serializers.Serializer[Any]):
    skill = serializers.SlugRelatedField(slug_field="code", queryset=Skill.objects.all())
    level = serializers.ChoiceField(choices=SkillLevel.choices)


class WorkerSkillsSetInputSerializer(serializers.Serializer[Any]):
    # many=True hands max_length to the ListSerializer it builds; the stubs do not know the keyword.
    skills = WorkerSkillInputSerializer(many=True, max_length=100)  # type: ignore[call-arg]

    def validate_skills(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        codes = [item["skill"].code for item in value]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError(_("Each skill may appear once."))
        return value


class WorkerOutputSerializer(serializers.ModelSerializer[WorkerProfile]):
    """A full profile, for the worker themself and the agency staff who may read it."""

    home_city: serializers.SlugRelatedField[PilotCity] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    home_district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    primary_occupation: serializers.SlugRelatedField[Occupation] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    id_number = serializers.CharField(source="id_number_masked", read_only=True, help_text=_("Masked"))
    accepted_forms = serializers.SerializerMethodField()
    accepted_shifts = serializers.SerializerMethodField()
    skills = WorkerSkillOutputSerializer(many=True, read_only=True)

    class Meta:
        model = WorkerProfile
        fields = [
            "id",
            "external_ref",
            "full_name",
            "mobile",
            "id_number",
            "gender",
            "birth_year",
            "home_city",
            "home_district",
            "latitude",
            "longitude",
            "max_commute_km",
            "willing_to_relocate",
            "desired_pay",
            "accepted_shifts",
            "accepted_forms",
            "preferred_form",
            "available_from",
            "years_experience",
            "highest_certificate",
            "primary_occupation",
            "status",
            "consent_to_matching",
            "managing_agency",
            "skills",
            "created_at",
            "updated_at",
        ]

    def get_accepted_forms(self, worker: WorkerProfile) -> list[str]:
        return members_of(worker.form_mask, FORM_BITS)

    def get_accepted_shifts(self, worker: WorkerProfile) -> list[str]:
        return members_of(worker.shift_mask, SHIFT_BITS)


class WorkerUpdateInputSerializer(serializers.Serializer[Any]):
    """Profile fields a worker or their agency may change; every field optional (PATCH)."""

    full_name = serializers.CharField(max_length=60)
    mobile = serializers.CharField(max_length=20)
    id_number = serializers.CharField(
        max_length=18, write_only=True, help_text=_("Stored as hash and mask only")
    )
    gender = serializers.ChoiceField(choices=WorkerProfile.Gender.choices)
    birth_year = serializers.IntegerField(min_value=1940, max_value=2015)
    home_city = serializers.SlugRelatedField(
        slug_field="code", queryset=PilotCity.objects.filter(is_active=True)
    )
    home_district = serializers.SlugRelatedField(
        slug_field="code", queryset=District.objects.all(), allow_null=True
    )
    latitude = serializers.FloatField(min_value=3, max_value=54)
    longitude = serializers.FloatField(min_value=73, max_value=136)
    max_commute_km = serializers.IntegerField(min_value=1, max_value=200)
    willing_to_relocate = serializers.BooleanField()
    desired_pay = serializers.IntegerField(min_value=0, max_value=200_000, allow_null=True)
    accepted_shifts = serializers.MultipleChoiceField(choices=ShiftPattern.choices, allow_empty=True)
    accepted_forms = serializers.MultipleChoiceField(choices=EmploymentForm.choices, allow_empty=False)
    preferred_form = serializers.ChoiceField(choices=EmploymentForm.choices)
    available_from = serializers.DateField()
    years_experience = serializers.IntegerField(min_value=0, max_value=60)
    primary_occupation = serializers.SlugRelatedField(
        slug_field="code", queryset=Occupation.objects.filter(edition=CURRENT_EDITION), allow_null=True
    )
    status = serializers.ChoiceField(choices=WorkerProfile.Status.choices)
    external_ref = serializers.CharField(max_length=60, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if isinstance(self.initial_data, dict) and "consent_to_matching" in self.initial_data:
            raise serializers.ValidationError(
                {
                    "consent_to_matching": [
                        _(
                            "Matching consent is not a profile field: the worker gives or revokes it "
                            "(privacy page or /workers/me/consents/), or an agency records a paper "
                            "consent (/workers/<id>/paper-consent/)."
                        )
                    ]
                }
            )
        city = attrs.get("home_city") or getattr(self.instance, "home_city", None)
        district = attrs.get("home_district")
        if district is not None and city is not None and district.city_id != city.pk:
            raise serializers.ValidationError({"home_district": _("This district is not in the home city.")})
        return attrs

    def to_service(self) -> tuple[dict[str, Any], str | None]:
        """The validated input as the worker services take it: model fields, and the ID number apart."""
        data = dict(self.validated_data)
        id_number = data.pop("id_number", None)
        if "accepted_shifts" in data:
            data["shift_mask"] = sum(SHIFT_BITS[value] for value in data.pop("accepted_shifts"))
        if "accepted_forms" in data:
            data["form_mask"] = sum(FORM_BITS[value] for value in data.pop("accepted_forms"))
        data.pop("skills", None)
        data.pop("agency", None)
        return data, id_number


class WorkerCreateInputSerializer(WorkerUpdateInputSerializer):
    """A new profile registered by agency staff; the agency manages it."""

    agency = IdField(
        required=False,
        help_text=_("Which of your agencies manages the worker (needed if you work for several)"),
    )
    # many=True hands max_length to the ListSerializer it builds; the stubs do not know the keyword.
    skills = WorkerSkillInputSerializer(many=True, required=False, max_length=100)  # type: ignore[call-arg]
    paper_consent_note = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text=_("The worker signed a matching consent on paper: where the signed form is kept"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("full_name", "mobile", "birth_year", "home_city"):
            self.fields[name].required = True
        for name, field in self.fields.items():
            if name not in ("full_name", "mobile", "birth_year", "home_city"):
                field.required = False
        self.fields["available_from"].default = timezone.localdate  # available now unless told otherwise


class CertificateOutputSerializer(serializers.ModelSerializer[Certificate]):
    occupation: serializers.SlugRelatedField[Occupation] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Certificate
        fields = ["id", "occupation", "level", "issuer", "number", "issued_on"]


class CertificateCreateInputSerializer(serializers.ModelSerializer[Certificate]):
    occupation = serializers.SlugRelatedField(
        slug_field="code", queryset=Occupation.objects.filter(edition=CURRENT_EDITION)
    )

    class Meta:
        model = Certificate
        fields = ["occupation", "level", "issuer", "number", "issued_on"]
        validators: list[Any] = []  # uniqueness is the service's full_clean


class WorkHistoryOutputSerializer(serializers.ModelSerializer[WorkHistory]):
    occupation: serializers.SlugRelatedField[Occupation] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = WorkHistory
        fields = ["id", "employer_name", "occupation", "job_title", "started_on", "ended_on"]


class WorkHistoryCreateInputSerializer(serializers.ModelSerializer[WorkHistory]):
    occupation = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Occupation.objects.filter(edition=CURRENT_EDITION),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = WorkHistory
        fields = ["employer_name", "occupation", "job_title", "started_on", "ended_on"]
        validators: list[Any] = []


class ConsentOutputSerializer(serializers.ModelSerializer[ConsentRecord]):
    class Meta:
        model = ConsentRecord
        fields = ["id", "purpose", "enterprise", "agency", "granted_at", "revoked_at", "basis", "note"]


class ConsentGrantInputSerializer(serializers.Serializer[Any]):
    purpose = serializers.ChoiceField(choices=ConsentRecord.Purpose.choices)
    enterprise = IdField(required=False, allow_null=True, min_value=1)
    agency = IdField(required=False, allow_null=True, min_value=1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        purpose = attrs["purpose"]
        enterprise, agency = attrs.get("enterprise"), attrs.get("agency")
        errors = {}
        if purpose == ConsentRecord.Purpose.SHARE_ENTERPRISE and not enterprise:
            errors["enterprise"] = _("Name the enterprise to share with.")
        if purpose == ConsentRecord.Purpose.SHARE_AGENCY and not agency:
            errors["agency"] = _("Name the agency to share with.")
        if enterprise and purpose != ConsentRecord.Purpose.SHARE_ENTERPRISE:
            errors["enterprise"] = _("Only a consent to share with an enterprise names one.")
        if agency and purpose != ConsentRecord.Purpose.SHARE_AGENCY:
            errors["agency"] = _("Only a consent to share with an agency names one.")
        exists = consent_party_exists(purpose=purpose, enterprise_id=enterprise, agency_id=agency)
        if enterprise and not errors and not exists:
            errors["enterprise"] = _("No such enterprise.")
        if agency and not errors and not exists:
            errors["agency"] = _("No such agency.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class WorkerEraseInputSerializer(serializers.Serializer[Any]):
    confirm = serializers.BooleanField(
        help_text=_("true: the profile, skills and contact details are erased and cannot be restored")
    )

    def validate_confirm(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Confirm that the profile is to be erased."))
        return value


class PaperConsentInputSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(
        max_length=300, help_text=_("Where the signed consent form is kept (file, folder, date)")
    )


class WorkerImportInputSerializer(ImportInputSerializer):
    agency = IdField(
        required=False,
        help_text=_("Which of your agencies manages the workers (needed if you work for several)"),
    )
