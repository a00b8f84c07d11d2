"""Viewsets of training: providers and programmes (public), cohorts, enrolments with their workflow, and
the outcomes officials and providers follow."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from enterprises.selectors import vacancy_manageable_list
from hrmatch.api.permissions import IsOfficialOrProviderStaff, IsProviderStaff, IsSignedIn
from hrmatch.api.viewsets import ApiViewSet, PublicReadOnlyViewSet
from talent.models import WorkerProfile
from talent.selectors import worker_list
from training import selectors, services
from training.api.serializers import (
    CohortOutputSerializer,
    CohortProgressOutputSerializer,
    CommitmentCreateInputSerializer,
    CommitmentOutputSerializer,
    DriveOutcomeOutputSerializer,
    EnrolmentAdvanceInputSerializer,
    EnrolmentCompleteInputSerializer,
    EnrolmentCreateInputSerializer,
    EnrolmentOutputSerializer,
    OccupationOutcomeOutputSerializer,
    ProgrammeOutcomeOutputSerializer,
    ProgrammeOutputSerializer,
    ProviderOutcomeOutputSerializer,
    ProviderOutputSerializer,
)
from training.models import Cohort, Drive, Enrolment


@extend_schema_view(
    list=extend_schema(summary="Training providers (public)"),
    retrieve=extend_schema(summary="A training provider"),
)
class ProviderViewSet(PublicReadOnlyViewSet):
    serializer_class = ProviderOutputSerializer

    def get_queryset(self):
        return selectors.provider_list(actor=self.actor).order_by("name", "id")


@extend_schema_view(
    list=extend_schema(summary="Training programmes open for enrolment, and one's own provider's (public)"),
    retrieve=extend_schema(summary="A training programme"),
)
class ProgrammeViewSet(PublicReadOnlyViewSet):
    serializer_class = ProgrammeOutputSerializer

    def get_queryset(self):
        return selectors.programme_list(actor=self.actor).order_by("title", "id")


@extend_schema_view(list=extend_schema(summary="Cohorts of the programmes one may read, with seats taken"))
class CohortViewSet(mixins.ListModelMixin, ApiViewSet):
    serializer_class = CohortOutputSerializer
    permission_classes = [AllowAny]
    permissions_by_action = {"progress": [IsProviderStaff]}

    def get_queryset(self):
        return selectors.cohort_list(actor=self.actor).order_by("starts_on", "id")

    @extend_schema(
        summary="The cohorts of one's own programmes with their trainees by status (provider staff)",
        responses={200: CohortProgressOutputSerializer(many=True)},
    )
    @action(detail=False, methods=["get"])
    def progress(self, request: Request) -> Response:
        cohorts = selectors.cohort_progress_list(actor=self.actor).order_by("-starts_on", "-id")
        page = self.paginate_queryset(cohorts)
        return self.get_paginated_response(CohortProgressOutputSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Enrolments one takes part in (own, provider's trainees, agency pool, city)"),
    retrieve=extend_schema(summary="An enrolment"),
)
class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = EnrolmentOutputSerializer
    lookup_value_regex = "[0-9]{1,18}"
    permission_classes = [IsSignedIn]

    def get_queryset(self):
        return selectors.enrolment_list(actor=self.actor).order_by("-enrolled_at", "-id")

    def _managed(self, pk: str) -> Enrolment:
        """An enrolment in one of the actor's own programmes (provider staff), else 404."""
        programmes = selectors.programme_manageable_list(actor=self.actor).values("pk")
        return self.get_queryset().filter(cohort__programme__in=programmes).get(pk=pk)

    def _answer(self, enrolment: Enrolment, code: int = status.HTTP_200_OK) -> Response:
        return Response(EnrolmentOutputSerializer(self.get_queryset().get(pk=enrolment.pk)).data, status=code)

    @extend_schema(
        summary="Enrol oneself (worker) or a worker of one's pool (agency staff) in a cohort",
        request=EnrolmentCreateInputSerializer,
        responses={201: EnrolmentOutputSerializer},
    )
    def create(self, request: Request) -> Response:
        data = EnrolmentCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        cohort = selectors.cohort_list(actor=self.actor).filter(pk=values["cohort"]).first()
        if values.get("worker"):
            worker = worker_list(actor=self.actor).filter(pk=values["worker"]).first()
        else:
            worker = WorkerProfile.objects.filter(pk=self.actor.worker_id or 0).first()
        errors = {}
        if cohort is None:
            errors["cohort"] = [_("No such cohort.")]
        if worker is None:
            errors["worker"] = [_("No such worker in your pool.")]
        if errors or cohort is None or worker is None:
            raise serializers.ValidationError(errors)
        # Only the worker themself can agree that a result is written to their profile.
        consent = values["consent_to_profile"] and worker.pk == self.actor.worker_id
        enrolment = services.enrolment_create(
            cohort=cohort, worker=worker, actor=self.actor, consent_to_profile=consent
        )
        return self._answer(enrolment, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Move a trainee on: attending or dropped (provider staff)",
        request=EnrolmentAdvanceInputSerializer,
        responses={200: EnrolmentOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: str) -> Response:
        data = EnrolmentAdvanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrolment = services.enrolment_advance(
            enrolment=self._managed(pk), to=data.validated_data["status"], note=data.validated_data["note"]
        )
        return self._answer(enrolment)

    @extend_schema(
        summary="Record the assessment and complete (provider staff); a pass goes to the worker's profile "
        "with their consent and re-matches them",
        request=EnrolmentCompleteInputSerializer,
        responses={200: EnrolmentOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        data = EnrolmentCompleteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrolment = services.enrolment_complete(enrolment=self._managed(pk), **data.validated_data)
        return self._answer(enrolment)

    @extend_schema(
        summary="Agree that the programme's result is added to one's profile (the worker)",
        request=None,
        responses={200: EnrolmentOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def consent(self, request: Request, pk: str) -> Response:
        enrolment = self.get_queryset().get(pk=pk, worker_id=self.actor.worker_id)
        return self._answer(services.enrolment_consent(enrolment=enrolment))


@extend_schema_view(
    list=extend_schema(
        summary="Order-based training one follows: committed vacancies and their cohorts' progress"
    )
)
class CommitmentViewSet(mixins.ListModelMixin, ApiViewSet):
    serializer_class = CommitmentOutputSerializer
    permission_classes = [IsSignedIn]

    def get_queryset(self):
        return selectors.commitment_list(actor=self.actor).order_by("cohort__starts_on", "id")

    @extend_schema(
        summary="Commit places of a vacancy one manages to a cohort of its city (订单式培养)",
        request=CommitmentCreateInputSerializer,
        responses={201: CommitmentOutputSerializer},
    )
    def create(self, request: Request) -> Response:
        data = CommitmentCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        vacancy = vacancy_manageable_list(actor=self.actor).filter(pk=values["vacancy"]).first()
        cohort = Cohort.objects.select_related("programme__provider").filter(pk=values["cohort"]).first()
        errors = {}
        if vacancy is None:
            errors["vacancy"] = [_("No such vacancy among those you manage.")]
        if cohort is None:
            errors["cohort"] = [_("No such cohort.")]
        if errors or vacancy is None or cohort is None:
            raise serializers.ValidationError(errors)
        commitment = services.cohort_commit(
            cohort=cohort, vacancy=vacancy, places=values["places"], actor=self.actor
        )
        answer = self.get_queryset().get(pk=commitment.pk)
        return Response(CommitmentOutputSerializer(answer).data, status=status.HTTP_201_CREATED)


CITY_PARAMETER = OpenApiParameter(
    "city",
    str,
    description="Only this pilot city's programmes (its code); officials see their own city anyway.",
)
OUTCOMES = (
    "Placements count when they start within 90 days of a passed completion; pay before is the desired "
    "monthly pay at enrolment, pay after the placed job's. Provider staff see their own programmes, city "
    "officials their city's, national officials every city's."
)


@extend_schema_view(
    programmes=extend_schema(
        summary="Training outcomes by programme", description=OUTCOMES, parameters=[CITY_PARAMETER]
    ),
    providers=extend_schema(
        summary="Training outcomes by provider", description=OUTCOMES, parameters=[CITY_PARAMETER]
    ),
    occupations=extend_schema(
        summary="Training outcomes by the occupation a programme certifies",
        description=OUTCOMES,
        parameters=[CITY_PARAMETER],
    ),
    drives=extend_schema(summary="Joint recruitment drives with their invitations, attendance and hires"),
)
class TrainingOutcomeViewSet(ApiViewSet):
    """The training dashboards' figures (officials and provider staff; everyone else 403)."""

    permission_classes = [IsOfficialOrProviderStaff]
    queryset = Drive.objects.none()  # for the schema; each action computes its rows

    def _city_id(self) -> int | None:
        code = self.request.query_params.get("city", "")
        if not code:
            return None
        from pilots.models import PilotCity

        city_id = PilotCity.objects.filter(code=code[:12]).values_list("pk", flat=True).first()
        if city_id is None:
            raise serializers.ValidationError({"city": [_("No pilot city has this code.")]})
        return city_id

    def _page(self, rows: Any, serializer_class: type[serializers.Serializer]) -> Response:
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(responses={200: ProgrammeOutcomeOutputSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def programmes(self, request: Request) -> Response:
        rows = selectors.programme_outcome_list(actor=self.actor, city_id=self._city_id())
        return self._page(rows, ProgrammeOutcomeOutputSerializer)

    @extend_schema(responses={200: ProviderOutcomeOutputSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def providers(self, request: Request) -> Response:
        rows = selectors.provider_outcome_list(actor=self.actor, city_id=self._city_id())
        return self._page(rows, ProviderOutcomeOutputSerializer)

    @extend_schema(responses={200: OccupationOutcomeOutputSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def occupations(self, request: Request) -> Response:
        rows = selectors.occupation_outcome_list(actor=self.actor, city_id=self._city_id())
        return self._page(rows, OccupationOutcomeOutputSerializer)

    @extend_schema(responses={200: DriveOutcomeOutputSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def drives(self, request: Request) -> Response:
        rows = selectors.drive_outcome_list(actor=self.actor).order_by("-held_on", "-id")
        return self._page(rows, DriveOutcomeOutputSerializer)
