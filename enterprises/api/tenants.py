"""The enterprise a write acts for: registered with the API plumbing (hrmatch.api.tenants) in AppConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from enterprises.selectors import enterprise_manageable_list
from hrmatch.actors import Actor


def acting_enterprise(actor: Actor, enterprise_id: int | None) -> Any:
    """The enterprise named in the input (one the actor may manage), or the factory HR's only enterprise."""
    if enterprise_id is not None:
        enterprise = enterprise_manageable_list(actor=actor).filter(pk=enterprise_id).first()
        if enterprise is None:
            raise serializers.ValidationError({"enterprise": [_("You may not post for this enterprise.")]})
        return enterprise
    if len(actor.enterprise_ids) == 1 and not actor.agency_ids:
        return enterprise_manageable_list(actor=actor).get(pk=next(iter(actor.enterprise_ids)))
    return None
