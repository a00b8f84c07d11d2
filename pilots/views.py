"""Pages of the programme: the role landing, the role switcher and the list of pilot cities."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from hrmatch.actors import Role
from hrmatch.pages import ROLE_SESSION_KEY, actor_of, current_role
from pilots.models import PilotCity
from pilots.selectors import pilot_city_list

LANDING = {
    Role.AGENCY: "agencies:workspace",
    Role.FACTORY: "matching:factory-workspace",
    Role.PROVIDER: "training:provider-workspace",
    Role.WORKER: "matching:recommendations",
}


def _dashboard_url(name: str, **kwargs: str) -> str:
    """The officials' dashboard, or the city list while the dashboards are not mounted yet."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return reverse("city-list")


def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own workspace; visitors land on the public job board."""
    if not request.user.is_authenticated:
        return redirect("enterprises:job-list")
    actor = actor_of(request)
    role = current_role(request, actor)
    if role in LANDING:
        return redirect(LANDING[role])
    if role == Role.CITY_OFFICIAL:
        code = (
            PilotCity.objects.filter(pk=actor.official_city_id).values_list("code", flat=True).first()
            if actor.official_city_id is not None
            else None
        )
        return redirect(_dashboard_url("dashboards:city", code=code) if code else reverse("city-list"))
    if role == Role.NATIONAL_OFFICIAL:
        return redirect(_dashboard_url("dashboards:national"))
    if role == Role.ADMIN:
        return redirect("admin:index")
    return redirect("enterprises:job-list")


@require_POST
def switch_role(request: HttpRequest) -> HttpResponse:
    """Remember which of their workspaces a user with several roles works in, and go there."""
    role = request.POST.get("role", "")
    if role in actor_of(request).roles:
        request.session[ROLE_SESSION_KEY] = role
    return redirect("home")


def city_list(request: HttpRequest) -> HttpResponse:
    """Every active pilot city by region, with its counts."""
    cities = pilot_city_list()
    return render(request, "pilots/city_list.html", {"cities": cities})
