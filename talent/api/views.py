"""Viewsets of the taxonomy (public) and of worker profiles (agency staff, and a worker's own `me`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from hrmatch.api.imports import ImportReportOutputSerializer, sheet_import
from hrmatch.api.parsers import FormParser, MultiPartParser
from hrmatch.api.permissions import HasOwnWorkerProfile, IsAgencyStaff, IsWorker
from hrmatch.api.tenants import acting_agency
from hrmatch.api.viewsets import ApiViewSet, PublicReadOnlyViewSet
from hrmatch.tabular import ImportReport
from talent import selectors, services
from talent.api.serializers import (
    CertificateCreateInputSerializer,
    CertificateOutputSerializer,
    ConsentGrantInputSerializer,
    ConsentOutputSerializer,
    OccupationOutputSerializer,
    OccupationSuggestInputSerializer,
    OccupationSuggestionOutputSerializer,
    PaperConsentInputSerializer,
    SkillOutputSerializer,
    WorkerCreateInputSerializer,
    WorkerEraseInputSerializer,
    WorkerImportInputSerializer,
    WorkerOutputSerializer,
    WorkerSkillsSetInputSerializer,
    WorkerUpdateInputSerializer,
    WorkHistoryCreateInputSerializer,
    WorkHistoryOutputSerializer,
)
from talent.coding.suggest import suggest_occupations
from talent.filtersets import OccupationFilterSet, SkillFilterSet, WorkerFilterSet
from talent.forms import SignupForm
from talent.imports import import_workers
from talent.models import ConsentRecord, Occupation, Skill, WorkerProfile

WORKER_EXAMPLE = OpenApiExample(
    "A welder",
    value={
        "full_name": "张伟",
        "mobile": "13812345678",
        "birth_year": 1992,
        "home_city": "330200",
        "accepted_forms": ["direct", "dispatch"],
        "skills": [{"skill": "weld-tig", "level": 3}],
    },
    request_only=True,
)


@extend_schema_view(
    list=extend_schema(summary="Browse or search the occupational classification (public)"),
    retrieve=extend_schema(summary="An occupation or group (public)"),
)
class OccupationViewSet(PublicReadOnlyViewSet):
    serializer_class = OccupationOutputSerializer
    filterset_class = OccupationFilterSet

    def get_queryset(self) -> QuerySet[Occupation]:
        return selectors.occupation_list()

    @extend_schema(
        summary="Suggest occupation codes for a job title (public)",
        parameters=[OccupationSuggestInputSerializer],
        responses=OccupationSuggestionOutputSerializer(many=True),
        examples=[
            OpenApiExample(
                "电焊工",
                value=[
                    {
                        "code": "6-18-02-04",
                        "name": "焊工",
                        "level": 4,
                        "score": 0.92,
                        "generic": False,
                        "label": "焊工",
                    }
                ],
                response_only=True,
            )
        ],
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def suggest(self, request: Request) -> Response:
        query = OccupationSuggestInputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        city = query.validated_data.get("city")
        suggestions = suggest_occupations(
            query.validated_data["q"], limit=query.validated_data["limit"], city_id=city.pk if city else None
        )
        return Response(OccupationSuggestionOutputSerializer(suggestions, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="The skill vocabulary (public)"),
    retrieve=extend_schema(summary="A skill (public)"),
)
class SkillViewSet(PublicReadOnlyViewSet):
    serializer_class = SkillOutputSerializer
    filterset_class = SkillFilterSet

    def get_queryset(self) -> QuerySet[Skill]:
        return selectors.skill_list()


class SignupRateThrottle(AnonRateThrottle):
    """Sign-ups per client address (the trusted-proxy rule), at the `signup` rate the page uses too."""

    scope = "signup"


@extend_schema_view(
    list=extend_schema(summary="Workers an agency manages or who shared with it (and one's own profile)"),
    retrieve=extend_schema(summary="A worker's profile"),
    create=extend_schema(
        summary="Register a worker (agency staff)",
        request=WorkerCreateInputSerializer,
        responses={201: WorkerOutputSerializer},
        examples=[WORKER_EXAMPLE],
    ),
    partial_update=extend_schema(
        summary="Change a worker's profile (their agency, or the worker)",
        request=WorkerUpdateInputSerializer,
        responses=WorkerOutputSerializer,
    ),
)
class WorkerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Reads through talent.selectors (worker_list to read, worker_manageable_list to write)."""

    serializer_class = WorkerOutputSerializer
    filterset_class = WorkerFilterSet
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    lookup_value_regex = "[0-9]{1,18}"
    permissions_by_action = {
        "create": [IsAgencyStaff],
        "import_workers": [IsAgencyStaff],
        "signup": [AllowAny],
        "me": [HasOwnWorkerProfile],
        "me_update": [HasOwnWorkerProfile],
        "me_consents": [HasOwnWorkerProfile],
        "me_consent_grant": [HasOwnWorkerProfile],
        "me_consent_revoke": [HasOwnWorkerProfile],
        "me_export": [HasOwnWorkerProfile],
        "me_erase": [HasOwnWorkerProfile],
        "paper_consent": [IsAgencyStaff],
        "default": [IsAgencyStaff | IsWorker],
    }

    def get_queryset(self) -> QuerySet[WorkerProfile]:
        return selectors.worker_detail_list(actor=self.actor)

    def _manageable(self, pk: int | str | None) -> WorkerProfile:
        return get_object_or_404(selectors.worker_manageable_list(actor=self.actor), pk=pk)

    def _answer(self, worker: WorkerProfile, code: int = status.HTTP_200_OK) -> Response:
        worker = selectors.worker_detail_list(actor=self.actor).get(pk=worker.pk)
        return Response(WorkerOutputSerializer(worker).data, status=code)

    def create(self, request: Request) -> Response:
        serializer = WorkerCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agency = acting_agency(self.actor, serializer.validated_data.get("agency"), required=False)
        skills = [(item["skill"].pk, item["level"]) for item in serializer.validated_data.get("skills", [])]
        data, id_number = serializer.to_service()
        data["managing_agency"] = agency
        note = data.pop("paper_consent_note", "")
        worker = services.worker_create(
            data=data,
            id_number=id_number,
            skills=skills,
            consent_by=self.actor if note else None,
            consent_basis=ConsentRecord.Basis.PAPER,
            consent_note=note,
        )
        return self._answer(worker, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: int | str | None = None) -> Response:
        worker = self._manageable(pk)
        serializer = WorkerUpdateInputSerializer(worker, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, id_number = serializer.to_service()
        services.worker_profile_update(actor=self.actor, worker=worker, data=data, id_number=id_number)
        return self._answer(worker)

    @extend_schema(
        summary="Sign up as a worker (public): a login named by the mobile number and one's own profile",
        description=(
            "The same fields as the sign-up page, checked by the same form. The answer is 202 whether or "
            "not the mobile number already has an account (then nothing changes), so sign-up cannot be "
            "used to learn who is registered; the worker then asks for a token with the mobile and "
            "password. Throttled per client address (`HRMATCH_THROTTLE_SIGNUP`)."
        ),
        request=inline_serializer(
            "WorkerSignupInput",
            {
                "full_name": serializers.CharField(max_length=60),
                "mobile": serializers.CharField(max_length=20),
                "password": serializers.CharField(write_only=True),
                "birth_year": serializers.IntegerField(),
                "home_city": serializers.IntegerField(help_text="A pilot city's id"),
                "home_district": serializers.IntegerField(required=False, allow_null=True),
                "consent_to_matching": serializers.BooleanField(required=False, default=False),
            },
        ),
        responses={202: inline_serializer("WorkerSignupAccepted", {"detail": serializers.CharField()})},
    )
    @action(
        detail=False,
        methods=["post"],
        filterset_class=None,
        pagination_class=None,
        authentication_classes=[],
        throttle_classes=[SignupRateThrottle],
    )
    def signup(self, request: Request) -> Response:
        form = SignupForm(data=request.data)
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
                    for field, messages in form.errors.items()
                }
            )
        services.worker_account_open(
            mobile=form.cleaned_data["mobile"],
            password=form.cleaned_data["password"],
            data=form.profile_data(),
        )
        detail = _("If this mobile number is new, its account is ready: sign in with it and the password.")
        return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary="One's own worker profile", responses=WorkerOutputSerializer)
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def me(self, request: Request) -> Response:
        return self._answer(self._manageable(self.actor.worker_id))

    @extend_schema(
        summary="Change one's own worker profile",
        request=WorkerUpdateInputSerializer,
        responses=WorkerOutputSerializer,
    )
    @me.mapping.patch
    def me_update(self, request: Request) -> Response:
        return self.partial_update(request, pk=self.actor.worker_id)

    @extend_schema(
        summary="Download everything held about oneself (worker), as the privacy page's JSON",
        description=(
            "The profile (the ID number only masked), skills, certificates, work history, consents, "
            "applications with their history, and placements."
        ),
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["get"], url_path="me/export", filterset_class=None, pagination_class=None)
    def me_export(self, request: Request) -> Response:
        worker = self._manageable(self.actor.worker_id)
        return Response(services.worker_data_export(actor=self.actor, worker=worker))

    @extend_schema(
        summary="Erase one's own profile (worker): anonymised at once, consents revoked, sign-in closed",
        request=WorkerEraseInputSerializer,
        responses={204: None},
    )
    @action(detail=False, methods=["post"], url_path="me/erase", filterset_class=None)
    def me_erase(self, request: Request) -> Response:
        worker = self._manageable(self.actor.worker_id)
        serializer = WorkerEraseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.worker_erase(actor=self.actor, worker=worker)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Replace a worker's skills",
        request=WorkerSkillsSetInputSerializer,
        responses=WorkerOutputSerializer,
    )
    @action(detail=True, methods=["put"], filterset_class=None)
    def skills(self, request: Request, pk: int | str | None = None) -> Response:
        worker = self._manageable(pk)
        serializer = WorkerSkillsSetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.worker_set_skills(
            worker=worker,
            skills=[(item["skill"].pk, item["level"]) for item in serializer.validated_data["skills"]],
        )
        return self._answer(worker)

    @extend_schema(
        summary="A worker's vocational certificates", responses=CertificateOutputSerializer(many=True)
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def certificates(self, request: Request, pk: int | str | None = None) -> Response:
        worker = get_object_or_404(self.get_queryset(), pk=pk)
        rows = worker.certificates.select_related("occupation")
        return Response(CertificateOutputSerializer(rows, many=True).data)

    @extend_schema(
        summary="Add a vocational certificate",
        request=CertificateCreateInputSerializer,
        responses={201: CertificateOutputSerializer},
    )
    @certificates.mapping.post
    def certificate_add(self, request: Request, pk: int | str | None = None) -> Response:
        worker = self._manageable(pk)
        serializer = CertificateCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        certificate = services.certificate_add(
            worker=worker, data=serializer.validated_data, actor=self.actor
        )
        return Response(CertificateOutputSerializer(certificate).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Remove a vocational certificate", responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"certificates/(?P<certificate_id>[0-9]{1,18})",
        filterset_class=None,
    )
    def certificate_remove(
        self, request: Request, pk: int | str | None = None, certificate_id: str | None = None
    ) -> Response:
        worker = self._manageable(pk)
        services.certificate_remove(
            certificate=get_object_or_404(worker.certificates, pk=certificate_id), actor=self.actor
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Correct a vocational certificate (the fields given)",
        request=CertificateCreateInputSerializer,
        responses=CertificateOutputSerializer,
    )
    @certificate_remove.mapping.patch
    def certificate_update(
        self, request: Request, pk: int | str | None = None, certificate_id: str | None = None
    ) -> Response:
        worker = self._manageable(pk)
        certificate = get_object_or_404(worker.certificates, pk=certificate_id)
        serializer = CertificateCreateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        certificate = services.certificate_update(
            certificate=certificate, data=serializer.validated_data, actor=self.actor
        )
        return Response(CertificateOutputSerializer(certificate).data)

    @extend_schema(summary="A worker's work history", responses=WorkHistoryOutputSerializer(many=True))
    @action(
        detail=True, methods=["get"], url_path="work-history", filterset_class=None, pagination_class=None
    )
    def work_history(self, request: Request, pk: int | str | None = None) -> Response:
        worker = get_object_or_404(self.get_queryset(), pk=pk)
        rows = worker.work_history.select_related("occupation")
        return Response(WorkHistoryOutputSerializer(rows, many=True).data)

    @extend_schema(
        summary="Add a job to a worker's history",
        request=WorkHistoryCreateInputSerializer,
        responses={201: WorkHistoryOutputSerializer},
    )
    @work_history.mapping.post
    def work_history_add(self, request: Request, pk: int | str | None = None) -> Response:
        worker = self._manageable(pk)
        serializer = WorkHistoryCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.work_history_add(worker=worker, data=serializer.validated_data, actor=self.actor)
        return Response(WorkHistoryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Remove a job from a worker's history", responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"work-history/(?P<entry_id>[0-9]{1,18})",
        filterset_class=None,
    )
    def work_history_remove(
        self, request: Request, pk: int | str | None = None, entry_id: str | None = None
    ) -> Response:
        worker = self._manageable(pk)
        services.work_history_remove(
            entry=get_object_or_404(worker.work_history, pk=entry_id), actor=self.actor
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Correct a job of a worker's history (the fields given)",
        request=WorkHistoryCreateInputSerializer,
        responses=WorkHistoryOutputSerializer,
    )
    @work_history_remove.mapping.patch
    def work_history_update(
        self, request: Request, pk: int | str | None = None, entry_id: str | None = None
    ) -> Response:
        worker = self._manageable(pk)
        entry = get_object_or_404(worker.work_history, pk=entry_id)
        serializer = WorkHistoryCreateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        entry = services.work_history_update(entry=entry, data=serializer.validated_data, actor=self.actor)
        return Response(WorkHistoryOutputSerializer(entry).data)

    @extend_schema(
        summary="One's own consents (in force and revoked)", responses=ConsentOutputSerializer(many=True)
    )
    @action(
        detail=False, methods=["get"], url_path="me/consents", filterset_class=None, pagination_class=None
    )
    def me_consents(self, request: Request) -> Response:
        worker = self._manageable(self.actor.worker_id)
        return Response(ConsentOutputSerializer(worker.consents.all(), many=True).data)

    @extend_schema(
        summary="Grant a consent: automated matching, or sharing one's profile with an enterprise or agency",
        request=ConsentGrantInputSerializer,
        responses={201: ConsentOutputSerializer},
        examples=[
            OpenApiExample(
                "Share with a factory",
                value={"purpose": "share_enterprise", "enterprise": 12},
                request_only=True,
            )
        ],
    )
    @me_consents.mapping.post
    def me_consent_grant(self, request: Request) -> Response:
        worker = self._manageable(self.actor.worker_id)
        serializer = ConsentGrantInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.consent_grant(
            worker=worker,
            purpose=serializer.validated_data["purpose"],
            enterprise_id=serializer.validated_data.get("enterprise"),
            agency_id=serializer.validated_data.get("agency"),
            actor=self.actor,
        )
        return Response(ConsentOutputSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Revoke one of one's consents", request=None, responses=ConsentOutputSerializer)
    @action(
        detail=False,
        methods=["post"],
        url_path=r"me/consents/(?P<consent_id>[0-9]{1,18})/revoke",
        filterset_class=None,
    )
    def me_consent_revoke(self, request: Request, consent_id: str | None = None) -> Response:
        worker = self._manageable(self.actor.worker_id)
        record = services.consent_revoke(
            record=get_object_or_404(worker.consents, pk=consent_id), actor=self.actor
        )
        return Response(ConsentOutputSerializer(record).data)

    @extend_schema(
        summary="Record a matching consent the worker signed on paper (agency staff of the worker's pool)",
        description=(
            "Matching consent belongs to the worker: they give it on the privacy page or in the API. "
            "An agency may record a consent the worker signed on paper, saying in `note` where the "
            "signed form is kept; the record names the staff member who recorded it."
        ),
        request=PaperConsentInputSerializer,
        responses={201: ConsentOutputSerializer},
    )
    @action(detail=True, methods=["post"], url_path="paper-consent", filterset_class=None)
    def paper_consent(self, request: Request, pk: int | str | None = None) -> Response:
        worker = self._manageable(pk)
        serializer = PaperConsentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.consent_record_paper(
            actor=self.actor, worker=worker, note=serializer.validated_data["note"]
        )
        return Response(ConsentOutputSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Import workers from a CSV or XLSX sheet (agency staff)",
        description=(
            "The same import as `manage.py import_workers`. Any bad row answers 400 with "
            "`errors['rows.<row>.<column>']` and nothing is written, unless `valid_rows_only=true`: "
            "then the valid rows are written and the bad ones listed in the report."
        ),
        request={"multipart/form-data": WorkerImportInputSerializer},
        responses=ImportReportOutputSerializer,
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
        filterset_class=None,
    )
    def import_workers(self, request: Request) -> Response:
        def importer_for(options: dict[str, Any]) -> Callable[..., ImportReport]:
            agency = acting_agency(self.actor, options.get("agency"))
            return lambda table, **flags: import_workers(
                table, agency=agency, city=agency.city, actor=self.actor, **flags
            )

        return sheet_import(request, WorkerImportInputSerializer, importer_for)
