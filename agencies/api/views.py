"""Viewsets of agencies and placements."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from agencies import selectors, services
from agencies.api.serializers import (
    AgencyOutputSerializer,
    PlacementCreateInputSerializer,
    PlacementOutputSerializer,
)
from agencies.filtersets import AgencyFilterSet, PlacementFilterSet
from enterprises.selectors import vacancy_manageable_list
from hrmatch.api.permissions import IsAgencyStaff, IsSignedIn
from hrmatch.api.tenants import acting_agency
from hrmatch.api.viewsets import ApiViewSet
from talent.selectors import worker_list


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
