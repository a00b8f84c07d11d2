"""The agencies an enterprise granted one of its vacancies (agencies.grants): list, grant, revoke."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from agencies.grants import (
    NOT_SERVING,
    grantable_agencies,
    require_grantor,
    vacancy_grant_create,
    vacancy_grant_list,
    vacancy_grant_revoke,
)
from agencies.models import VacancyGrant
from enterprises.models import Vacancy
from enterprises.selectors import vacancy_manageable_list
from hrmatch.api.permissions import IsStaffOfTenant
from hrmatch.api.viewsets import ApiViewSet

VACANCY = OpenApiParameter("vacancy_id", int, OpenApiParameter.PATH, description="The vacancy's id")


class VacancyGrantOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    vacancy = serializers.IntegerField(source="vacancy_id")
    agency = serializers.IntegerField(source="agency_id")
    agency_name = serializers.CharField(source="agency.name")
    granted_at = serializers.DateTimeField(source="created_at")


class VacancyGrantInputSerializer(serializers.Serializer):
    agency = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="An agency serving the enterprise"
    )


@extend_schema_view(
    list=extend_schema(
        summary="The agencies a vacancy's enterprise granted it (its enterprise and posting agency)",
        parameters=[VACANCY],
    ),
    create=extend_schema(
        summary="Grant a second agency serving the enterprise access to the vacancy (the enterprise's HR)",
        description=(
            "The granted agency sees the vacancy, works its shortlist and refers workers of its pool; it "
            "sees only the applications it made, learns no other candidate's identity on it, and cannot "
            "edit, pause or close it. Granting an agency twice answers the existing grant."
        ),
        parameters=[VACANCY],
        request=VacancyGrantInputSerializer,
        responses={201: VacancyGrantOutputSerializer},
    ),
    destroy=extend_schema(summary="Revoke a grant (the enterprise's HR)", parameters=[VACANCY]),
)
class VacancyGrantViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, ApiViewSet):
    serializer_class = VacancyGrantOutputSerializer
    permission_classes = [IsStaffOfTenant]
    queryset = VacancyGrant.objects.none()  # for the schema; get_queryset scopes
    pagination_class = None
    lookup_value_regex = "[0-9]{1,18}"

    def _vacancy(self) -> Vacancy:
        """The vacancy, among those the actor manages (a granted agency does not: 404)."""
        return get_object_or_404(vacancy_manageable_list(actor=self.actor), pk=self.kwargs["vacancy_id"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return vacancy_grant_list(vacancy=self._vacancy())

    def create(self, request: Request, vacancy_id=None) -> Response:
        vacancy = self._vacancy()
        serializer = VacancyGrantInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        require_grantor(self.actor, vacancy)  # 403 before saying anything about the agency
        agency = grantable_agencies(vacancy=vacancy).filter(pk=serializer.validated_data["agency"]).first()
        if agency is None:  # the same answer whether the agency exists or not
            raise serializers.ValidationError({"agency": [NOT_SERVING]})
        grant = vacancy_grant_create(actor=self.actor, vacancy=vacancy, agency=agency)
        return Response(VacancyGrantOutputSerializer(grant).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: VacancyGrant) -> None:
        vacancy_grant_revoke(actor=self.actor, grant=instance)
