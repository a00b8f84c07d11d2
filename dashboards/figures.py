"""The figures of the officials' dashboards: suppression of small counts, periods, tables and headlines.

Every figure that counts people (job seekers, applications, matches, pipeline moves, hires, placements,
skill holders, dispatched workers) is suppressed when it is 1–4: shown and exported as "<5". A figure
derived from fewer than five units (a median of four fill times, a fill rate of three vacancies, a skill
gap whose supply is suppressed) is shown as "—".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy

from talent.models import Occupation

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"
NOT_SHOWN = "—"
LEVELS = (1, 2, 3, 4, 5)
STOCK_FIELDS = ("open_vacancies", "open_headcount", "active_seekers")
FLOW_FIELDS = (
    "vacancies_published",
    "vacancies_filled",
    "vacancies_closed",
    "applications",
    "matches",
    "shortlisted",
    "interviews",
    "offers",
    "hires",
    "placements",
)
PEOPLE_FIELDS = frozenset(
    {
        "active_seekers",
        "applications",
        "matches",
        "shortlisted",
        "interviews",
        "offers",
        "hires",
        "placements",
    }
)
HEADLINES: tuple[tuple[str, Any], ...] = (
    ("open_vacancies", gettext_lazy("Open vacancies")),
    ("open_headcount", gettext_lazy("Open headcount")),
    ("active_seekers", gettext_lazy("Active job seekers")),
    ("applications", gettext_lazy("Applications")),
    ("matches", gettext_lazy("Engine matches")),
    ("shortlisted", gettext_lazy("Shortlisted")),
    ("interviews", gettext_lazy("Interviews")),
    ("offers", gettext_lazy("Offers")),
    ("hires", gettext_lazy("Hires")),
    ("fill_rate", gettext_lazy("Fill rate (%)")),
    ("median_days", gettext_lazy("Median days to fill")),
    ("p90_days", gettext_lazy("90th percentile days to fill")),
)
MAX_PERIOD_DAYS = 366

Shown = int | float | str | None


# -- suppression --------------------------------------------------------------------------------------
def people(count: int | None) -> int | str:
    """A count of people as it may be shown: 1–4 becomes "<5"."""
    count = int(count or 0)
    return SUPPRESSED if 0 < count < SUPPRESS_BELOW else count


def plotted(value: Shown) -> float | None:
    """The number a chart may draw for a shown value (None for a suppressed one)."""
    return float(value) if isinstance(value, (int, float)) else None


def rate(numerator: int, denominator: int) -> float | str:
    """A percentage of a base of at least five, else "—"."""
    if denominator < SUPPRESS_BELOW:
        return NOT_SHOWN
    return round(100 * numerator / denominator, 1)


def percentile(histogram: dict[int, int], share: float) -> int | None:
    """Nearest-rank percentile of a {value: count} histogram (None when empty)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return max(histogram)


def fill_days(histogram: dict[int, int]) -> tuple[Shown, Shown, int]:
    """Median and 90th-percentile days to fill, "—" when fewer than five vacancies were filled."""
    total = sum(histogram.values())
    if total < SUPPRESS_BELOW:
        return NOT_SHOWN, NOT_SHOWN, total
    return percentile(histogram, 0.5), percentile(histogram, 0.9), total


def skill_gap(demand: Sequence[int], supply: Sequence[int]) -> int:
    """People short for a skill: the largest shortfall of seekers at or above a level against the open
    headcount needing that level or higher (only a level-4 holder can take a level-4 post)."""
    gap = 0
    for level in range(len(demand)):
        gap = max(gap, sum(demand[level:]) - sum(supply[level:]))
    return gap


# -- filters and tables -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """Inclusive range of days."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))


@dataclass
class Table:
    """A table of shown values (suppression applied) with a key used in its export URLs."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Shown]] = field(default_factory=list)


@dataclass
class Headline:
    """One headline figure, its value in the previous period and the change."""

    key: str
    label: str
    value: Shown
    previous: Shown
    change: str


def change_between(value: Shown, previous: Shown) -> str:
    if not isinstance(value, (int, float)) or not isinstance(previous, (int, float)):
        return NOT_SHOWN
    diff = value - previous
    sign = "+" if diff > 0 else ""
    diff_text = f"{sign}{round(diff, 1):g}"
    if previous:
        return f"{diff_text} ({sign}{100 * diff / previous:.0f}%)"
    return diff_text


def sum_fields(fields: Iterable[str], **filters: Q) -> dict[str, Sum]:
    return {f"{name}_{suffix}": Sum(name, filter=q) for name in fields for suffix, q in filters.items()}


def figures_of(values: dict[str, int], histogram: dict[int, int]) -> dict[str, Shown]:
    """Headline figures from summed statistics and a fill-time histogram, suppression applied."""
    figures: dict[str, Shown] = {}
    for name in (*STOCK_FIELDS, *FLOW_FIELDS):
        count = int(values.get(name) or 0)
        figures[name] = people(count) if name in PEOPLE_FIELDS else count
    filled = int(values.get("vacancies_filled") or 0)
    figures["fill_rate"] = rate(filled, filled + int(values.get("vacancies_closed") or 0))
    figures["median_days"], figures["p90_days"], _ = fill_days(histogram)
    return figures


def headlines_of(current: dict[str, Shown], previous: dict[str, Shown] | None) -> list[Headline]:
    """The headline figures with their change; without statistics for the previous period (None) there is
    no change to show, rather than a growth from zero."""
    if previous is None:
        previous = {key: NOT_SHOWN for key, _label in HEADLINES}
    return [
        Headline(key, str(label), current[key], previous[key], change_between(current[key], previous[key]))
        for key, label in HEADLINES
    ]


def occupation_group_names() -> dict[str, str]:
    """Names of the middle groups of the classification ('6-18' → 机械制造基础加工人员)."""
    rows = Occupation.objects.filter(level=Occupation.Level.MIDDLE).values_list("code", "name")
    return {code[:4]: name for code, name in rows}
