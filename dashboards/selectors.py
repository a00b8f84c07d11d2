"""Reads of the officials' dashboards: only the daily statistics rows, aggregated over a period.

Every figure that counts people (job seekers, applications, matches, pipeline moves, hires, placements,
skill holders, dispatched workers) is suppressed when it is 1–4: shown and exported as "<5". A figure
derived from fewer than five units (a median of four fill times, a fill rate of three vacancies, a skill
gap whose supply is suppressed) is shown as "—".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, F, IntegerField, Max, Model, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from agencies.models import Placement
from dashboards.figures import (
    FLOW_FIELDS,
    HEADLINES,
    LEVELS,
    NOT_SHOWN,
    STOCK_FIELDS,
    SUPPRESS_BELOW,
    SUPPRESSED,
    Headline,
    Period,
    Shown,
    Table,
    change_between,
    figures_of,
    fill_days,
    headlines_of,
    occupation_group_names,
    people,
    percentile,
    skill_gap,
    sum_fields,
)
from dashboards.models import (
    DailyAgencyStatistic,
    DailyCityStatistic,
    DailyEnterpriseDispatch,
    DailyFillTime,
    DailySkillStatistic,
)
from enterprises.models import Vacancy
from hrmatch.actors import Actor
from hrmatch.names import local_name
from matching.models import Application
from pilots.models import PilotCity, Region
from talent.models import WorkerProfile

StatisticRow = TypeVar("StatisticRow", bound=Model)


# -- the city dashboard -------------------------------------------------------------------------------
@dataclass
class CityDashboard:
    """Everything a city dashboard shows, read from the statistics rows of one city."""

    city: PilotCity
    period: Period
    district: str
    stock_day: dt.date | None
    headlines: list[Headline]
    trend_stock: Table
    trend_flow: Table
    groups: Table
    skills: Table
    fill_times: Table
    agencies: Table
    compliance: Table

    @property
    def tables(self) -> dict[str, Table]:
        return {
            table.key: table
            for table in (
                self.trend_stock,
                self.trend_flow,
                self.groups,
                self.skills,
                self.fill_times,
                self.agencies,
                self.compliance,
            )
        }


def latest_statistics_day(city_ids: Iterable[int] | None = None) -> dt.date | None:
    """The newest day rolled up (for the given cities, or any)."""
    rows = DailyCityStatistic.objects.all()
    if city_ids is not None:
        rows = rows.filter(city_id__in=list(city_ids))
    latest: dt.date | None = rows.aggregate(latest=Max("date"))["latest"]
    return latest


def _scoped(queryset: QuerySet[StatisticRow], district: str) -> QuerySet[StatisticRow]:
    return queryset.filter(district_code=district) if district else queryset


def city_dashboard(*, city: PilotCity, period: Period, district: str = "") -> CityDashboard:
    """The figures of one city over a period, optionally for one district (about ten queries)."""
    previous = period.previous
    daily_rows = list(
        _scoped(DailyCityStatistic.objects.filter(city=city), district)
        .filter(date__gte=previous.start, date__lte=period.end)
        .order_by("date")
        .values("date")
        .annotate(**{name: Sum(name) for name in (*STOCK_FIELDS, *FLOW_FIELDS)})
    )
    current_rows = [row for row in daily_rows if row["date"] >= period.start]
    previous_rows = [row for row in daily_rows if row["date"] < period.start]
    stock_day = current_rows[-1]["date"] if current_rows else None

    def totals(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
        values = {name: sum(row[name] or 0 for row in rows) for name in FLOW_FIELDS}
        if rows:
            values.update({name: rows[-1][name] or 0 for name in STOCK_FIELDS})
        return values

    fill_rows = list(
        _scoped(DailyFillTime.objects.filter(city=city), district)
        .filter(date__gte=previous.start, date__lte=period.end)
        .order_by()
        .values("occupation_group", "days")
        .annotate(
            current=Sum("vacancies", filter=Q(date__gte=period.start)),
            before=Sum("vacancies", filter=Q(date__lt=period.start)),
        )
    )
    histogram_now: dict[int, int] = defaultdict(int)
    histogram_before: dict[int, int] = defaultdict(int)
    by_group: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in fill_rows:
        histogram_now[row["days"]] += row["current"] or 0
        histogram_before[row["days"]] += row["before"] or 0
        if row["current"]:
            by_group[row["occupation_group"]][row["days"]] += row["current"]
    headlines = headlines_of(
        figures_of(totals(current_rows), histogram_now),
        figures_of(totals(previous_rows), histogram_before) if previous_rows else None,
    )
    names = occupation_group_names()
    return CityDashboard(
        city=city,
        period=period,
        district=district,
        stock_day=stock_day,
        headlines=headlines,
        trend_stock=_trend_stock(current_rows),
        trend_flow=_trend_flow(current_rows),
        groups=_groups_table(city, period, district, stock_day, names),
        skills=_skills_table(city, district, stock_day),
        fill_times=_fill_times_table(by_group, names),
        agencies=_agencies_table(city, period, district, stock_day),
        compliance=_compliance_table(city, district, stock_day),
    )


def _trend_stock(rows: Sequence[Mapping[str, Any]]) -> Table:
    return Table(
        "trend-supply",
        _("Open headcount and active job seekers by day"),
        [_("Date"), _("Open vacancies"), _("Open headcount"), _("Active job seekers")],
        [
            [
                row["date"].isoformat(),
                row["open_vacancies"],
                row["open_headcount"],
                people(row["active_seekers"]),
            ]
            for row in rows
        ],
    )


def _trend_flow(rows: Sequence[Mapping[str, Any]]) -> Table:
    return Table(
        "trend-pipeline",
        _("Applications, engine matches and hires by day"),
        [
            _("Date"),
            _("Applications"),
            _("Engine matches"),
            _("Interviews"),
            _("Hires"),
            _("Vacancies filled"),
        ],
        [
            [
                row["date"].isoformat(),
                people(row["applications"]),
                people(row["matches"]),
                people(row["interviews"]),
                people(row["hires"]),
                row["vacancies_filled"],
            ]
            for row in rows
        ],
    )


def _group_label(code: str, names: dict[str, str]) -> str:
    if not code:
        return _("Not coded")
    return f"{code} {names.get(code, '')}".strip()


def _groups_table(
    city: PilotCity, period: Period, district: str, stock_day: dt.date | None, names: dict[str, str]
) -> Table:
    table = Table(
        "occupation-groups",
        _("Supply and demand by occupation group"),
        [
            _("Occupation group"),
            _("Open vacancies"),
            _("Open headcount"),
            _("Active job seekers"),
            _("Seekers per open post"),
            _("Hires in period"),
        ],
    )
    if stock_day is None:
        return table
    in_period = Q(date__gte=period.start, date__lte=period.end)
    at_end = Q(date=stock_day)
    rows = (
        _scoped(DailyCityStatistic.objects.filter(city=city), district)
        .filter(in_period)
        .order_by()
        .values("occupation_group")
        .annotate(
            open_vacancies=Sum("open_vacancies", filter=at_end),
            open_headcount=Sum("open_headcount", filter=at_end),
            active_seekers=Sum("active_seekers", filter=at_end),
            hires=Sum("hires"),
        )
    )
    for row in sorted(rows, key=lambda r: -(r["open_headcount"] or 0)):
        headcount, seekers = row["open_headcount"] or 0, row["active_seekers"] or 0
        if not (headcount or seekers or row["hires"]):
            continue
        ratio: Shown = NOT_SHOWN
        if headcount and seekers >= SUPPRESS_BELOW:
            ratio = round(seekers / headcount, 2)
        table.rows.append(
            [
                _group_label(row["occupation_group"], names),
                row["open_vacancies"] or 0,
                headcount,
                people(seekers),
                ratio,
                people(row["hires"]),
            ]
        )
    return table


def _skills_table(city: PilotCity, district: str, stock_day: dt.date | None, limit: int = 10) -> Table:
    table = Table(
        "short-skills",
        _("The ten most short skills"),
        [_("Skill"), _("Open headcount needing it"), _("Seekers holding it at the level"), _("Gap (people)")],
    )
    if stock_day is None:
        return table
    sums = {f"{kind}_l{level}": Sum(f"{kind}_l{level}") for kind in ("demand", "supply") for level in LEVELS}
    rows: Iterable[Mapping[str, Any]] = (
        _scoped(DailySkillStatistic.objects.filter(city=city, date=stock_day), district)
        .order_by()
        .values("skill_id", "skill__name_zh", "skill__name_en", "skill__code")
        .annotate(**sums)
    )
    scored = []
    for row in rows:
        demand = [row[f"demand_l{level}"] or 0 for level in LEVELS]
        supply = [row[f"supply_l{level}"] or 0 for level in LEVELS]
        if not any(demand):
            continue
        lowest = next(i for i, d in enumerate(demand) if d)
        holders = sum(supply[lowest:])
        scored.append((skill_gap(demand, supply), sum(demand), holders, row))
    scored.sort(key=lambda item: (-item[0], -item[1], item[3]["skill__code"]))
    for gap, demand_total, holders, row in scored[:limit]:
        if gap <= 0:
            break
        shown_holders = people(holders)
        table.rows.append(
            [
                local_name(row["skill__name_zh"], row["skill__name_en"]),
                demand_total,
                shown_holders,
                gap if shown_holders != SUPPRESSED else NOT_SHOWN,
            ]
        )
    return table


def _fill_times_table(by_group: dict[str, dict[int, int]], names: dict[str, str]) -> Table:
    table = Table(
        "time-to-fill",
        _("Time to fill by occupation group (days)"),
        [_("Occupation group"), _("Vacancies filled"), _("Median days"), _("90th percentile days")],
    )
    rows: list[tuple[int, list[Shown]]] = []
    for group, histogram in by_group.items():
        median, p90, filled = fill_days(histogram)
        rows.append((percentile(histogram, 0.5) or 0, [_group_label(group, names), filled, median, p90]))
    table.rows = [row for _key, row in sorted(rows, key=lambda item: -item[0])]
    return table


def _agencies_table(
    city: PilotCity, period: Period, district: str, stock_day: dt.date | None, limit: int = 50
) -> Table:
    table = Table(
        "agencies",
        _("Agency league table"),
        [
            _("Agency"),
            _("Open vacancies served"),
            _("Vacancies filled"),
            _("Placements"),
            _("Median days to fill"),
        ],
    )
    in_period = Q(date__gte=period.start, date__lte=period.end)
    rows = list(
        _scoped(DailyAgencyStatistic.objects.filter(city=city), district)
        .filter(in_period)
        .order_by()
        .values("agency_id", "agency__name")
        .annotate(
            served=Sum("vacancies_served", filter=Q(date=stock_day))
            if stock_day
            else Sum("vacancies_served"),
            filled=Sum("vacancies_filled"),
            placements=Sum("placements"),
        )
    )
    histograms: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    fill_rows = (
        _scoped(DailyFillTime.objects.filter(city=city, agency__isnull=False), district)
        .filter(in_period)
        .order_by()
        .values("agency_id", "days")
        .annotate(n=Sum("vacancies"))
    )
    for fill in fill_rows:
        histograms[fill["agency_id"]][fill["days"]] += fill["n"]
    rows.sort(key=lambda r: (-(r["placements"] or 0), -(r["filled"] or 0), r["agency__name"]))
    for row in rows[:limit]:
        median, _p90, _n = fill_days(histograms.get(row["agency_id"], {}))
        table.rows.append(
            [row["agency__name"], row["served"] or 0, row["filled"] or 0, people(row["placements"]), median]
        )
    return table


def _compliance_table(city: PilotCity, district: str, stock_day: dt.date | None) -> Table:
    table = Table(
        "dispatch-compliance",
        _("Enterprises breaking the dispatch rules"),
        [
            _("Enterprise"),
            _("Unified social credit code"),
            _("Contract employees"),
            _("Dispatched workers"),
            _("Dispatch share (%)"),
            # xgettext:no-python-format
            _("Over the 10% cap"),
            _("Dispatch vacancies in improper positions"),
        ],
    )
    if stock_day is None:
        return table
    rows = (
        _scoped(DailyEnterpriseDispatch.objects.filter(city=city, date=stock_day), district)
        .filter(Q(over_cap=True) | Q(improper_dispatch_vacancies__gt=0))
        .select_related("enterprise")
        .order_by("-over_cap", "-dispatched_headcount", "enterprise__name")
    )
    for row in rows:
        dispatched = people(row.dispatched_headcount)
        share: Shown = round(100 * row.dispatch_share, 1) if dispatched != SUPPRESSED else NOT_SHOWN
        table.rows.append(
            [
                row.enterprise.name,
                row.enterprise.credit_code,
                row.contract_headcount,
                dispatched,
                share,
                _("Yes") if row.over_cap else _("No"),
                row.improper_dispatch_vacancies,
            ]
        )
    return table


# -- the national overview ----------------------------------------------------------------------------
NATIONAL_COLUMNS = (
    "open_vacancies",
    "open_headcount",
    "active_seekers",
    "applications",
    "matches",
    "hires",
    "fill_rate",
    "median_days",
    "p90_days",
)


@dataclass
class CityRow:
    """One city's headline figures in the national overview."""

    city: PilotCity
    figures: dict[str, Shown]
    previous: dict[str, Shown]

    def change(self, key: str) -> str:
        return change_between(self.figures[key], self.previous[key])

    @property
    def figures_list(self) -> list[Shown]:
        """The figures in the order of the national table's columns."""
        return [self.figures[key] for key in NATIONAL_COLUMNS]


@dataclass
class NationalDashboard:
    """All pilot cities side by side, and the four regions."""

    period: Period
    stock_day: dt.date | None
    cities: list[CityRow]
    headlines: list[Headline]
    cities_table: Table
    regions_table: Table

    @property
    def tables(self) -> dict[str, Table]:
        return {self.cities_table.key: self.cities_table, self.regions_table.key: self.regions_table}


def _sort_key(value: Shown) -> tuple[int, float]:
    return (1, float(value)) if isinstance(value, (int, float)) else (0, 0.0)


def _fill_time_histograms(period: Period) -> dict[tuple[int, str], dict[int, int]]:
    """Days-to-fill histograms per (city, "now" | "before"): this period and the one before it."""
    now, before = Q(date__gte=period.start), Q(date__lt=period.start)
    histograms: dict[tuple[int, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        DailyFillTime.objects.filter(date__gte=period.previous.start, date__lte=period.end)
        .order_by()
        .values("city_id", "days")
        .annotate(now=Sum("vacancies", filter=now), before=Sum("vacancies", filter=before))
    ):
        histograms[(row["city_id"], "now")][row["days"]] += row["now"] or 0
        histograms[(row["city_id"], "before")][row["days"]] += row["before"] or 0
    return histograms


def values_of(row: Mapping[str, Any] | None, when: str) -> dict[str, int]:
    """The summed stocks and flows of one city's row for "now" or "before" (0 when it has none)."""
    row = row or {}
    return {name: row.get(f"{name}_{when}") or 0 for name in (*STOCK_FIELDS, *FLOW_FIELDS)}


def national_dashboard(*, period: Period, sort: str = "", descending: bool = True) -> NationalDashboard:
    """Every active pilot city's figures over a period (four queries, whatever the number of cities)."""
    previous = period.previous
    cities = list(PilotCity.objects.filter(is_active=True))
    stats = DailyCityStatistic.objects.filter(date__gte=previous.start, date__lte=period.end)
    days = stats.aggregate(
        now=Max("date", filter=Q(date__gte=period.start)), before=Max("date", filter=Q(date__lt=period.start))
    )
    now, before = Q(date__gte=period.start), Q(date__lt=period.start)
    per_city = {
        row["city_id"]: row
        for row in stats.order_by()
        .values("city_id")
        .annotate(
            **sum_fields(FLOW_FIELDS, now=now, before=before),
            **sum_fields(STOCK_FIELDS, now=Q(date=days["now"]), before=Q(date=days["before"])),
        )
    }
    histograms = _fill_time_histograms(period)
    city_rows = [
        CityRow(
            city,
            figures_of(values_of(per_city.get(city.id), "now"), histograms[(city.id, "now")]),
            figures_of(values_of(per_city.get(city.id), "before"), histograms[(city.id, "before")]),
        )
        for city in cities
    ]
    if sort in NATIONAL_COLUMNS:
        city_rows.sort(key=lambda row: _sort_key(row.figures[sort]), reverse=descending)
    elif sort == "name":
        city_rows.sort(key=lambda row: row.city.code, reverse=descending)
    # Totals and regions add the cities' unsuppressed sums, then suppress the result.
    totals: dict[str, dict[str, int]] = {"now": defaultdict(int), "before": defaultdict(int)}
    regions: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    region_hist: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    total_hist: dict[str, dict[int, int]] = {"now": defaultdict(int), "before": defaultdict(int)}
    for city in cities:
        for when in ("now", "before"):
            for name, value in values_of(per_city.get(city.id), when).items():
                totals[when][name] += value
                if when == "now":
                    regions[city.region][name] += value
            for day, count in histograms[(city.id, when)].items():
                total_hist[when][day] += count
                if when == "now":
                    region_hist[city.region][day] += count
    headlines = headlines_of(
        figures_of(totals["now"], total_hist["now"]),
        figures_of(totals["before"], total_hist["before"]) if any(totals["before"].values()) else None,
    )
    labels = dict(HEADLINES)
    columns = [str(labels[key]) for key in NATIONAL_COLUMNS]
    cities_table = Table(
        "cities",
        _("Pilot cities side by side"),
        [_("City"), _("Region"), *columns],
        [
            [str(row.city), row.city.get_region_display(), *(row.figures[key] for key in NATIONAL_COLUMNS)]
            for row in city_rows
        ],
    )
    regions_table = Table("regions", _("By region"), [_("Region"), *columns])
    for region, label in Region.choices:
        figures = figures_of(regions[region], region_hist[region])
        regions_table.rows.append([str(label), *(figures[key] for key in NATIONAL_COLUMNS)])
    return NationalDashboard(
        period=period,
        stock_day=days["now"],
        cities=city_rows,
        headlines=headlines,
        cities_table=cities_table,
        regions_table=regions_table,
    )


def city_statistics_list(*, actor: Actor) -> QuerySet[PilotCity]:
    """Live counts per pilot city in an official's scope (one query): open vacancies and their open
    headcount, active seekers, applications per stage (`stage_<name>`) and placements.

    Counts only, never a person's data. A city official sees their city, the ministry and admins all.
    """

    def count_of(queryset: QuerySet[Any], city_field: str) -> Coalesce:
        counted = queryset.order_by().values(city_field).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    cities = PilotCity.objects.filter(is_active=True)
    scope = actor.official_city_ids()
    if scope is not None:
        cities = cities.filter(pk__in=scope)
    open_vacancies = Vacancy.objects.filter(city=OuterRef("pk"), status=Vacancy.Status.OPEN)
    headcount = (
        open_vacancies.order_by()
        .values("city_id")
        .annotate(n=Sum(F("headcount") - F("filled_count")))
        .values("n")
    )
    stages = {
        f"stage_{stage}": count_of(
            Application.objects.filter(vacancy__city=OuterRef("pk"), stage=stage), "vacancy__city_id"
        )
        for stage in Application.Stage.values
    }
    return cities.annotate(
        open_vacancies=count_of(open_vacancies, "city_id"),
        open_headcount=Coalesce(Subquery(headcount, output_field=IntegerField()), 0),
        active_seekers=count_of(
            WorkerProfile.objects.filter(
                home_city=OuterRef("pk"),
                status__in=[WorkerProfile.Status.SEEKING, WorkerProfile.Status.OPEN],
            ),
            "home_city_id",
        ),
        placements=count_of(Placement.objects.filter(vacancy__city=OuterRef("pk")), "vacancy__city_id"),
        **stages,
    )
