"""Serializers of training providers, programmes, cohorts and enrolments."""

from __future__ import annotations

from rest_framework import serializers

from hrmatch.api.fields import IdField
from pilots.models import PilotCity
from talent.models import Occupation
from training.models import (
    Cohort,
    CohortCommitment,
    Drive,
    Enrolment,
    Programme,
    ProgrammeSkill,
    Provider,
)


class ProviderOutputSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[PilotCity] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Provider
        fields = [
            "id",
            "name",
            "kind",
            "city",
            "enterprise",
            "agency",
            "accreditation",
            "accredited_until",
            "subsidy_scheme",
        ]


class ProgrammeSkillOutputSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="skill.code", read_only=True)
    name_zh = serializers.CharField(source="skill.name_zh", read_only=True)
    name_en = serializers.CharField(source="skill.name_en", read_only=True)

    class Meta:
        model = ProgrammeSkill
        fields = ["code", "name_zh", "name_en", "level"]


class ProgrammeOutputSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    occupation: serializers.SlugRelatedField[Occupation] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    skills = ProgrammeSkillOutputSerializer(source="skill_links", many=True, read_only=True)
    cost_after_subsidy = serializers.IntegerField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "provider",
            "provider_name",
            "title",
            "occupation",
            "certificate_level",
            "skills",
            "hours",
            "cost",
            "subsidy_per_trainee",
            "cost_after_subsidy",
            "schedule",
            "mode",
            "venue",
            "latitude",
            "longitude",
            "is_active",
        ]


class CohortOutputSerializer(serializers.ModelSerializer):
    programme_title = serializers.CharField(source="programme.title", read_only=True)
    seats_taken = serializers.IntegerField(source="taken", read_only=True)

    class Meta:
        model = Cohort
        fields = ["id", "programme", "programme_title", "starts_on", "ends_on", "seats", "seats_taken"]


class CohortProgressOutputSerializer(serializers.ModelSerializer):
    programme_title = serializers.CharField(source="programme.title", read_only=True)
    enrolled = serializers.IntegerField(read_only=True)
    attending = serializers.IntegerField(read_only=True)
    passed = serializers.IntegerField(read_only=True)
    not_passed = serializers.IntegerField(source="failed", read_only=True)
    dropped = serializers.IntegerField(read_only=True)

    class Meta:
        model = Cohort
        fields = [
            "id",
            "programme",
            "programme_title",
            "starts_on",
            "ends_on",
            "seats",
            "enrolled",
            "attending",
            "passed",
            "not_passed",
            "dropped",
        ]


class EnrolmentOutputSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)
    programme = IdField(source="cohort.programme_id", read_only=True)
    programme_title = serializers.CharField(source="cohort.programme.title", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "cohort",
            "programme",
            "programme_title",
            "worker",
            "worker_name",
            "status",
            "enrolled_at",
            "consent_to_profile",
            "assessment_passed",
            "assessment_score",
            "assessment_note",
            "certificate_number",
            "finished_at",
            "written_to_profile_at",
        ]


class EnrolmentCreateInputSerializer(serializers.Serializer):
    cohort = IdField()
    worker = IdField(
        required=False, help_text="Agency staff: a worker of one's pool; workers enrol themselves."
    )
    consent_to_profile = serializers.BooleanField(default=False)


class EnrolmentAdvanceInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[Enrolment.Status.ATTENDING, Enrolment.Status.DROPPED])
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class EnrolmentCompleteInputSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    score = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    certificate_number = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    assessed_on = serializers.DateField(required=False, allow_null=True)


class CommitmentOutputSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="vacancy.enterprise.name", read_only=True)
    programme = IdField(source="cohort.programme_id", read_only=True)
    enrolled = serializers.IntegerField(read_only=True)
    attending = serializers.IntegerField(read_only=True)
    graduated = serializers.IntegerField(read_only=True)
    dropped = serializers.IntegerField(read_only=True)

    class Meta:
        model = CohortCommitment
        fields = [
            "id",
            "cohort",
            "programme",
            "vacancy",
            "enterprise_name",
            "places",
            "enrolled",
            "attending",
            "graduated",
            "dropped",
            "created_at",
        ]


class CommitmentCreateInputSerializer(serializers.Serializer):
    cohort = IdField()
    vacancy = IdField()
    places = serializers.IntegerField(min_value=1, max_value=500)


class OutcomeFiguresSerializer(serializers.Serializer):
    """The figures every outcome row has (a programme's, a provider's, an occupation's)."""

    enrolments = serializers.IntegerField()
    completions = serializers.IntegerField(help_text="Completions with a passed assessment.")
    placed_within_90_days = serializers.IntegerField(
        source="placed", help_text="Graduates placed in a job starting within 90 days of their pass."
    )
    pay_before = serializers.FloatField(
        allow_null=True, help_text="Mean desired monthly pay at enrolment of the placed graduates (CNY)."
    )
    pay_after = serializers.FloatField(
        allow_null=True, help_text="Mean monthly pay of the jobs they were placed in (CNY)."
    )
    subsidy = serializers.IntegerField(help_text="Subsidy of the passed completions (CNY).")
    subsidy_per_placement = serializers.FloatField(allow_null=True)


class ProgrammeOutcomeOutputSerializer(OutcomeFiguresSerializer):
    programme = IdField(source="programme.pk")
    programme_title = serializers.CharField(source="programme.title")
    provider = IdField(source="programme.provider_id")
    provider_name = serializers.CharField(source="programme.provider.name")
    city = serializers.CharField(source="programme.provider.city.code")
    occupation = serializers.CharField(source="programme.occupation.code", allow_null=True, default=None)


class ProviderOutcomeOutputSerializer(OutcomeFiguresSerializer):
    provider = IdField(source="provider.pk")
    provider_name = serializers.CharField(source="provider.name")
    kind = serializers.CharField(source="provider.kind")
    city = serializers.CharField(source="provider.city.code")


class OccupationOutcomeOutputSerializer(OutcomeFiguresSerializer):
    occupation = serializers.CharField(
        source="occupation.code",
        allow_null=True,
        default=None,
        help_text="Null: programmes without a certificate.",
    )
    occupation_name = serializers.CharField(source="occupation.name", allow_null=True, default=None)


class DriveOutcomeOutputSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[PilotCity] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    invitations = serializers.IntegerField(source="invited", read_only=True)
    attended = serializers.IntegerField(source="attended_count", read_only=True)
    hired = serializers.IntegerField(source="hired_count", read_only=True)

    class Meta:
        model = Drive
        fields = ["id", "title", "city", "park", "held_on", "status", "invitations", "attended", "hired"]
