"""The agency a write acts for: registered with the API plumbing (hrmatch.api.tenants) in AppConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from agencies.models import Agency
from hrmatch.actors import Actor


def acting_agency(actor: Actor, agency_id: int | None, *, required: bool = True) -> Any:
    """The agency named in the input (one of the actor's), or the actor's only agency.

    Admins may name any agency or none (when not `required`).
    """
    if agency_id is not None:
        agencies = Agency.objects.all() if actor.is_admin else Agency.objects.filter(pk__in=actor.agency_ids)
        agency = agencies.filter(pk=agency_id).first()
        if agency is None:
            raise serializers.ValidationError({"agency": [_("You do not work for this agency.")]})
        return agency
    if len(actor.agency_ids) == 1:
        return Agency.objects.get(pk=next(iter(actor.agency_ids)))
    if actor.is_admin and not actor.agency_ids and not required:
        return None
    raise serializers.ValidationError({"agency": [_("Name the agency you act for.")]})


def serving_agency(actor: Actor, enterprise_id: int) -> Any:
    """The actor's agency that serves an enterprise (it manages what it posts there), or None."""
    return (
        Agency.objects.filter(pk__in=actor.agency_ids, client_links__enterprise_id=enterprise_id)
        .order_by("pk")
        .first()
    )
