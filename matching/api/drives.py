"""API of joint recruitment drives (planned by the engine) and of what training would change."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from hrmatch.api.fields import IdField
from hrmatch.api.permissions import IsOfficial, IsSignedIn
from hrmatch.api.viewsets import ApiViewSet
from matching.services.drives import drive_plan
from matching.services.training_effect import programme_ranking
from training.models import Drive, DriveInvitation
from training.selectors import drive_invitation_list, drive_list, drive_manageable_list
from training.services import drive_create, drive_invitation_record


class DriveOutputSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    vacancies: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    agencies: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    plan_summary = serializers.JSONField(read_only=True)

    class Meta:
        model = Drive
        fields = [
            "id",
            "title",
            "city",
            "park",
            "organiser_agency",
            "held_on",
            "venue",
            "online",
            "max_interviews_per_worker",
            "candidates_per_post",
            "vacancies",
            "agencies",
            "status",
            "plan_summary",
            "created_at",
        ]


class DriveCreateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    held_on = serializers.DateField()
    venue = serializers.CharField(max_length=160, required=False, default="", allow_blank=True)
    online = serializers.BooleanField(default=False)
    park = IdField(required=False, allow_null=True)
    max_interviews_per_worker = serializers.IntegerField(min_value=1, max_value=10, default=2)
    candidates_per_post = serializers.IntegerField(min_value=1, max_value=20, default=3)
    vacancies = serializers.ListField(child=IdField(), max_length=500)
    agencies = serializers.ListField(child=IdField(), max_length=100, required=False, default=list)


class DriveInvitationOutputSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="vacancy.enterprise.name", read_only=True)
    vacancy_title = serializers.CharField(source="vacancy.title", read_only=True)
    candidate = serializers.SerializerMethodField()
    rank = serializers.SerializerMethodField(help_text="1 is the best among the vacancy's invitations")

    class Meta:
        model = DriveInvitation
        fields = [
            "id",
            "vacancy",
            "vacancy_title",
            "enterprise_name",
            "rank",
            "score",
            "candidate",
            "attended",
            "hired",
        ]

    def get_rank(self, invitation: DriveInvitation) -> int:
        return invitation.rank + 1

    def get_candidate(self, invitation: DriveInvitation) -> str:
        """The worker's name for the agency that brings them; a pseudonymous reference for everyone else."""
        visible = bool(getattr(invitation, "identity_visible", False))
        return invitation.worker.full_name if visible else f"W{invitation.worker_id}"


class DriveOutcomeInputSerializer(serializers.Serializer):
    attended = serializers.BooleanField()
    hired = serializers.BooleanField(default=False)


class ProgrammeEffectOutputSerializer(serializers.Serializer):
    programme = serializers.IntegerField(source="programme_id")
    trainees = serializers.IntegerField()
    posts_before = serializers.IntegerField(source="before.total")
    posts_after = serializers.IntegerField(source="after.total")
    extra_posts = serializers.IntegerField()
    extra_by_occupation = serializers.DictField(child=serializers.IntegerField())
    subsidy = serializers.IntegerField()
    subsidy_per_extra_post = serializers.FloatField(allow_null=True)
    posts_per_10k_yuan = serializers.FloatField()


@extend_schema_view(
    list=extend_schema(summary="Joint recruitment drives one organises or takes part in"),
    retrieve=extend_schema(summary="A drive, with its plan compared with each factory taking its own top"),
)
class DriveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = DriveOutputSerializer
    lookup_value_regex = "[0-9]{1,18}"
    permission_classes = [IsSignedIn]

    def get_queryset(self):
        return (
            drive_list(actor=self.actor).prefetch_related("vacancies", "agencies").order_by("-held_on", "-id")
        )

    def _managed(self, pk: str) -> Drive:
        return get_object_or_404(drive_manageable_list(actor=self.actor), pk=pk)

    @extend_schema(
        summary="Create a drive (city officials for their city or a park; agency staff as organiser)",
        request=DriveCreateInputSerializer,
        responses={201: DriveOutputSerializer},
    )
    def create(self, request: Request) -> Response:
        data = DriveCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        actor = self.actor
        if actor.official_city_id is not None:
            city_id, organiser = actor.official_city_id, None
        elif actor.agency_ids:
            from agencies.models import Agency

            organiser = Agency.objects.filter(pk__in=actor.agency_ids).order_by("pk").first()
            if organiser is None:
                raise PermissionDenied(_("City officials and agency staff create drives."))
            city_id = organiser.city_id
        else:
            raise PermissionDenied(_("City officials and agency staff create drives."))
        vacancy_ids, agency_ids = values.pop("vacancies"), values.pop("agencies")
        park = values.pop("park", None)
        drive = drive_create(
            data={**values, "city_id": city_id, "park_id": park, "organiser_agency": organiser},
            vacancy_ids=vacancy_ids,
            agency_ids=agency_ids,
            actor=self.actor,
        )
        return Response(
            DriveOutputSerializer(self.get_queryset().get(pk=drive.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Plan the drive's invitations across all its vacancies at once (replaces an earlier plan)",
        request=None,
        responses={200: DriveOutputSerializer},
    )
    @action(detail=True, methods=["post"])
    def plan(self, request: Request, pk: str) -> Response:
        drive = drive_plan(drive=self._managed(pk))
        return Response(DriveOutputSerializer(self.get_queryset().get(pk=drive.pk)).data)

    @extend_schema(
        summary="The drive's invitations (names only of one's own agency's pool)",
        responses={200: DriveInvitationOutputSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def invitations(self, request: Request, pk: str) -> Response:
        drive = get_object_or_404(drive_list(actor=self.actor), pk=pk)
        page = self.paginate_queryset(drive_invitation_list(actor=self.actor, drive=drive))
        return self.get_paginated_response(DriveInvitationOutputSerializer(page, many=True).data)

    @extend_schema(
        summary="Record whether an invited worker came and was hired (the drive's organiser)",
        request=DriveOutcomeInputSerializer,
        responses={200: DriveInvitationOutputSerializer},
    )
    @action(detail=True, methods=["post"], url_path=r"invitations/(?P<invitation_id>[0-9]{1,18})/outcome")
    def outcome(self, request: Request, pk: str, invitation_id: str) -> Response:
        drive = self._managed(pk)
        invitation = get_object_or_404(drive_invitation_list(actor=self.actor, drive=drive), pk=invitation_id)
        data = DriveOutcomeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        drive_invitation_record(invitation=invitation, **data.validated_data)
        invitation = drive_invitation_list(actor=self.actor, drive=drive).get(pk=invitation.pk)
        return Response(DriveInvitationOutputSerializer(invitation).data)


@extend_schema_view(
    list=extend_schema(
        summary="What training would change: the city's programmes ranked by extra posts (of the city, or of a "
        "park) per ¥10,000 (officials)",
        description="Each programme is given to the workers it would help most (its latest cohort's seats, "
        "or `trainees`); the engine re-matches them with its skills added.",
        parameters=[
            OpenApiParameter(
                "city", str, description="The pilot city's code (required of national officials)."
            ),
            OpenApiParameter("trainees", int, description="Workers given each programme (1–5000)."),
            OpenApiParameter(
                "park",
                int,
                description="Only the open posts of this park's enterprises (a park of the city, by id): the "
                "extra posts of that park, each programme given to the workers it would help most there.",
            ),
        ],
    )
)
class ProgrammeEffectViewSet(ApiViewSet):
    serializer_class = ProgrammeEffectOutputSerializer
    permission_classes = [IsOfficial]
    pagination_class = None
    queryset = Drive.objects.none()  # for the schema; the answer is computed

    def _park_id(self, city_id: int) -> int | None:
        """The park `park` names: one of the city's, else 400."""
        from pilots.models import Park

        value = self.request.query_params.get("park", "")
        if not value:
            return None
        pk = int(value) if value.isdigit() and len(value) < 19 else 0
        found = Park.objects.filter(pk=pk, city_id=city_id).values_list("pk", flat=True).first()
        if found is None:
            raise serializers.ValidationError({"park": [_("Name a park of the city by its id.")]})
        return found

    def list(self, request: Request) -> Response:
        city_id = self.actor.official_city_id
        if city_id is None:  # national officials and admins name the city
            from pilots.models import PilotCity

            city = PilotCity.objects.filter(code=request.query_params.get("city", "")).first()
            if city is None:
                raise serializers.ValidationError({"city": [_("Name a pilot city by its code.")]})
            city_id = city.pk
        trainees = request.query_params.get("trainees", "")
        ranking = programme_ranking(
            city_id=city_id,
            trainees=int(trainees) if trainees.isdigit() and 0 < int(trainees) <= 5000 else None,
            park_id=self._park_id(city_id),
        )
        return Response(ProgrammeEffectOutputSerializer(ranking, many=True).data)
