"""Which of the actor's tenants a write acts for, when a user works for several agencies or enterprises."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from hrmatch.actors import Actor


def acting_agency(actor: Actor, agency_id: int | None, *, required: bool = True) -> Any:
    """The agency named in the input (one of the actor's), or the actor's only agency.

    Admins may name any agency or none (when not `required`).
    """
    from agencies.models import Agency

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


def acting_enterprise(actor: Actor, enterprise_id: int | None) -> Any:
    """The enterprise named in the input (one the actor may manage), or the factory HR's only enterprise."""
    from enterprises.selectors import enterprise_manageable_list

    if enterprise_id is not None:
        enterprise = enterprise_manageable_list(actor=actor).filter(pk=enterprise_id).first()
        if enterprise is None:
            raise serializers.ValidationError({"enterprise": [_("You may not post for this enterprise.")]})
        return enterprise
    if len(actor.enterprise_ids) == 1 and not actor.agency_ids:
        return enterprise_manageable_list(actor=actor).get(pk=next(iter(actor.enterprise_ids)))
    return None


def serving_agency(actor: Actor, enterprise_id: int) -> Any:
    """The actor's agency that serves an enterprise (it manages what it posts there), or None."""
    from agencies.models import Agency

    return (
        Agency.objects.filter(pk__in=actor.agency_ids, client_links__enterprise_id=enterprise_id)
        .order_by("pk")
        .first()
    )
