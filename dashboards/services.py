"""The nightly roll-up: one day of a pilot city's labour market into the daily statistics rows.

Every figure is a set-based aggregation (GROUP BY in the database); Python only merges the grouped
results into rows. A day of a city is replaced as a whole, in one transaction, under a lock on the city
row, so running a day twice gives the same rows.

Stocks (open vacancies, open headcount, active job seekers, skill supply, dispatch shares) are taken at
the end of the day from the timestamps the other apps keep (published, paused, filled, closed, placements
recorded, profiles created). Worker status and skills, and enterprises' headcounts, keep no history: a
backfill of past days reads their current values.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from agencies.models import Placement
from dashboards.models import (
    DailyAgencyStatistic,
    DailyCityStatistic,
    DailyEnterpriseDispatch,
    DailyFillTime,
    DailySkillStatistic,
)
from enterprises.models import Enterprise, Vacancy
from matching.models import Application, ApplicationEvent, Match, MatchRun
from pilots.models import PilotCity
from talent.models import Importance, WorkerProfile, WorkerSkill
from talent.work_terms import EmploymentForm

ACTIVE_SEEKER_STATUSES = (WorkerProfile.Status.SEEKING, WorkerProfile.Status.OPEN)
PROPER_DISPATCH_NATURES = tuple(Vacancy.DispatchNature.values)
# A "temporary" dispatch position may last at most six months (劳务派遣暂行规定 Art. 3).
TEMPORARY_DISPATCH_DAYS = 183
LEVELS = (1, 2, 3, 4, 5)
EVENT_FIELDS = {
    Application.Stage.SHORTLISTED: "shortlisted",
    Application.Stage.INTERVIEWING: "interviews",
    Application.Stage.OFFERED: "offers",
    Application.Stage.HIRED: "hires",
}

Key = tuple[str, str]


class DaysBetween(models.Func):
    """Whole days elapsed from one timestamp to another (floor), in SQL on PostgreSQL and SQLite."""

    output_field = models.IntegerField()
    arity = 2

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        start, end = self.source_expressions
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        if connection.vendor == "postgresql":
            sql = f"FLOOR(EXTRACT(EPOCH FROM ({end_sql} - {start_sql})) / 86400)::integer"
        else:
            sql = f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)"
        return sql, (*end_params, *start_params)


def district_of(path: str) -> Coalesce:
    """The division code of the district at `path` ('' when none)."""
    return Coalesce(F(f"{path}__code"), Value(""), output_field=models.CharField())


def occupation_group_of(path: str) -> Coalesce:
    """The middle group ('6-18', '2-02') of the occupation at `path` ('' when none)."""
    return Coalesce(Substr(F(f"{path}__code"), 1, 4), Value(""), output_field=models.CharField())


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day [00:00, next 00:00) as aware datetimes."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def open_vacancies_at(city: PilotCity, end: dt.datetime) -> QuerySet[Vacancy]:
    """The city's vacancies open at `end`: published before it, not yet filled, closed or paused then."""
    return (
        Vacancy.objects.filter(city=city, published_at__lt=end)
        .exclude(status=Vacancy.Status.DRAFT)
        .filter(Q(filled_at__isnull=True) | Q(filled_at__gte=end))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        .exclude(status=Vacancy.Status.PAUSED, paused_at__lt=end)
        # A row marked filled or closed without its timestamp is not open, whenever that happened.
        .exclude(status__in=[Vacancy.Status.FILLED, Vacancy.Status.CLOSED], filled_at=None, closed_at=None)
    )


def open_headcount_expression(end: dt.datetime) -> models.Expression:
    """A vacancy's headcount less the placements recorded in it before `end`."""
    placed = (
        Placement.objects.filter(vacancy=OuterRef("pk"), created_at__lt=end)
        .order_by()
        .values("vacancy")
        .annotate(n=Count("id"))
        .values("n")
    )
    return F("headcount") - Coalesce(Subquery(placed, output_field=models.IntegerField()), 0)


@dataclass
class RollupResult:
    """What one city-day roll-up wrote, and how long it took."""

    city_code: str
    day: dt.date
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _grouped(queryset: QuerySet[Any], keys: dict[str, Any], **aggregates: Any) -> Iterable[dict[str, Any]]:
    rows: Iterable[dict[str, Any]] = queryset.order_by().annotate(**keys).values(*keys).annotate(**aggregates)
    return rows


VACANCY_KEYS = {"d": district_of("district"), "g": occupation_group_of("occupation")}


Cells = dict[Key, dict[str, int]]


def _add(cells: Cells, rows: Iterable[dict[str, Any]], name: str) -> None:
    for row in rows:
        cells[(row["d"], row["g"])][name] += row["n"] or 0


def _market_cells(cells: Cells, city: PilotCity, start: dt.datetime, end: dt.datetime) -> None:
    """Open vacancies and headcount, active seekers, and vacancies published, filled and closed."""
    open_q = open_vacancies_at(city, end).annotate(open_hc=open_headcount_expression(end))
    for row in _grouped(open_q, VACANCY_KEYS, n=Count("id"), hc=Sum("open_hc")):
        cells[(row["d"], row["g"])]["open_vacancies"] += row["n"]
        cells[(row["d"], row["g"])]["open_headcount"] += max(row["hc"] or 0, 0)
    seekers = WorkerProfile.objects.filter(
        home_city=city, status__in=ACTIVE_SEEKER_STATUSES, created_at__lt=end
    )
    _add(
        cells,
        _grouped(
            seekers,
            {"d": district_of("home_district"), "g": occupation_group_of("primary_occupation")},
            n=Count("id"),
        ),
        "active_seekers",
    )
    vacancies = Vacancy.objects.filter(city=city)
    _add(
        cells,
        _grouped(
            vacancies.filter(published_at__gte=start, published_at__lt=end), VACANCY_KEYS, n=Count("id")
        ),
        "vacancies_published",
    )
    _add(
        cells,
        _grouped(vacancies.filter(filled_at__gte=start, filled_at__lt=end), VACANCY_KEYS, n=Count("id")),
        "vacancies_filled",
    )
    _add(
        cells,
        _grouped(
            vacancies.filter(closed_at__gte=start, closed_at__lt=end, filled_at__isnull=True),
            VACANCY_KEYS,
            n=Count("id"),
        ),
        "vacancies_closed",
    )


def _pipeline_cells(cells: Cells, city: PilotCity, start: dt.datetime, end: dt.datetime) -> None:
    """Applications, pipeline moves, engine matches and placements, by the vacancy's district and group."""
    via_vacancy = {"d": district_of("vacancy__district"), "g": occupation_group_of("vacancy__occupation")}
    _add(
        cells,
        _grouped(
            Application.objects.filter(vacancy__city=city, created_at__gte=start, created_at__lt=end),
            via_vacancy,
            n=Count("id"),
        ),
        "applications",
    )
    events = ApplicationEvent.objects.filter(
        application__vacancy__city=city,
        created_at__gte=start,
        created_at__lt=end,
        to_stage__in=list(EVENT_FIELDS),
    )
    for row in _grouped(
        events,
        {
            "d": district_of("application__vacancy__district"),
            "g": occupation_group_of("application__vacancy__occupation"),
            "stage": F("to_stage"),
        },
        n=Count("id"),
    ):
        cells[(row["d"], row["g"])][EVENT_FIELDS[row["stage"]]] += row["n"]
    runs = MatchRun.objects.filter(
        city=city,
        finished_at__gte=start,
        finished_at__lt=end,
        status__in=[MatchRun.Status.PUBLISHED, MatchRun.Status.SUPERSEDED],
    )
    _add(
        cells,
        _grouped(
            Match.objects.filter(run__in=runs, direction=Match.Direction.SHORTLIST),
            via_vacancy,
            n=Count("id"),
        ),
        "matches",
    )
    _add(
        cells,
        _grouped(
            Placement.objects.filter(vacancy__city=city, created_at__gte=start, created_at__lt=end),
            via_vacancy,
            n=Count("id"),
        ),
        "placements",
    )


def _city_rows(
    city: PilotCity, day: dt.date, start: dt.datetime, end: dt.datetime
) -> list[DailyCityStatistic]:
    cells: Cells = defaultdict(lambda: defaultdict(int))
    _market_cells(cells, city, start, end)
    _pipeline_cells(cells, city, start, end)
    return [
        DailyCityStatistic(date=day, city=city, district_code=d, occupation_group=g, **values)
        for (d, g), values in sorted(cells.items())
        if any(values.values())
    ]


def _fill_time_rows(
    city: PilotCity, day: dt.date, start: dt.datetime, end: dt.datetime
) -> list[DailyFillTime]:
    filled = Vacancy.objects.filter(
        city=city,
        filled_at__gte=start,
        filled_at__lt=end,
        published_at__isnull=False,
        published_at__lte=F("filled_at"),
    )
    rows = _grouped(
        filled,
        {**VACANCY_KEYS, "a": F("agency_id"), "days": DaysBetween(F("published_at"), F("filled_at"))},
        n=Count("id"),
    )
    return [
        DailyFillTime(
            date=day,
            city=city,
            district_code=row["d"],
            occupation_group=row["g"],
            agency_id=row["a"],
            days=row["days"],
            vacancies=row["n"],
        )
        for row in rows
    ]


def _skill_rows(city: PilotCity, day: dt.date, end: dt.datetime) -> list[DailySkillStatistic]:
    cells: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    open_q = open_vacancies_at(city, end).annotate(open_hc=open_headcount_expression(end))
    # Demand: each open vacancy's open headcount, once per skill it requires, at the level it requires.
    demand_rows = _grouped(
        open_q.filter(skill_requirements__importance=Importance.REQUIRED),
        {
            "d": district_of("district"),
            "skill": F("skill_requirements__skill_id"),
            "level": F("skill_requirements__min_level"),
        },
        hc=Sum("open_hc"),
    )
    skills: set[int] = set()
    for row in demand_rows:
        if row["hc"] and row["hc"] > 0:
            cells[(row["d"], row["skill"])][f"demand_l{row['level']}"] += row["hc"]
            skills.add(row["skill"])
    if not skills:
        return []
    supply = WorkerSkill.objects.filter(
        worker__home_city=city,
        worker__status__in=ACTIVE_SEEKER_STATUSES,
        worker__created_at__lt=end,
    )
    for row in _grouped(
        supply,
        {"d": district_of("worker__home_district"), "s": F("skill_id"), "lv": F("level")},
        n=Count("id"),
    ):
        # Filtering the grouped rows is cheaper than an IN list of skills over millions of worker skills.
        if row["s"] in skills:
            cells[(row["d"], row["s"])][f"supply_l{row['lv']}"] += row["n"]
    return [
        DailySkillStatistic(date=day, city=city, district_code=d, skill_id=skill, **values)
        for (d, skill), values in sorted(cells.items())
    ]


def _agency_rows(
    city: PilotCity, day: dt.date, start: dt.datetime, end: dt.datetime
) -> list[DailyAgencyStatistic]:
    cells: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    keys = {"d": district_of("district"), "a": F("agency_id")}
    served = open_vacancies_at(city, end).filter(agency__isnull=False)
    for row in _grouped(served, keys, n=Count("id")):
        cells[(row["d"], row["a"])]["vacancies_served"] += row["n"]
    filled = Vacancy.objects.filter(city=city, agency__isnull=False, filled_at__gte=start, filled_at__lt=end)
    for row in _grouped(filled, keys, n=Count("id")):
        cells[(row["d"], row["a"])]["vacancies_filled"] += row["n"]
    placements = Placement.objects.filter(
        vacancy__city=city, agency__isnull=False, created_at__gte=start, created_at__lt=end
    )
    for row in _grouped(
        placements, {"d": district_of("vacancy__district"), "a": F("agency_id")}, n=Count("id")
    ):
        cells[(row["d"], row["a"])]["placements"] += row["n"]
    return [
        DailyAgencyStatistic(date=day, city=city, district_code=d, agency_id=agency, **values)
        for (d, agency), values in sorted(cells.items())
    ]


def improper_dispatch_vacancies(day: dt.date) -> QuerySet[Vacancy]:
    """Dispatch positions that break the rules on `day`: no proper nature, or a 'temporary' position held
    by one dispatched worker for more than six months."""
    long_held = Placement.objects.filter(
        vacancy=OuterRef("pk"),
        employment_form=EmploymentForm.DISPATCH,
        started_on__lte=day - dt.timedelta(days=TEMPORARY_DISPATCH_DAYS),
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    return (
        Vacancy.objects.filter(employment_form=EmploymentForm.DISPATCH)
        .exclude(status=Vacancy.Status.DRAFT)
        .filter(
            ~Q(dispatch_nature__in=PROPER_DISPATCH_NATURES)
            | (Q(dispatch_nature=Vacancy.DispatchNature.TEMPORARY) & Exists(long_held))
        )
    )


def _dispatch_rows(city: PilotCity, day: dt.date) -> list[DailyEnterpriseDispatch]:
    improper = dict(
        improper_dispatch_vacancies(day)
        .filter(city=city)
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("id"))
        .values_list("enterprise_id", "n")
    )
    enterprises = (
        Enterprise.objects.filter(city=city)
        .filter(Q(dispatched_headcount__gt=0) | Q(pk__in=list(improper)))
        .annotate(d=district_of("district"))
        .values("id", "d", "contract_headcount", "dispatched_headcount")
    )
    return [
        DailyEnterpriseDispatch(
            date=day,
            city=city,
            district_code=row["d"],
            enterprise_id=row["id"],
            contract_headcount=row["contract_headcount"],
            dispatched_headcount=row["dispatched_headcount"],
            # The 10% cap: dispatched ≤ contract ÷ 9, in integers.
            over_cap=row["dispatched_headcount"] * 9 > row["contract_headcount"],
            improper_dispatch_vacancies=improper.get(row["id"], 0),
        )
        for row in enterprises
    ]


STATISTIC_MODELS: tuple[type[models.Model], ...] = (
    DailyCityStatistic,
    DailyFillTime,
    DailySkillStatistic,
    DailyAgencyStatistic,
    DailyEnterpriseDispatch,
)


@transaction.atomic
def statistics_rollup_city_day(*, city: PilotCity, day: dt.date) -> RollupResult:
    """Replace one city's statistics rows for `day` with a fresh roll-up (idempotent)."""
    began = time.perf_counter()
    # Serialise roll-ups of the same city: a second one waits, then replaces the first one's rows.
    PilotCity.objects.select_for_update().filter(pk=city.pk).first()
    start, end = day_bounds(day)
    built: dict[type[models.Model], Sequence[models.Model]] = {
        DailyCityStatistic: _city_rows(city, day, start, end),
        DailyFillTime: _fill_time_rows(city, day, start, end),
        DailySkillStatistic: _skill_rows(city, day, end),
        DailyAgencyStatistic: _agency_rows(city, day, start, end),
        DailyEnterpriseDispatch: _dispatch_rows(city, day),
    }
    result = RollupResult(city_code=city.code, day=day)
    for model in STATISTIC_MODELS:
        model._default_manager.filter(city=city, date=day).delete()
        model._default_manager.bulk_create(built[model], batch_size=2000)
        result.rows[model._meta.model_name or model.__name__] = len(built[model])
    result.seconds = time.perf_counter() - began
    return result


def statistics_rollup(
    *, first: dt.date, last: dt.date, cities: Iterable[PilotCity] | None = None
) -> list[RollupResult]:
    """Roll up every day from `first` to `last` (inclusive) for the given cities (default: every active one)."""
    if last < first:
        raise ValueError("last must not be before first")
    chosen = list(cities) if cities is not None else list(PilotCity.objects.filter(is_active=True))
    results = []
    day = first
    while day <= last:
        for city in chosen:
            results.append(statistics_rollup_city_day(city=city, day=day))
        day += dt.timedelta(days=1)
    return results
