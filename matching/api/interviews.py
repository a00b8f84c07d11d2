"""API of interviews: staff of the vacancy set, move and cancel them; the worker confirms or asks to move.

Times are ISO 8601; a time without an offset is read as Beijing time (the site's zone), and answers carry
+08:00. A refused term answers 400 with the field's message; a state that does not allow the step
(the candidate left the interview stage, the interview was cancelled or has passed) answers 409.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hrmatch.api.fields import IdField
from hrmatch.api.permissions import HasOwnWorkerProfile, IsSignedIn, IsStaffOfTenant
from hrmatch.api.viewsets import ApiViewSet
from matching import selectors
from matching.api.views import CONFLICT
from matching.models import Interview
from matching.services import interviews
from matching.services.interviews import InterviewTerms


class InterviewOutputSerializer(serializers.ModelSerializer):
    vacancy = serializers.IntegerField(source="application.vacancy_id", read_only=True)
    vacancy_title = serializers.CharField(source="application.vacancy.title", read_only=True)
    enterprise_name = serializers.CharField(source="application.vacancy.enterprise.name", read_only=True)
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Interview
        fields = [
            "id",
            "application",
            "vacancy",
            "vacancy_title",
            "enterprise_name",
            "starts_at",
            "mode",
            "mode_label",
            "place",
            "contact_name",
            "contact_phone",
            "note",
            "status",
            "status_label",
            "worker_note",
            "cancel_reason",
            "created_at",
            "updated_at",
        ]


class InterviewTermsInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(
        help_text=gettext_lazy("ISO 8601, in the future; without an offset, Beijing time")
    )
    mode = serializers.ChoiceField(choices=Interview.Mode.choices, default=Interview.Mode.ON_SITE)
    place = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Required on site: the address"),
    )
    contact_name = serializers.CharField(max_length=50)
    contact_phone = serializers.CharField(max_length=20)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class InterviewScheduleInputSerializer(InterviewTermsInputSerializer):
    application = IdField(
        help_text=gettext_lazy("An application at the interview stage, of a vacancy you run")
    )


class InterviewRescheduleInputSerializer(InterviewTermsInputSerializer):
    """The terms to change; those left out stay as they are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class InterviewCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, help_text=gettext_lazy("Required: the worker is told why"))


class InterviewRescheduleRequestInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, help_text=gettext_lazy("Which days and times suit you"))


def _action_schema(summary: str, request: Any) -> Any:
    return extend_schema(
        summary=summary, request=request, responses={200: InterviewOutputSerializer, 409: CONFLICT}
    )


@extend_schema_view(
    list=extend_schema(summary="Interviews one takes part in: one's own (worker), one's vacancies' (staff)"),
    retrieve=extend_schema(summary="An interview"),
    create=extend_schema(
        summary="Set the interview of a candidate at the interview stage (factory HR, the vacancy's agency)",
        request=InterviewScheduleInputSerializer,
        responses={201: InterviewOutputSerializer, 409: CONFLICT},
    ),
)
class InterviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = InterviewOutputSerializer
    queryset = Interview.objects.none()  # for the schema; get_queryset scopes
    lookup_value_regex = "[0-9]{1,18}"
    permissions_by_action = {
        "list": [IsSignedIn],
        "retrieve": [IsSignedIn],
        "confirm": [HasOwnWorkerProfile],
        "request_reschedule": [HasOwnWorkerProfile],
        "default": [IsStaffOfTenant],
    }

    def get_queryset(self):
        return selectors.interview_list(actor=self.actor).order_by("-starts_at", "-id")

    def _answer(self, interview: Interview, code: int = status.HTTP_200_OK) -> Response:
        return Response(InterviewOutputSerializer(self.get_queryset().get(pk=interview.pk)).data, status=code)

    def _managed(self) -> Interview:
        """An interview of a vacancy the actor runs (others' answer 404)."""
        return get_object_or_404(selectors.interview_manageable_list(actor=self.actor), pk=self.kwargs["pk"])

    def _own(self) -> Interview:
        """One of the worker's own interviews (others' answer 404)."""
        return get_object_or_404(selectors.interview_own_list(actor=self.actor), pk=self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        serializer = InterviewScheduleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        application = (
            selectors.application_manageable_list(actor=self.actor).filter(pk=data.pop("application")).first()
        )
        if application is None:
            raise serializers.ValidationError({"application": [_("No such candidate of your vacancies.")]})
        interview = interviews.interview_schedule(
            application=application, terms=InterviewTerms(**data), actor=self.actor
        )
        return self._answer(interview, status.HTTP_201_CREATED)

    @_action_schema(
        "Move an interview or change its terms (those left out stay)", InterviewRescheduleInputSerializer
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk=None) -> Response:
        interview = self._managed()
        serializer = InterviewRescheduleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        terms = InterviewTerms(**{**asdict(InterviewTerms.of(interview)), **serializer.validated_data})
        return self._answer(
            interviews.interview_reschedule(interview=interview, terms=terms, actor=self.actor)
        )

    @_action_schema("Cancel an interview, with the reason the worker is told", InterviewCancelInputSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        interview = self._managed()
        serializer = InterviewCancelInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        return self._answer(interviews.interview_cancel(interview=interview, reason=reason, actor=self.actor))

    @_action_schema("Confirm one's interview (the worker)", None)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk=None) -> Response:
        return self._answer(interviews.interview_confirm(interview=self._own(), actor=self.actor))

    @_action_schema("Ask for another interview time (the worker)", InterviewRescheduleRequestInputSerializer)
    @action(detail=True, methods=["post"], url_path="request-reschedule")
    def request_reschedule(self, request: Request, pk=None) -> Response:
        interview = self._own()
        serializer = InterviewRescheduleRequestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = serializer.validated_data["note"]
        return self._answer(
            interviews.interview_request_reschedule(interview=interview, note=note, actor=self.actor)
        )
