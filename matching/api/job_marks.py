"""A worker's saved jobs and "not interested" marks: list, mark, and take a mark back.

Writes go through matching.services.job_marks, as the pages' buttons do.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from enterprises.selectors import vacancy_public_list
from hrmatch.api.fields import IdField
from hrmatch.api.permissions import HasOwnWorkerProfile
from hrmatch.api.viewsets import ApiViewSet
from matching.filtersets import JobMarkFilterSet
from matching.models import JobMark
from matching.selectors import job_mark_list
from matching.services import job_marks
from talent.selectors import worker_manageable_list


class JobMarkOutputSerializer(serializers.ModelSerializer):
    vacancy_title = serializers.CharField(source="vacancy.title", read_only=True)
    enterprise_name = serializers.CharField(source="vacancy.enterprise.name", read_only=True)
    vacancy_status = serializers.CharField(source="vacancy.status", read_only=True)

    class Meta:
        model = JobMark
        fields = ["id", "vacancy", "vacancy_title", "enterprise_name", "vacancy_status", "kind", "updated_at"]


class JobMarkCreateInputSerializer(serializers.Serializer):
    vacancy = IdField(help_text="An open vacancy's id")
    kind = serializers.ChoiceField(choices=JobMark.Kind.choices)


@extend_schema_view(
    list=extend_schema(summary="One's saved jobs and the jobs one is not interested in (worker)"),
    create=extend_schema(
        summary="Save a job, or mark it not interested (hidden from one's recommendations; refit feedback)",
        request=JobMarkCreateInputSerializer,
        responses={201: JobMarkOutputSerializer},
    ),
    destroy=extend_schema(summary="Take a mark back: unsave the job, or let it be recommended again"),
)
class JobMarkViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, ApiViewSet):
    serializer_class = JobMarkOutputSerializer
    filterset_class = JobMarkFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    permissions_by_action = {"default": [HasOwnWorkerProfile]}

    def get_queryset(self):
        return job_mark_list(actor=self.actor)

    def create(self, request: Request) -> Response:
        serializer = JobMarkCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        vacancy = vacancy_public_list().filter(pk=data["vacancy"]).first()
        if vacancy is None:
            raise serializers.ValidationError({"vacancy": [_("No such vacancy on the job board.")]})
        worker = get_object_or_404(worker_manageable_list(actor=self.actor), pk=self.actor.worker_id)
        mark_with = job_marks.job_save if data["kind"] == JobMark.Kind.SAVED else job_marks.job_not_interested
        mark = mark_with(actor=self.actor, worker=worker, vacancy=vacancy)
        mark = self.get_queryset().get(pk=mark.pk)
        return Response(JobMarkOutputSerializer(mark).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk=None) -> Response:
        mark = get_object_or_404(self.get_queryset(), pk=pk)
        take_back = (
            job_marks.job_unsave if mark.kind == JobMark.Kind.SAVED else job_marks.job_interest_restore
        )
        take_back(actor=self.actor, worker=mark.worker, vacancy=mark.vacancy)
        return Response(status=status.HTTP_204_NO_CONTENT)
