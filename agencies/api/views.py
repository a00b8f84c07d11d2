"""Viewsets of agencies and placements."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from agencies import selectors, services
from agencies.activity import MAX_LINES, worker_activity_page
from agencies.api.serializers import (
    ActivityPageOutputSerializer,
    AgencyOutputSerializer,
    PlacementCreateInputSerializer,
    PlacementOutputSerializer,
    WorkerNoteCreateInputSerializer,
    WorkerNoteOutputSerializer,
    WorkerNoteUpdateInputSerializer,
)
from agencies.filtersets import AgencyFilterSet, PlacementFilterSet
from agencies.models import WorkerNote
from enterprises.selectors import vacancy_manageable_list
from hrmatch.actors import Actor
from hrmatch.api.pagination import DEFAULT_PAGE_SIZE, PageQueryInputSerializer
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
    retrieve=extend_schema(summary="A note on a worker of your pool"),
    create=extend_schema(
        summary="Write a note on a worker of your pool; only your agency's staff read it",
        request=WorkerNoteCreateInputSerializer,
        responses={201: WorkerNoteOutputSerializer},
    ),
    partial_update=extend_schema(
        summary="Rewrite your own note (only its author edits it); it is marked edited",
        description="The worker's activity gains a line saying who edited a note, when; the old words "
        "are not kept. Another staff member's note answers 403.",
        request=WorkerNoteUpdateInputSerializer,
        responses={200: WorkerNoteOutputSerializer},
    ),
    destroy=extend_schema(
        summary="Delete a note: its author, or a manager of its agency",
        description="The worker's activity keeps a line saying who deleted a note, when (not its words).",
    ),
)
class WorkerNoteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = WorkerNoteOutputSerializer
    permission_classes = [IsAgencyStaff]
    queryset = WorkerNote.objects.none()  # for the schema; get_queryset scopes
    lookup_value_regex = "[0-9]{1,18}"

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

    def partial_update(self, request: Request, worker_id=None, pk=None) -> Response:
        note = self.get_object()
        if not selectors.worker_note_rights(actor=self.actor).can_edit(note):
            raise PermissionDenied  # before reading the body: the service refuses anyway
        serializer = WorkerNoteUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.worker_note_update(
            actor=self.actor, note=note, body=serializer.validated_data["body"]
        )
        return Response(WorkerNoteOutputSerializer(self.get_queryset().get(pk=note.pk)).data)

    def destroy(self, request: Request, worker_id=None, pk=None) -> Response:
        services.worker_note_delete(actor=self.actor, note=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="A worker's activity: applications, stage moves, notes (edits, deletions) and placements",
        description=f"Newest first, a page at a time (`page`, `page_size`), for a worker of your pool; "
        f"the newest {MAX_LINES:,} lines are paged.",
        parameters=[
            OpenApiParameter("worker_id", int, OpenApiParameter.PATH, description="The worker's id"),
            OpenApiParameter("page", int, description="Page number, from 1."),
            OpenApiParameter("page_size", int, description="Lines per page, at most 100 (default 25)."),
        ],
        responses={200: ActivityPageOutputSerializer},
    )
)
class WorkerActivityViewSet(ApiViewSet):
    serializer_class = ActivityPageOutputSerializer
    queryset = WorkerNote.objects.none()  # for the schema only: list() builds the timeline
    permission_classes = [IsAgencyStaff]
    pagination_class = None  # list() pages the merged timeline itself

    def list(self, request: Request, worker_id=None) -> Response:
        worker = _pool_worker(self.actor, worker_id)
        query = PageQueryInputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        number = query.validated_data.get("page", 1)
        size = query.validated_data.get("page_size", DEFAULT_PAGE_SIZE)
        page = worker_activity_page(actor=self.actor, worker=worker, page=number, per_page=size)

        def link(to: int) -> str:
            return request.build_absolute_uri(f"{request.path}?page={to}&page_size={size}")

        return Response(
            ActivityPageOutputSerializer(
                {
                    "next": link(page.next_number) if page.has_next else None,
                    "previous": link(page.previous_number) if page.has_previous else None,
                    "results": page.lines,
                }
            ).data
        )
