"""The access log page: administrators and officials search who saw or exported workers' identity."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.filtersets import AccessLogFilterSet
from audit.selectors import access_log_list
from hrmatch.pages import actor_of, paginate


@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """Search the access log (a city's officials see the entries about their city's workers)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    actor = actor_of(request)
    if not (actor.is_admin or actor.is_official):
        raise PermissionDenied
    filterset = AccessLogFilterSet(request.GET, queryset=access_log_list(actor=actor))
    entries = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = paginate(request, entries)
    return render(request, "audit/accesslog_list.html", {"filterset": filterset, "page": page})
