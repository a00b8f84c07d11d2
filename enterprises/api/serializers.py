"""Serializers of enterprises and vacancies with their required skills."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from enterprises.credit_codes import validate_credit_code
from enterprises.industries import Industry
from enterprises.models import Enterprise, Vacancy, VacancySkill
from hrmatch.api.fields import IdField
from hrmatch.api.imports import ImportInputSerializer
from pilots.models import District, Park, PilotCity
from talent.models import CURRENT_EDITION, Importance, Occupation, Skill
from talent.work_terms import CertificateLevel, EmploymentForm, ShiftPattern, SkillLevel


def checked_credit_code(value: str) -> str:
    """The credit code upper-cased, or the check's messages (naming the right check character) as field errors."""
    value = value.strip().upper()
    try:
        validate_credit_code(value)
    except Exception as exc:  # Django's ValidationError: its messages become this field's
        raise serializers.ValidationError(getattr(exc, "messages", [str(exc)])) from None
    return value


class EnterpriseOutputSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[PilotCity] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    dispatch_capacity = serializers.IntegerField(read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "credit_code",
            "industry",
            "city",
            "district",
            "park",
            "address",
            "latitude",
            "longitude",
            "contract_headcount",
            "dispatched_headcount",
            "dispatch_capacity",
            "created_at",
        ]


class EnterpriseCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    credit_code = serializers.CharField(max_length=18, help_text=_("Unified social credit code (checked)"))
    industry = serializers.ChoiceField(choices=Industry.choices)
    city = serializers.SlugRelatedField(slug_field="code", queryset=PilotCity.objects.filter(is_active=True))
    district = serializers.SlugRelatedField(
        slug_field="code", queryset=District.objects.all(), required=False, allow_null=True
    )
    park = serializers.PrimaryKeyRelatedField(queryset=Park.objects.all(), required=False, allow_null=True)
    address = serializers.CharField(max_length=200)
    latitude = serializers.FloatField(min_value=3, max_value=54, required=False)
    longitude = serializers.FloatField(min_value=73, max_value=136, required=False)
    contract_headcount = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    dispatched_headcount = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    agency = IdField(
        required=False, help_text=_("Which of your agencies serves it (needed if you work for several)")
    )

    def validate_credit_code(self, value: str) -> str:
        return checked_credit_code(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        city, district, park = attrs["city"], attrs.get("district"), attrs.get("park")
        errors = {}
        if district is not None and district.city_id != city.pk:
            errors["district"] = _("This district is not in the city.")
        if park is not None and park.city_id != city.pk:
            errors["park"] = _("This park is not in the city.")
        if ("latitude" in attrs) != ("longitude" in attrs):
            errors["longitude"] = _("Give both coordinates or neither.")
        if errors:
            raise serializers.ValidationError(errors)
        if "latitude" not in attrs:
            place = district or city
            attrs["latitude"], attrs["longitude"] = place.latitude, place.longitude
        return attrs


class EnterpriseUpdateInputSerializer(serializers.Serializer):
    """An enterprise's details as a serving agency edits them; all optional on PATCH (the city stays)."""

    name = serializers.CharField(max_length=120)
    credit_code = serializers.CharField(max_length=18, help_text=_("Unified social credit code (checked)"))
    industry = serializers.ChoiceField(choices=Industry.choices)
    district = serializers.SlugRelatedField(
        slug_field="code", queryset=District.objects.all(), allow_null=True
    )
    park = serializers.PrimaryKeyRelatedField(queryset=Park.objects.all(), allow_null=True)
    address = serializers.CharField(max_length=200)
    latitude = serializers.FloatField(min_value=3, max_value=54)
    longitude = serializers.FloatField(min_value=73, max_value=136)
    contract_headcount = serializers.IntegerField(min_value=0, max_value=10_000_000)
    dispatched_headcount = serializers.IntegerField(min_value=0, max_value=10_000_000)

    def validate_credit_code(self, value: str) -> str:
        return checked_credit_code(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("latitude" in attrs) != ("longitude" in attrs):
            raise serializers.ValidationError({"longitude": _("Give both coordinates or neither.")})
        return attrs


class VacancySkillOutputSerializer(serializers.ModelSerializer):
    skill: serializers.SlugRelatedField[Skill] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    name = serializers.CharField(source="skill.name_zh", read_only=True)

    class Meta:
        model = VacancySkill
        fields = ["skill", "name", "importance", "min_level"]


class VacancySkillInputSerializer(serializers.Serializer):
    skill = serializers.SlugRelatedField(slug_field="code", queryset=Skill.objects.all())
    importance = serializers.ChoiceField(choices=Importance.choices, default=Importance.REQUIRED)
    min_level = serializers.ChoiceField(choices=SkillLevel.choices, default=2)


class NamedRefOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OccupationRefOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class VacancyOutputSerializer(serializers.ModelSerializer):
    enterprise = NamedRefOutputSerializer(read_only=True)
    occupation = OccupationRefOutputSerializer(read_only=True)
    city: serializers.SlugRelatedField[PilotCity] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    open_headcount = serializers.IntegerField(read_only=True)
    skills = VacancySkillOutputSerializer(source="skill_requirements", many=True, read_only=True)

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "enterprise",
            "agency",
            *Vacancy.EDITABLE_FIELDS,
            "filled_count",
            "open_headcount",
            "city",
            "status",
            "skills",
            "published_at",
            "created_at",
            "updated_at",
        ]


class VacancyUpdateInputSerializer(serializers.Serializer):
    """A vacancy's terms; all optional on PATCH. `skills`, when given, replace the vacancy's skills."""

    title = serializers.CharField(max_length=80)
    occupation = serializers.SlugRelatedField(
        slug_field="code", queryset=Occupation.objects.filter(edition=CURRENT_EDITION, level=4)
    )
    description = serializers.CharField(allow_blank=True, max_length=10_000)
    headcount = serializers.IntegerField(min_value=1, max_value=5000)
    pay_min = serializers.IntegerField(min_value=1000, max_value=200_000)
    pay_max = serializers.IntegerField(min_value=1000, max_value=200_000)
    employment_form = serializers.ChoiceField(choices=EmploymentForm.choices)
    dispatch_nature = serializers.ChoiceField(choices=Vacancy.DispatchNature.choices, allow_blank=True)
    shift_pattern = serializers.ChoiceField(choices=ShiftPattern.choices)
    dormitory = serializers.BooleanField()
    min_certificate_level = serializers.ChoiceField(choices=CertificateLevel.choices, allow_null=True)
    min_years_experience = serializers.IntegerField(min_value=0, max_value=40)
    district = serializers.SlugRelatedField(
        slug_field="code", queryset=District.objects.all(), allow_null=True
    )
    latitude = serializers.FloatField(min_value=3, max_value=54)
    longitude = serializers.FloatField(min_value=73, max_value=136)
    start_date = serializers.DateField()
    closing_date = serializers.DateField(allow_null=True)
    external_ref = serializers.CharField(max_length=60, allow_blank=True)
    # many=True hands max_length to the ListSerializer it builds; the stubs do not know the keyword.
    skills = VacancySkillInputSerializer(many=True, max_length=50)  # type: ignore[call-arg]

    def validate_skills(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        codes = [item["skill"].code for item in value]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError(_("Each skill may appear once."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        pay_min = attrs.get("pay_min", getattr(self.instance, "pay_min", None))
        pay_max = attrs.get("pay_max", getattr(self.instance, "pay_max", None))
        if pay_min is not None and pay_max is not None and pay_min > pay_max:
            raise serializers.ValidationError(
                {"pay_max": _("The maximum pay must not be below the minimum pay.")}
            )
        return attrs

    def to_service(self) -> tuple[dict[str, Any], list[tuple[int, str, int]] | None]:
        """Model fields for the service, and the (skill id, importance, level) triples if skills were given."""
        data = dict(self.validated_data)
        skills = data.pop("skills", None)
        data.pop("enterprise", None)
        triples = None
        if skills is not None:
            triples = [(item["skill"].pk, item["importance"], item["min_level"]) for item in skills]
        return data, triples


class VacancyCreateInputSerializer(VacancyUpdateInputSerializer):
    enterprise = IdField(
        required=False, help_text=_("The enterprise the vacancy is at (needed unless you are HR of one only)")
    )

    REQUIRED = ("title", "occupation", "pay_min", "pay_max", "employment_form", "shift_pattern", "start_date")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name in self.REQUIRED


class VacancyImportInputSerializer(ImportInputSerializer):
    enterprise = IdField(required=False, help_text=_("Post every row for this enterprise"))
    agency = IdField(required=False, help_text=_("Which of your agencies posts them"))
