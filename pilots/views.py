"""Pages of the programme: the home page and the list of pilot cities."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pilots.selectors import pilot_city_list


def home(request: HttpRequest) -> HttpResponse:
    """Signed-in users land on their workspace; everyone else sees the pilot cities."""
    return redirect("city-list")


def city_list(request: HttpRequest) -> HttpResponse:
    """Every active pilot city by region, with its counts."""
    cities = pilot_city_list()
    return render(request, "pilots/city_list.html", {"cities": cities})
