"""Viewsets of enterprises and vacancies: reads through enterprises.selectors, writes through its services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from enterprises import board, selectors, services
from enterprises.api.serializers import (
    EnterpriseCreateInputSerializer,
    EnterpriseOutputSerializer,
    EnterpriseUpdateInputSerializer,
    VacancyCreateInputSerializer,
    VacancyImportInputSerializer,
    VacancyOutputSerializer,
    VacancyUpdateInputSerializer,
)
from enterprises.filtersets import EnterpriseFilterSet, VacancyFilterSet
from enterprises.imports import import_vacancies
from enterprises.models import Vacancy
from hrmatch.api.errors import ErrorOutputSerializer
from hrmatch.api.imports import ImportReportOutputSerializer, sheet_import
from hrmatch.api.parsers import FormParser, MultiPartParser
from hrmatch.api.permissions import IsAgencyStaff, IsFactoryHR, IsOfficial, IsStaffOfTenant
from hrmatch.api.schema import VALIDATION_EXAMPLE
from hrmatch.api.tenants import acting_agency, acting_enterprise, serving_agency
from hrmatch.api.viewsets import ApiViewSet
from hrmatch.tabular import ImportReport

CONFLICT = OpenApiResponse(ErrorOutputSerializer, description="The workflow does not allow this move now.")


@extend_schema_view(
    list=extend_schema(summary="Enterprises one works with (own, clients, or the city's for officials)"),
    retrieve=extend_schema(summary="An enterprise"),
    partial_update=extend_schema(
        summary="Edit a client enterprise (staff of an agency that serves it)",
        description="Another agency's client answers 404; a wrong check character names the right one.",
        request=EnterpriseUpdateInputSerializer,
        responses=EnterpriseOutputSerializer,
        examples=[VALIDATION_EXAMPLE],
    ),
    create=extend_schema(
        summary="Register a client enterprise (agency staff)",
        request=EnterpriseCreateInputSerializer,
        responses={201: EnterpriseOutputSerializer},
        examples=[
            OpenApiExample(
                "A machine shop",
                value={
                    "name": "宁波精工机械有限公司",
                    "credit_code": "91330200MA2AXXXXXX",
                    "industry": "C34",
                    "city": "330200",
                    "address": "北仑区长江路1号",
                    "contract_headcount": 900,
                },
                request_only=True,
            ),
            OpenApiExample(
                "A bad credit code",
                value={
                    "detail": "信用代码的校验位不正确：按 GB 32100-2015 由前 17 位计算，校验码应为 3，而不是 4。请核对后重新输入。",
                    "errors": {"credit_code": ["…"]},
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
    ),
)
class EnterpriseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = EnterpriseOutputSerializer
    filterset_class = EnterpriseFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    http_method_names = ["get", "post", "patch", "head", "options"]
    permissions_by_action = {
        "create": [IsAgencyStaff],
        "partial_update": [IsAgencyStaff],
        "default": [IsAgencyStaff | IsFactoryHR | IsOfficial],
    }

    def get_queryset(self):
        return selectors.enterprise_list(actor=self.actor)

    def create(self, request: Request) -> Response:
        serializer = EnterpriseCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agency = acting_agency(self.actor, data.pop("agency", None), required=False)
        enterprise = services.enterprise_create(data=data, agency=agency)
        return Response(EnterpriseOutputSerializer(enterprise).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk=None) -> Response:
        enterprise = get_object_or_404(selectors.enterprise_client_list(actor=self.actor), pk=pk)
        serializer = EnterpriseUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        enterprise = services.enterprise_update(
            enterprise=enterprise, data=serializer.validated_data, actor=self.actor
        )
        return Response(EnterpriseOutputSerializer(enterprise).data)


@extend_schema_view(
    list=extend_schema(
        summary="Vacancies: open ones for everyone, plus the drafts and closed ones you manage",
        description="`occupation` takes a group code to match its whole subtree (6-18-00-00).",
    ),
    retrieve=extend_schema(summary="A vacancy"),
    create=extend_schema(
        summary="Post a vacancy as a draft (factory HR, or agency staff for a client)",
        request=VacancyCreateInputSerializer,
        responses={201: VacancyOutputSerializer},
        examples=[
            OpenApiExample(
                "A TIG welder",
                value={
                    "title": "氩弧焊工",
                    "occupation": "6-18-02-04",
                    "headcount": 3,
                    "pay_min": 6500,
                    "pay_max": 8500,
                    "employment_form": "direct",
                    "shift_pattern": "two_shift",
                    "dormitory": True,
                    "start_date": "2026-12-01",
                    "skills": [{"skill": "weld-tig", "importance": "required", "min_level": 3}],
                },
                request_only=True,
            ),
            VALIDATION_EXAMPLE,
        ],
    ),
    partial_update=extend_schema(
        summary="Edit a vacancy's terms (and replace its skills if `skills` is given)",
        description=(
            "An open vacancy whose matching terms (skills, pay, place, occupation, headcount…) change is "
            "re-matched at once. A closed vacancy answers 409."
        ),
        request=VacancyUpdateInputSerializer,
        responses={200: VacancyOutputSerializer, 409: CONFLICT},
        examples=[VALIDATION_EXAMPLE],
    ),
)
class VacancyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Anyone reads open vacancies; writes need a vacancy in vacancy_manageable_list (else 404)."""

    serializer_class = VacancyOutputSerializer
    filterset_class = VacancyFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    http_method_names = ["get", "post", "patch", "head", "options"]
    permissions_by_action = {
        "list": [AllowAny],
        "retrieve": [AllowAny],
        "default": [IsStaffOfTenant],
    }

    def get_queryset(self):
        return selectors.with_skills(selectors.vacancy_list(actor=self.actor))

    def list(self, request: Request, *args, **kwargs) -> Response:
        """Anonymous readers (the public job board's API) are answered from the board cache."""
        if request.user.is_authenticated:
            return super().list(request, *args, **kwargs)
        key = board.board_key("api", request)
        data = board.board_cache_get(key)
        if data is None:
            response = super().list(request, *args, **kwargs)
            board.board_cache_set(key, response.data)
            return response
        return Response(data)

    def _manageable(self, pk) -> Vacancy:
        return get_object_or_404(selectors.vacancy_manageable_list(actor=self.actor), pk=pk)

    def _answer(self, vacancy: Vacancy, code: int = status.HTTP_200_OK) -> Response:
        vacancy = selectors.with_skills(selectors.vacancy_manageable_list(actor=self.actor)).get(
            pk=vacancy.pk
        )
        return Response(VacancyOutputSerializer(vacancy).data, status=code)

    def create(self, request: Request) -> Response:
        serializer = VacancyCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        enterprise = acting_enterprise(self.actor, serializer.validated_data.get("enterprise"))
        if enterprise is None:
            raise serializers.ValidationError({"enterprise": [_("Name the enterprise of the vacancy.")]})
        data, skills = serializer.to_service()
        data["agency"] = serving_agency(self.actor, enterprise.pk)
        vacancy = services.vacancy_create(
            enterprise=enterprise, data=data, skills=skills or (), actor=self.actor
        )
        return self._answer(vacancy, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk=None) -> Response:
        vacancy = self._manageable(pk)
        serializer = VacancyUpdateInputSerializer(vacancy, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, skills = serializer.to_service()
        services.vacancy_update(vacancy=vacancy, data=data, skills=skills, actor=self.actor)
        return self._answer(vacancy)

    def _transition(self, pk, service) -> Response:
        vacancy = self._manageable(pk)
        service(vacancy=vacancy, actor=self.actor)
        return self._answer(vacancy)

    @extend_schema(
        summary="Publish a draft or paused vacancy (needs at least one skill)",
        request=None,
        responses={200: VacancyOutputSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def publish(self, request: Request, pk=None) -> Response:
        return self._transition(pk, services.vacancy_publish)

    @extend_schema(
        summary="Pause an open vacancy", request=None, responses={200: VacancyOutputSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def pause(self, request: Request, pk=None) -> Response:
        return self._transition(pk, services.vacancy_pause)

    @extend_schema(
        summary="Close a vacancy", request=None, responses={200: VacancyOutputSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def close(self, request: Request, pk=None) -> Response:
        return self._transition(pk, services.vacancy_close)

    @extend_schema(
        summary="Import vacancies from a CSV or XLSX sheet",
        description=(
            "The same import as `manage.py import_vacancies`. Any bad row answers 400 with "
            "`errors['rows.<row>.<column>']` and nothing is written, unless `valid_rows_only=true`."
        ),
        request={"multipart/form-data": VacancyImportInputSerializer},
        responses=ImportReportOutputSerializer,
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
        filterset_class=None,
    )
    def import_vacancies(self, request: Request) -> Response:
        def importer_for(options: dict[str, Any]) -> Callable[..., ImportReport]:
            enterprise = acting_enterprise(self.actor, options.get("enterprise"))
            agency = None
            if self.actor.agency_ids and (
                enterprise is None or enterprise.pk not in self.actor.enterprise_ids
            ):
                agency = acting_agency(self.actor, options.get("agency"))
            elif enterprise is None and not self.actor.is_admin:
                raise serializers.ValidationError(
                    {"enterprise": [_("Name the enterprise of the vacancies.")]}
                )
            return lambda table, **flags: import_vacancies(
                table, enterprise=enterprise, agency=agency, actor=self.actor, **flags
            )

        return sheet_import(request, VacancyImportInputSerializer, importer_for)
