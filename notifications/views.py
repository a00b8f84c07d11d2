"""The notifications page: one's own notifications, newest first; open one (marks it read), mark all read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrmatch.pages import actor_of, paginate
from notifications.filtersets import NotificationFilterSet
from notifications.selectors import notification_list, notification_unread_count
from notifications.services import notification_mark_all_read, notification_mark_read


@login_required
@require_GET
def notification_page(request: HttpRequest) -> HttpResponse:
    """Every notification of the signed-in user, unread first marked; `?unread=true` for the unread only."""
    actor = actor_of(request)
    filterset = NotificationFilterSet(request.GET, queryset=notification_list(actor=actor))
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": paginate(request, rows),
            "filterset": filterset,
            "unread_only": request.GET.get("unread") == "true",
            "unread": notification_unread_count(actor=actor),
        },
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go where it points (or back to the list)."""
    actor = actor_of(request)
    notification = get_object_or_404(notification_list(actor=actor), pk=pk)
    notification_mark_read(notification=notification, actor=actor)
    target = notification.url
    if request.POST.get("stay") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("notifications:list")
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every notification of the signed-in user read."""
    count = notification_mark_all_read(actor=actor_of(request))
    if count:
        messages.success(request, _("All notifications marked read."))
    return redirect("notifications:list")
