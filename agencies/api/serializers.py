"""Serializers of agencies and placements."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.activity import KINDS
from agencies.models import Agency, Placement, WorkerNote
from hrmatch.api.fields import IdField
from pilots.models import PilotCity
from talent.work_terms import EmploymentForm


class AgencyOutputSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[PilotCity] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "credit_code",
            "city",
            "hr_licence_number",
            "hr_licence_valid_until",
            "dispatch_licence_number",
            "dispatch_licence_valid_until",
            "created_at",
        ]


class PlacementOutputSerializer(serializers.ModelSerializer):
    """A hire: the worker is named when the masking rule lets the reader know them (a placement needs an
    application the worker made or accepted, so for placements recorded since that rule, always)."""

    worker = serializers.SerializerMethodField()
    worker_name = serializers.SerializerMethodField()
    vacancy_title = serializers.CharField(source="vacancy.title", read_only=True)
    enterprise = IdField(source="vacancy.enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="vacancy.enterprise.name", read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "worker",
            "worker_name",
            "vacancy",
            "vacancy_title",
            "enterprise",
            "enterprise_name",
            "agency",
            "employment_form",
            "started_on",
            "ended_on",
            "created_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_worker(self, placement: Placement) -> int | None:
        return placement.worker_id if getattr(placement, "identity_visible", False) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_worker_name(self, placement: Placement) -> str | None:
        return placement.worker.full_name if getattr(placement, "identity_visible", False) else None


class PlacementCreateInputSerializer(serializers.Serializer):
    worker = IdField(min_value=1)
    vacancy = IdField(min_value=1)
    employment_form = serializers.ChoiceField(choices=EmploymentForm.choices, required=False)
    started_on = serializers.DateField()
    agency = IdField(required=False, help_text="Which of your agencies places the worker")


class WorkerNoteOutputSerializer(serializers.ModelSerializer):
    """A note on a worker, as its agency's staff read it."""

    worker = IdField(source="worker_id", read_only=True)
    agency = IdField(source="agency_id", read_only=True)
    author = serializers.SerializerMethodField()

    class Meta:
        model = WorkerNote
        fields = ["id", "worker", "agency", "author", "body", "created_at", "edited_at"]

    def get_author(self, note: WorkerNote) -> str:
        from agencies.activity import person_name

        return person_name(note.author)


class WorkerNoteCreateInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=2000)


class WorkerNoteUpdateInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=2000)


class ActivityOutputSerializer(serializers.Serializer):
    """One line of a worker's timeline: an application, a stage move, a note (its edits and deletions) or
    a placement. A note's line carries its id, when it was last edited and what the reader may do to it."""

    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=KINDS)
    text = serializers.CharField()
    detail = serializers.CharField()
    by = serializers.CharField()
    note = IdField(source="note_id", allow_null=True, help_text="The note's id, on a note's line")
    edited_at = serializers.DateTimeField(allow_null=True)
    can_edit = serializers.BooleanField()
    can_delete = serializers.BooleanField()


class ActivityPageOutputSerializer(serializers.Serializer):
    """A page of the timeline, newest first: links to the older and newer pages (no count: the timeline
    merges several sources, and the newest 1,000 lines are paged)."""

    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = ActivityOutputSerializer(many=True)
