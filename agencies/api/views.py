"""Viewsets of agencies and placements."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from agencies import selectors, services
from agencies.activity import worker_activity
from agencies.api.serializers import (
    ActivityOutputSerializer,
    AgencyOutputSerializer,
    PlacementCreateInputSerializer,
    PlacementOutputSerializer,
    WorkerNoteCreateInputSerializer,
    WorkerNoteOutputSerializer,
)
from agencies.filtersets import AgencyFilterSet, PlacementFilterSet
from agencies.models import WorkerNote
from enterprises.selectors import vacancy_manageable_list
from hrmatch.actors import Actor
from hrmatch.api.permissions import IsAgencyStaff, IsSignedIn
from hrmatch.api.tenants import acting_agency
from hrmatch.api.viewsets import ApiViewSet
from talent.models import WorkerProfile
from talent.selectors import worker_list, worker_manageable_list


@extend_schema_view(
    list=extend_schema(
        summary="Agencies one deals with (own, serving one's enterprise, one's city, one's own)"
    ),
    retrieve=extend_schema(summary="An agency"),
)
class AgencyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = AgencyOutputSerializer
    filterset_class = AgencyFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    permission_classes = [IsSignedIn]

    def get_queryset(self):
        return selectors.agency_list(actor=self.actor)


@extend_schema_view(
    list=extend_schema(summary="Placements one took part in (agency, enterprise, or one's own)"),
    retrieve=extend_schema(summary="A placement"),
    create=extend_schema(
        summary="Record a placement of a worker of one's pool in a vacancy one manages (agency staff)",
        description="Fills one headcount; dispatch needs the agency's licence and respects the 10% cap.",
        request=PlacementCreateInputSerializer,
        responses={201: PlacementOutputSerializer},
    ),
)
class PlacementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = PlacementOutputSerializer
    filterset_class = PlacementFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    permissions_by_action = {"create": [IsAgencyStaff], "default": [IsSignedIn]}

    def get_queryset(self):
        return selectors.placement_list(actor=self.actor)

    def create(self, request: Request) -> Response:
        serializer = PlacementCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agency = acting_agency(self.actor, data.get("agency"))
        worker = worker_list(actor=self.actor).filter(pk=data["worker"]).first()
        vacancy = vacancy_manageable_list(actor=self.actor).filter(pk=data["vacancy"]).first()
        errors = {}
        if worker is None:
            errors["worker"] = [_("No such worker in your pool.")]
        if vacancy is None:
            errors["vacancy"] = [_("No such vacancy among those you manage.")]
        if worker is None or vacancy is None:
            raise serializers.ValidationError(errors)
        placement = services.placement_create(
            worker=worker,
            vacancy=vacancy,
            employment_form=data.get("employment_form") or vacancy.employment_form,
            started_on=data["started_on"],
            agency=agency,
            actor=self.actor,
        )
        placement = self.get_queryset().get(pk=placement.pk)
        return Response(PlacementOutputSerializer(placement).data, status=status.HTTP_201_CREATED)


def _pool_worker(actor: Actor, worker_id: Any) -> WorkerProfile:
    """A worker of the actor's agencies' pools (admin: any), else a 404."""
    workers = worker_manageable_list(actor=actor)
    if not actor.is_admin:
        workers = workers.filter(managing_agency_id__in=actor.agency_ids)
    return get_object_or_404(workers, pk=worker_id)


@extend_schema_view(
    list=extend_schema(summary="Notes on a worker of your pool, newest first (your agency's only)"),
    create=extend_schema(
        summary="Write a note on a worker of your pool; only your agency's staff read it",
        request=WorkerNoteCreateInputSerializer,
        responses={201: WorkerNoteOutputSerializer},
    ),
)
class WorkerNoteViewSet(mixins.ListModelMixin, ApiViewSet):
    serializer_class = WorkerNoteOutputSerializer
    permission_classes = [IsAgencyStaff]
    queryset = WorkerNote.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        worker = _pool_worker(self.actor, self.kwargs["worker_id"])
        return selectors.worker_note_list(actor=self.actor).filter(worker=worker)

    def create(self, request: Request, worker_id=None) -> Response:
        worker = _pool_worker(self.actor, worker_id)
        serializer = WorkerNoteCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.worker_note_create(
            actor=self.actor, worker=worker, body=serializer.validated_data["body"]
        )
        return Response(WorkerNoteOutputSerializer(note).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="A worker's activity: applications, stage moves, notes and placements, newest first",
        description="The latest 100 lines your agency may see, for a worker of your pool.",
        parameters=[OpenApiParameter("worker_id", int, OpenApiParameter.PATH, description="The worker's id")],
    )
)
class WorkerActivityViewSet(ApiViewSet):
    serializer_class = ActivityOutputSerializer
    queryset = WorkerNote.objects.none()  # for the schema only: list() builds the timeline
    permission_classes = [IsAgencyStaff]
    pagination_class = None

    def list(self, request: Request, worker_id=None) -> Response:
        worker = _pool_worker(self.actor, worker_id)
        lines = worker_activity(actor=self.actor, worker=worker, limit=100)
        return Response(ActivityOutputSerializer(lines, many=True).data)
