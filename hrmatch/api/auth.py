"""Who-am-I: the roles and tenants of the request's user (API tokens are in audit.api.tokens)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hrmatch.actors import actor_for
from hrmatch.api.permissions import IsSignedIn


class MeOutputSerializer(serializers.Serializer):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    agencies = serializers.ListField(child=serializers.IntegerField())
    enterprises = serializers.ListField(child=serializers.IntegerField())
    worker = serializers.IntegerField(allow_null=True)
    official_city = serializers.IntegerField(allow_null=True)


class MeView(APIView):
    """Who the request is from: the roles and tenants every other endpoint scopes by."""

    permission_classes = [IsSignedIn]

    @extend_schema(summary="Who am I: roles and tenants", responses=MeOutputSerializer)
    def get(self, request: Request) -> Response:
        actor = actor_for(request.user)
        return Response(
            MeOutputSerializer(
                {
                    "username": request.user.get_username(),
                    "roles": actor.roles,
                    "agencies": sorted(actor.agency_ids),
                    "enterprises": sorted(actor.enterprise_ids),
                    "worker": actor.worker_id,
                    "official_city": actor.official_city_id,
                }
            ).data
        )
