"""Serializers of applications, shortlists, recommendations and match runs.

A candidate the actor may not identify (see matching.selectors) is shown as "候选人 #<rank>" (or
"#A<application id>" in application lists): skills, levels, experience and distance, never a name or
mobile. ID numbers never appear here, masked or not.
"""

from __future__ import annotations

from typing import Any, cast

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from enterprises.api.serializers import VacancyOutputSerializer
from hrmatch.api.fields import IdField
from matching.models import Application, Match, MatchRun, ScoringModel
from matching.services.pipeline import MOVES
from pilots.models import PilotCity


def explain(match: Match) -> list[str]:
    """Why the pair scored as it did, in short phrases: the trade first, then skills met, distance, pay."""
    reasons = [match.trade_reason()]
    if match.required_total:
        reasons.append(
            ngettext(
                "%(met)s of %(total)s required skill",
                "%(met)s of %(total)s required skills",
                match.required_total,
            )
            % {"met": match.matched_required, "total": match.required_total}
        )
    reasons.append(_("%(km)s km") % {"km": number_format(match.distance_km, decimal_pos=1)})
    if match.pay_fit >= 0.5:
        reasons.append(_("pay within range"))
    return reasons


class ScorePartsOutputSerializer(serializers.Serializer):
    skills = serializers.FloatField(source="skills_part")
    occupation = serializers.FloatField(source="occupation_part")
    certificate = serializers.FloatField(source="certificate_part")
    experience = serializers.FloatField(source="experience_part")
    pay = serializers.FloatField(source="pay_part")
    distance = serializers.FloatField(source="distance_part")
    shift = serializers.FloatField(source="shift_part")
    form = serializers.FloatField(source="form_part")
    level = serializers.FloatField(source="level_part")


class ReasonsOutputSerializer(serializers.Serializer):
    trade = serializers.ChoiceField(
        choices=Match.Trade.choices,
        help_text=gettext_lazy("How the worker's trade relates to the vacancy's"),
    )
    trade_label = serializers.CharField(source="get_trade_display")
    trade_occupation = serializers.CharField(
        source="trade_occupation.code",
        allow_null=True,
        default=None,
        help_text=gettext_lazy("The worker's occupation behind it"),
    )
    required_skills_met = serializers.IntegerField(source="matched_required")
    required_skills_total = serializers.IntegerField(source="required_total")
    distance_km = serializers.FloatField()
    pay_fit = serializers.FloatField()
    parts = ScorePartsOutputSerializer(source="*")
    summary = serializers.SerializerMethodField()

    def get_summary(self, match: Match) -> list[str]:
        return explain(match)


class SkillGapOutputSerializer(serializers.Serializer):
    """A required skill the worker lacks (held_level 0) or holds below the required level."""

    code = serializers.CharField(source="skill.code")
    name = serializers.CharField(source="skill.name_zh")
    held_level = serializers.IntegerField(source="held")
    required_level = serializers.IntegerField(source="required")


class CandidateOutputSerializer(serializers.Serializer):
    """Who the candidate is, as far as the reader may know: name and mobile only when identity_visible."""

    identity_visible = serializers.BooleanField()
    # A declared field: the serializer's metaclass takes it out of the class, so Field.label is untouched.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text=gettext_lazy("The name, or 候选人 #<rank> when masked")
    )
    worker = IdField(allow_null=True, help_text=gettext_lazy("Only when identity_visible"))
    full_name = serializers.CharField(allow_null=True)
    mobile = serializers.CharField(allow_null=True)
    home_district = serializers.CharField(allow_null=True)
    years_experience = serializers.IntegerField()
    highest_certificate = serializers.IntegerField(allow_null=True)
    primary_occupation = serializers.CharField(allow_null=True)


def candidate(worker: Any, *, visible: bool, label: str) -> dict[str, Any]:
    return {
        "identity_visible": visible,
        "label": worker.full_name if visible else label,
        "worker": worker.pk if visible else None,
        "full_name": worker.full_name if visible else None,
        "mobile": worker.mobile if visible else None,
        "home_district": worker.home_district.code if worker.home_district_id else None,
        "years_experience": worker.years_experience,
        "highest_certificate": worker.highest_certificate,
        "primary_occupation": worker.primary_occupation.code if worker.primary_occupation_id else None,
    }


class ShortlistEntryOutputSerializer(serializers.Serializer):
    rank = serializers.SerializerMethodField(help_text=gettext_lazy("1 is the best"))
    score = serializers.FloatField()
    candidate = serializers.SerializerMethodField()
    reasons = ReasonsOutputSerializer(source="*")
    missing_skills = serializers.SerializerMethodField()
    application = serializers.IntegerField(source="application_id", allow_null=True)

    def get_rank(self, match: Match) -> int:
        return match.rank + 1

    @extend_schema_field(CandidateOutputSerializer)
    def get_candidate(self, match: Match) -> dict[str, Any]:
        label = _("Candidate #%(rank)s") % {"rank": match.rank + 1}
        return candidate(match.worker, visible=bool(getattr(match, "identity_visible", False)), label=label)

    @extend_schema_field(SkillGapOutputSerializer(many=True))
    def get_missing_skills(self, match: Match) -> list[dict[str, Any]]:
        missing = self.context.get("missing", {}).get((match.vacancy_id, match.worker_id), [])
        return cast(list[dict[str, Any]], SkillGapOutputSerializer(missing, many=True).data)


class RecommendationOutputSerializer(serializers.Serializer):
    rank = serializers.SerializerMethodField(help_text=gettext_lazy("1 is the best"))
    score = serializers.FloatField()
    vacancy = VacancyOutputSerializer()
    reasons = ReasonsOutputSerializer(source="*")
    missing_skills = serializers.SerializerMethodField()

    def get_rank(self, match: Match) -> int:
        return match.rank + 1

    @extend_schema_field(SkillGapOutputSerializer(many=True))
    def get_missing_skills(self, match: Match) -> list[dict[str, Any]]:
        missing = self.context.get("missing", {}).get((match.vacancy_id, match.worker_id), [])
        return cast(list[dict[str, Any]], SkillGapOutputSerializer(missing, many=True).data)


class ApplicationOutputSerializer(serializers.ModelSerializer):
    vacancy_title = serializers.CharField(source="vacancy.title", read_only=True)
    enterprise = IdField(source="vacancy.enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="vacancy.enterprise.name", read_only=True)
    candidate = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "vacancy",
            "vacancy_title",
            "enterprise",
            "enterprise_name",
            "candidate",
            "source",
            "stage",
            "referred_by",
            "match_score",
            "reason",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(CandidateOutputSerializer)
    def get_candidate(self, application: Application) -> dict[str, Any]:
        label = _("Candidate #A%(id)s") % {"id": application.pk}
        return candidate(
            application.worker, visible=bool(getattr(application, "identity_visible", False)), label=label
        )


class ApplicationApplyInputSerializer(serializers.Serializer):
    vacancy = IdField(min_value=1)


class ApplicationReferInputSerializer(serializers.Serializer):
    vacancy = IdField(min_value=1)
    worker = IdField(min_value=1)
    agency = IdField(required=False, help_text="Which of your agencies refers the worker")


class ApplicationMoveInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ShortlistMoveInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=[(stage.value, stage.label) for stage in MOVES],
        default=Application.Stage.SHORTLISTED,
        help_text=gettext_lazy("The stage to move the candidate to"),
    )
    reason = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Required when rejecting: the worker is told why"),
    )


class ApplicationRejectInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, help_text=gettext_lazy("Required: the worker is told why"))


class MatchRunOutputSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[PilotCity] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    progress = serializers.FloatField(read_only=True, help_text=gettext_lazy("Share of chunks scored, 0–1"))
    scoring_model: serializers.SlugRelatedField[ScoringModel] = serializers.SlugRelatedField(
        slug_field="version", read_only=True, allow_null=True
    )

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "city",
            "status",
            "progress",
            "chunks_total",
            "chunks_done",
            "workers_count",
            "vacancies_count",
            "shortlist_rows",
            "recommendation_rows",
            "scoring_model",
            "created_at",
            "started_at",
            "finished_at",
        ]


class MatchRunStartInputSerializer(serializers.Serializer):
    city = serializers.SlugRelatedField(slug_field="code", queryset=PilotCity.objects.filter(is_active=True))


class MatchRunConflictOutputSerializer(serializers.Serializer):
    """The error shape, with the run already under way."""

    detail = serializers.CharField()
    # The body's "errors" field (documentation only), not Serializer.errors.
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]
    run = MatchRunOutputSerializer()


class CandidateWorkerOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    mobile = serializers.CharField()
    birth_year = serializers.IntegerField()
    home_district = serializers.CharField(allow_null=True, help_text="District code")
    primary_occupation = serializers.CharField(allow_null=True, help_text="Occupation code")
    years_experience = serializers.IntegerField()
    highest_certificate = serializers.IntegerField(allow_null=True)
    desired_pay = serializers.IntegerField(allow_null=True)
    available_from = serializers.DateField()


class CandidateSkillFitOutputSerializer(serializers.Serializer):
    skill = serializers.CharField(help_text="Skill code")
    importance = serializers.CharField()
    required_level = serializers.IntegerField()
    held_level = serializers.IntegerField(help_text="0 when the candidate does not hold the skill")
    status = serializers.ChoiceField(choices=["meets", "below", "missing"])


class CandidateOtherSkillOutputSerializer(serializers.Serializer):
    skill = serializers.CharField()
    level = serializers.IntegerField()


class CandidateCertificateOutputSerializer(serializers.Serializer):
    occupation = serializers.CharField()
    level = serializers.IntegerField()
    issuer = serializers.CharField()
    issued_on = serializers.DateField()


class CandidateWorkHistoryOutputSerializer(serializers.Serializer):
    employer_name = serializers.CharField()
    job_title = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)


class CandidateEventOutputSerializer(serializers.Serializer):
    from_stage = serializers.CharField()
    to_stage = serializers.CharField()
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class CandidateDetailOutputSerializer(serializers.Serializer):
    """A candidate who applied: profile, skills against the vacancy, certificates, work history, events."""

    application = serializers.IntegerField()
    vacancy = serializers.IntegerField()
    stage = serializers.CharField()
    worker = CandidateWorkerOutputSerializer()
    skills = CandidateSkillFitOutputSerializer(many=True)
    other_skills = CandidateOtherSkillOutputSerializer(many=True)
    certificates = CandidateCertificateOutputSerializer(many=True)
    work_history = CandidateWorkHistoryOutputSerializer(many=True)
    events = CandidateEventOutputSerializer(many=True)
