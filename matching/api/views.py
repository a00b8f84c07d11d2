"""Viewsets of the candidate pipeline, shortlists, recommendations and match runs.

Reads through matching.selectors; writes through matching.services.pipeline (validated transitions: an illegal
move answers 409) and matching.services (a second run for a city answers 409 with the running run).
"""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from enterprises.models import VacancySkill
from enterprises.selectors import vacancy_list, vacancy_manageable_list, vacancy_workable_list
from hrmatch.api.errors import ErrorOutputSerializer
from hrmatch.api.permissions import (
    HasOwnWorkerProfile,
    IsAgencyStaff,
    IsOfficial,
    IsSignedIn,
    IsStaffOfTenant,
    IsWorker,
)
from hrmatch.api.tenants import acting_agency
from hrmatch.api.viewsets import ApiViewSet
from matching import selectors
from matching.api.serializers import (
    ApplicationApplyInputSerializer,
    ApplicationMoveInputSerializer,
    ApplicationOutputSerializer,
    ApplicationReferInputSerializer,
    ApplicationRejectInputSerializer,
    CandidateDetailOutputSerializer,
    MatchRunConflictOutputSerializer,
    MatchRunOutputSerializer,
    MatchRunStartInputSerializer,
    RecommendationOutputSerializer,
    ShortlistEntryOutputSerializer,
    ShortlistMoveInputSerializer,
)
from matching.applicants import applicant_get, candidate_detail, detail_as_data
from matching.filtersets import ApplicationFilterSet, MatchFilterSet, MatchRunFilterSet
from matching.models import Application, Match
from matching.services import match_run_request, pipeline, runs
from talent.selectors import worker_list

CONFLICT = OpenApiResponse(
    ErrorOutputSerializer,
    description="Illegal move for the candidate's current stage.",
    examples=[
        OpenApiExample(
            "Hired is final",
            value={"detail": "已录用的候选人不能变为已拒绝。", "errors": {}},
            response_only=True,
            status_codes=["409"],
        )
    ],
)


def _move_schema(summary: str, request=ApplicationMoveInputSerializer):
    return extend_schema(
        summary=summary, request=request, responses={200: ApplicationOutputSerializer, 409: CONFLICT}
    )


@extend_schema_view(
    list=extend_schema(summary="Applications one takes part in (own, one's enterprise's, one's agency's)"),
    retrieve=extend_schema(summary="An application"),
    create=extend_schema(
        summary="Apply to an open vacancy (worker)",
        request=ApplicationApplyInputSerializer,
        responses={201: ApplicationOutputSerializer},
    ),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = ApplicationOutputSerializer
    filterset_class = ApplicationFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    permissions_by_action = {
        "create": [HasOwnWorkerProfile],
        "refer": [IsAgencyStaff],
        "withdraw": [IsWorker | IsAgencyStaff],
        "accept": [HasOwnWorkerProfile],
        "decline": [HasOwnWorkerProfile],
        "list": [IsSignedIn],
        "retrieve": [IsSignedIn],
        "default": [IsStaffOfTenant],
    }

    def get_queryset(self):
        # The candidate block names the worker's district and occupation: read them with the page.
        return selectors.application_identity_list(actor=self.actor).select_related(
            "worker__home_district", "worker__primary_occupation"
        )

    def _answer(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        application = self.get_queryset().get(pk=application.pk)
        return Response(ApplicationOutputSerializer(application).data, status=code)

    def create(self, request: Request) -> Response:
        serializer = ApplicationApplyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        vacancy = vacancy_list(actor=self.actor).filter(pk=serializer.validated_data["vacancy"]).first()
        if vacancy is None:
            raise serializers.ValidationError({"vacancy": [_("No such vacancy.")]})
        if self.actor.worker_id is None:
            raise NotFound()
        worker = worker_list(actor=self.actor).get(pk=self.actor.worker_id)
        application = pipeline.application_apply(worker=worker, vacancy=vacancy, actor=self.actor)
        return self._answer(application, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Refer a worker of one's pool to a vacancy one's agency serves (agency staff)",
        request=ApplicationReferInputSerializer,
        responses={201: ApplicationOutputSerializer},
    )
    @action(detail=False, methods=["post"], filterset_class=None)
    def refer(self, request: Request) -> Response:
        serializer = ApplicationReferInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agency = acting_agency(self.actor, data.get("agency"))
        vacancy = vacancy_list(actor=self.actor).filter(pk=data["vacancy"]).first()
        worker = worker_list(actor=self.actor).filter(pk=data["worker"]).first()
        errors = {}
        if vacancy is None:
            errors["vacancy"] = [_("No such vacancy.")]
        if worker is None:
            errors["worker"] = [_("No such worker in your pool.")]
        if vacancy is None or worker is None:
            raise serializers.ValidationError(errors)
        application = pipeline.application_refer(
            worker=worker, vacancy=vacancy, agency=agency, actor=self.actor
        )
        return self._answer(application, status.HTTP_201_CREATED)

    @extend_schema(
        summary="The candidate of an application once they applied (the vacancy's factory and agency)",
        description=(
            "Profile, skills held against the vacancy's requirements, certificates, work history and the "
            "application's history. A candidate who never applied (masked) answers 404."
        ),
        responses=CandidateDetailOutputSerializer,
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def candidate(self, request: Request, pk=None) -> Response:
        try:
            application = applicant_get(actor=self.actor, application_id=int(pk))
        except Application.DoesNotExist:
            raise NotFound() from None
        return Response(CandidateDetailOutputSerializer(detail_as_data(candidate_detail(application))).data)

    def _managed(self, pk) -> Application:
        managed = vacancy_manageable_list(actor=self.actor).values("pk")
        return get_object_or_404(self.get_queryset().filter(vacancy__in=managed), pk=pk)

    def _move(
        self, request: Request, pk, to: str, input_serializer=ApplicationMoveInputSerializer
    ) -> Response:
        application = self._managed(pk)
        serializer = input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pipeline.application_move(
            application=application, to=to, actor=self.actor, reason=serializer.validated_data["reason"]
        )
        return self._answer(application)

    @_move_schema(
        "Invite a suggested candidate to apply (factory HR or the managing agency); the worker decides, "
        "and their identity stays masked unless they accept"
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def invite(self, request: Request, pk=None) -> Response:
        return self._move(request, pk, Application.Stage.INVITED)

    def _own(self, pk) -> Application:
        return get_object_or_404(self.get_queryset().filter(worker_id=self.actor.worker_id), pk=pk)

    @extend_schema(
        summary="Accept an invitation to apply (the worker): it becomes one's application, and the "
        "factory sees one's profile from now on",
        request=None,
        responses={200: ApplicationOutputSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def accept(self, request: Request, pk=None) -> Response:
        application = self._own(pk)
        pipeline.application_invitation_accept(application=application, actor=self.actor)
        return self._answer(application)

    @extend_schema(
        summary="Decline an invitation to apply (the worker): final, and the factory never learns who one is",
        request=ApplicationMoveInputSerializer,
        responses={200: ApplicationOutputSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def decline(self, request: Request, pk=None) -> Response:
        application = self._own(pk)
        serializer = ApplicationMoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pipeline.application_invitation_decline(
            application=application, actor=self.actor, reason=serializer.validated_data["reason"]
        )
        return self._answer(application)

    @_move_schema("Shortlist a candidate who applied (factory HR or the managing agency)")
    @action(detail=True, methods=["post"], filterset_class=None)
    def shortlist(self, request: Request, pk=None) -> Response:
        return self._move(request, pk, Application.Stage.SHORTLISTED)

    @_move_schema("Invite a shortlisted candidate to interview")
    @action(detail=True, methods=["post"], filterset_class=None)
    def interview(self, request: Request, pk=None) -> Response:
        return self._move(request, pk, Application.Stage.INTERVIEWING)

    @_move_schema("Make an offer after the interview")
    @action(detail=True, methods=["post"], filterset_class=None)
    def offer(self, request: Request, pk=None) -> Response:
        return self._move(request, pk, Application.Stage.OFFERED)

    @_move_schema("Hire: records the placement (headcount, dispatch licence and the 10% cap are checked)")
    @action(detail=True, methods=["post"], filterset_class=None)
    def hire(self, request: Request, pk=None) -> Response:
        return self._move(request, pk, Application.Stage.HIRED)

    @_move_schema("Reject a candidate, with the reason the worker is told", ApplicationRejectInputSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reject(self, request: Request, pk=None) -> Response:
        return self._move(request, pk, Application.Stage.REJECTED, ApplicationRejectInputSerializer)

    @_move_schema(
        "Withdraw a candidacy (the worker, or their agency), with a reason", ApplicationRejectInputSerializer
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def withdraw(self, request: Request, pk=None) -> Response:
        own = Q(worker_id=self.actor.worker_id) | Q(worker__managing_agency_id__in=self.actor.agency_ids)
        queryset = self.get_queryset() if self.actor.is_admin else self.get_queryset().filter(own)
        application = get_object_or_404(queryset, pk=pk)
        serializer = ApplicationRejectInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pipeline.application_withdraw(
            application=application, actor=self.actor, reason=serializer.validated_data["reason"]
        )
        return self._answer(application)


class _MatchListViewSet(mixins.ListModelMixin, ApiViewSet):
    """A page of matches, with each row's missing required skills read for the page in two queries."""

    filterset_class = MatchFilterSet

    def list(self, request: Request, *args, **kwargs) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = list(self.paginate_queryset(queryset) or [])
        context = {**self.get_serializer_context(), "missing": selectors.missing_skills(page)}
        serializer = self.get_serializer_class()(page, many=True, context=context)
        return self.get_paginated_response(serializer.data)


@extend_schema_view(
    list=extend_schema(
        summary="A vacancy's ranked candidates from the current match run, with reasons",
        description=(
            "Factory HR of the vacancy's enterprise, or agency staff managing it. A candidate's name and "
            "mobile are shown only once the worker applied to this vacancy or shared their profile with "
            "the enterprise; otherwise the label is 候选人 #<rank>. `rank` starts at 1."
        ),
    )
)
class ShortlistViewSet(_MatchListViewSet):
    serializer_class = ShortlistEntryOutputSerializer
    permission_classes = [IsStaffOfTenant]
    queryset = Match.objects.none()  # for the schema; get_queryset scopes
    lookup_url_kwarg = "rank"
    lookup_value_regex = "[0-9]{1,5}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        # Read by the staff who work the vacancy (a granted agency too); moving needs one who manages it.
        vacancies = vacancy_workable_list if self.action in ("list", "retrieve") else vacancy_manageable_list
        vacancy = get_object_or_404(vacancies(actor=self.actor), pk=self.kwargs["vacancy_id"])
        return selectors.with_application_ids(
            selectors.shortlist(actor=self.actor, vacancy=vacancy), actor=self.actor
        )

    @extend_schema(
        summary="Move a candidate of the engine's shortlist (by rank) into the pipeline",
        description=(
            "Factory HR of the vacancy's enterprise, or agency staff managing it. The engine's suggestion "
            "becomes an application (if the candidate has none yet) and is moved to `to` in one step: "
            "the same workflow as the candidates page. A suggestion can only be invited to apply "
            "(`invited`) or rejected; shortlisting and later steps need the worker's own application "
            "(they applied, were referred, or accepted the invitation), else 409. `rank` is the entry's "
            "rank in the current run (1 is the best). A rejection needs a reason."
        ),
        request=ShortlistMoveInputSerializer,
        responses={200: ApplicationOutputSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def move(self, request: Request, vacancy_id=None, rank=None) -> Response:
        match = get_object_or_404(self.get_queryset(), rank=int(rank) - 1)
        serializer = ShortlistMoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = pipeline.application_shortlist_from_match(
            match=match, actor=self.actor, **serializer.validated_data
        )
        answer = selectors.application_identity_list(actor=self.actor).get(pk=application.pk)
        return Response(ApplicationOutputSerializer(answer).data)


@extend_schema_view(
    list=extend_schema(summary="One's recommended open vacancies, best first, with reasons (worker)")
)
class RecommendationViewSet(_MatchListViewSet):
    serializer_class = RecommendationOutputSerializer
    permission_classes = [IsWorker]

    def get_queryset(self):
        return selectors.recommendation_list(actor=self.actor).prefetch_related(
            Prefetch(
                "vacancy__skill_requirements",
                queryset=VacancySkill.objects.select_related("skill").order_by("importance", "skill__code"),
            )
        )


@extend_schema_view(
    list=extend_schema(summary="Match runs of the cities one works in"),
    retrieve=extend_schema(summary="A match run and its progress (poll this)"),
    create=extend_schema(
        summary="Start a match run for a city (officials of that city, the ministry, admins)",
        request=MatchRunStartInputSerializer,
        responses={
            202: MatchRunOutputSerializer,
            409: OpenApiResponse(MatchRunConflictOutputSerializer, description="A run is already under way"),
        },
    ),
)
class MatchRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = MatchRunOutputSerializer
    filterset_class = MatchRunFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    permissions_by_action = {"create": [IsOfficial], "default": [IsAgencyStaff | IsOfficial]}

    def get_queryset(self):
        return selectors.match_run_list(actor=self.actor)

    def create(self, request: Request) -> Response:
        serializer = MatchRunStartInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        city = serializer.validated_data["city"]
        scope = self.actor.official_city_ids()
        if scope is not None and city.pk not in scope:
            raise serializers.ValidationError({"city": [_("You may not start runs for this city.")]})
        try:
            run = match_run_request(city_id=city.pk, actor=self.actor)
        except runs.RunAlreadyActive as exc:
            return Response(
                {
                    "detail": _("A match run for this city is already under way."),
                    "errors": {},
                    "run": MatchRunOutputSerializer(self.get_queryset().get(pk=exc.run.pk)).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            MatchRunOutputSerializer(self.get_queryset().get(pk=run.pk)).data, status=status.HTTP_202_ACCEPTED
        )
