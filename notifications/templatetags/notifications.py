"""The header's bell: a link to the notifications page with the number of unread ones (one COUNT query)."""

from __future__ import annotations

from typing import Any

from django import template

from hrmatch.actors import actor_for
from notifications.selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("notifications/partials/bell.html", takes_context=True)
def notification_bell(context: template.Context) -> dict[str, Any]:
    """Signed-in users only; anonymous visitors get nothing (and no query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": notification_unread_count(actor=actor_for(user))}
