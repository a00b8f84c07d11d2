"""The access log as the API shows it."""

from __future__ import annotations

from rest_framework import serializers

from audit.models import AccessLog


class AccessLogOutputSerializer(serializers.ModelSerializer):
    workers = serializers.SerializerMethodField(help_text="Ids of the workers the answer or export showed")

    class Meta:
        model = AccessLog
        fields = [
            "id",
            "at",
            "actor_name",
            "actor_role",
            "organisation",
            "action",
            "what",
            "path",
            "rows",
            "city_id",
            "client_address",
            "workers",
        ]

    def get_workers(self, entry: AccessLog) -> list[int]:
        return [row.worker_id for row in entry.workers.all()][:1000]
