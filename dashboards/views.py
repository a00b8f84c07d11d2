"""The officials' dashboards: a city's labour market, all pilot cities side by side, and table exports.

Scope: a city official sees only their own city (any other answers 404); a national official and an
admin see every city; anyone else signed in gets 404, and a visitor is sent to sign in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards import charts
from dashboards.exports import FORMATS, export_response
from dashboards.figures import HEADLINES, MAX_PERIOD_DAYS, Period, Table, plotted
from dashboards.selectors import NATIONAL_COLUMNS, city_dashboard, latest_statistics_day, national_dashboard
from hrmatch.actors import Actor, actor_for
from pilots.models import District, PilotCity

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
DEFAULT_DAYS = 30


class DashboardFilterForm(forms.Form):
    """Date range and district of a dashboard; any invalid value falls back to the default."""

    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False, choices=())

    def __init__(self, *args, districts: list[District] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if districts is None:
            del self.fields["district"]
        else:
            field = self.fields["district"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("Whole city"))] + [
                (district.code, str(district)) for district in districts
            ]

    def _bounded(self, name: str) -> dt.date | None:
        value = self.cleaned_data.get(name)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(_("Choose a date between 2000 and 2100."))
        return value

    def clean_start(self) -> dt.date | None:
        return self._bounded("start")

    def clean_end(self) -> dt.date | None:
        return self._bounded("end")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The start of the period must not be after its end."))
            if (end - start).days + 1 > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of at most 366 days."))
        return data


def _period(form: DashboardFilterForm, latest: dt.date | None) -> Period:
    """The period asked for, or the last 30 days rolled up when the filters are missing or invalid."""
    default_end = latest or timezone.localdate() - dt.timedelta(days=1)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
    if end is None:
        end = (
            default_end
            if start is None or start <= default_end
            else start + dt.timedelta(days=DEFAULT_DAYS - 1)
        )
    if start is None or start > end:
        start = end - dt.timedelta(days=DEFAULT_DAYS - 1)
    return Period(start, end)


def _signed_in_actor(request: HttpRequest) -> Actor | None:
    return actor_for(request.user) if request.user.is_authenticated else None


def _city_in_scope(actor: Actor, code: str) -> PilotCity:
    city = PilotCity.objects.filter(code=code, is_active=True).first()
    allowed = actor.official_city_ids()
    if city is None or (allowed is not None and city.pk not in allowed):
        raise Http404(_("No dashboard for this city."))
    return city


def _city_context(request: HttpRequest, city: PilotCity) -> dict:
    districts = list(District.objects.filter(city=city).order_by("code"))
    form = DashboardFilterForm(request.GET or None, districts=districts)
    period = _period(form, latest_statistics_day([city.pk]))
    district = form.cleaned_data.get("district", "") if form.is_bound and form.is_valid() else ""
    dashboard = city_dashboard(city=city, period=period, district=district)
    return {"city": city, "form": form, "dashboard": dashboard, "district": district, "districts": districts}


def _query(period: Period, **extra: str) -> str:
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    params.update({key: value for key, value in extra.items() if value})
    return urlencode(params)


def _column(table: Table, index: int) -> list[float | None]:
    return [plotted(row[index]) for row in table.rows]


def city(request: HttpRequest, code: str) -> HttpResponse:
    """A city official's home: headline figures, trends, supply and demand, skills, agencies, compliance."""
    actor = _signed_in_actor(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    context = _city_context(request, _city_in_scope(actor, code))
    dashboard = context["dashboard"]
    labels = [row[0] for row in dashboard.trend_stock.rows]
    groups = dashboard.groups
    skills = dashboard.skills
    fill = dashboard.fill_times
    agencies = dashboard.agencies
    context["charts"] = {
        "trend_supply": charts.line_chart(
            labels,
            [
                (_("Open headcount"), _column(dashboard.trend_stock, 2)),
                (_("Active job seekers"), _column(dashboard.trend_stock, 3)),
            ],
        ),
        "trend_pipeline": charts.line_chart(
            labels,
            [
                (_("Applications"), _column(dashboard.trend_flow, 1)),
                (_("Engine matches"), _column(dashboard.trend_flow, 2)),
                (_("Hires"), _column(dashboard.trend_flow, 4)),
            ],
        ),
        "occupation_groups": charts.bar_chart(
            [row[0] for row in groups.rows[:12]],
            [
                (_("Open headcount"), _column(groups, 2)[:12]),
                (_("Active job seekers"), _column(groups, 3)[:12]),
            ],
            horizontal=True,
        ),
        "short_skills": charts.bar_chart(
            [row[0] for row in skills.rows],
            [(_("Open headcount needing it"), _column(skills, 1)), (_("Gap (people)"), _column(skills, 3))],
            horizontal=True,
        ),
        "time_to_fill": charts.bar_chart(
            [row[0] for row in fill.rows],
            [(_("Median days"), _column(fill, 2)), (_("90th percentile days"), _column(fill, 3))],
        ),
        "agencies": charts.bar_chart(
            [row[0] for row in agencies.rows[:10]],
            [
                (_("Placements"), _column(agencies, 3)[:10]),
                (_("Vacancies filled"), _column(agencies, 2)[:10]),
            ],
            horizontal=True,
        ),
    }
    context["query"] = _query(dashboard.period, district=context["district"])
    context["actor"] = actor
    context["may_see_all"] = actor.official_city_ids() is None
    return render(request, "dashboards/city.html", context)


def city_export(request: HttpRequest, code: str, table: str, fmt: str) -> HttpResponse:
    """One table of a city dashboard as CSV or XLSX, for the same filters."""
    actor = _signed_in_actor(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    city_row = _city_in_scope(actor, code)
    if fmt not in FORMATS:
        raise Http404
    dashboard = _city_context(request, city_row)["dashboard"]
    chosen = dashboard.tables.get(table)
    if chosen is None:
        raise Http404
    period = dashboard.period
    name = f"{city_row.code}-{table}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return export_response(chosen, fmt, name)


def _national_scope(request: HttpRequest) -> HttpResponse | Actor:
    actor = _signed_in_actor(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    if actor.official_city_ids() is None:
        return actor
    if actor.official_city_id is not None:
        code = PilotCity.objects.filter(pk=actor.official_city_id).values_list("code", flat=True).first()
        if code:
            return redirect("dashboards:city", code=code)
    raise Http404


def _national_context(request: HttpRequest) -> dict:
    form = DashboardFilterForm(request.GET or None)
    period = _period(form, latest_statistics_day())
    sort = request.GET.get("sort", "")
    sort = sort if sort in (*NATIONAL_COLUMNS, "name") else ""
    descending = request.GET.get("dir", "desc") != "asc"
    dashboard = national_dashboard(period=period, sort=sort, descending=descending)
    return {"form": form, "dashboard": dashboard, "sort": sort, "descending": descending}


def national(request: HttpRequest) -> HttpResponse:
    """A ministry official's home: every pilot city's headline figures, sortable, and the regions."""
    scope = _national_scope(request)
    if isinstance(scope, HttpResponse):
        return scope
    context = _national_context(request)
    dashboard = context["dashboard"]
    period = dashboard.period
    labels = dict(HEADLINES)
    context["columns"] = []
    for key in ("name", *NATIONAL_COLUMNS):
        descending = not (context["sort"] == key and context["descending"])
        context["columns"].append(
            {
                "key": key,
                "label": _("City") if key == "name" else str(labels[key]),
                "url": "?" + _query(period, sort=key, dir="desc" if descending else "asc"),
                "active": context["sort"] == key,
                "arrow": ("↓" if context["descending"] else "↑") if context["sort"] == key else "",
            }
        )
    chart_rows = [row for row in dashboard.cities if plotted(row.figures["open_headcount"])]
    context["charts"] = {
        "cities": charts.bar_chart(
            [str(row.city) for row in chart_rows],
            [
                (_("Open headcount"), [plotted(row.figures["open_headcount"]) for row in chart_rows]),
                (_("Active job seekers"), [plotted(row.figures["active_seekers"]) for row in chart_rows]),
            ],
            horizontal=True,
        ),
        "regions": charts.bar_chart(
            [row[0] for row in dashboard.regions_table.rows],
            [
                (_("Open headcount"), _column(dashboard.regions_table, 2)),
                (_("Active job seekers"), _column(dashboard.regions_table, 3)),
                (_("Hires"), _column(dashboard.regions_table, 6)),
            ],
        ),
    }
    context["query"] = _query(period, sort=context["sort"], dir="" if context["descending"] else "asc")
    return render(request, "dashboards/national.html", context)


def national_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """The cities or regions table of the national overview as CSV or XLSX."""
    scope = _national_scope(request)
    if isinstance(scope, HttpResponse):
        return scope
    if fmt not in FORMATS:
        raise Http404
    dashboard = _national_context(request)["dashboard"]
    chosen = dashboard.tables.get(table)
    if chosen is None:
        raise Http404
    period = dashboard.period
    return export_response(chosen, fmt, f"national-{table}-{period.start:%Y%m%d}-{period.end:%Y%m%d}")
