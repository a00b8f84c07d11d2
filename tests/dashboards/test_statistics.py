"""The daily roll-up against figures worked out by hand on a small seeded city (day D = 2026-03-10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from agencies.models import Placement
from dashboards.figures import Period, percentile, skill_gap
from dashboards.models import (
    DailyAgencyStatistic,
    DailyCityStatistic,
    DailyEnterpriseDispatch,
    DailyFillTime,
    DailySkillStatistic,
)
from dashboards.selectors import city_dashboard
from dashboards.services import statistics_rollup_city_day
from dashboards.tasks import rollup_all_cities_statistics
from enterprises.models import Vacancy
from matching.models import Application, ApplicationEvent, Match, MatchRun
from tests import factories

pytestmark = pytest.mark.django_db

D = dt.date(2026, 3, 10)


def at(day_offset: int, hour: int = 10) -> dt.datetime:
    """Local time on D + day_offset."""
    return timezone.make_aware(dt.datetime.combine(D + dt.timedelta(days=day_offset), dt.time(hour)))


def vacancy(
    market: dict, *, occupation, district, headcount=1, status="open", agency=None, **times
) -> Vacancy:
    made = factories.VacancyFactory(
        enterprise=market["e0"],
        occupation=occupation,
        district=district,
        headcount=headcount,
        status=status,
        agency=agency,
    )
    Vacancy.objects.filter(pk=made.pk).update(**times)
    made.refresh_from_db()
    return made


def worker(market: dict, *, district, occupation, status="seeking", skills=(), created=-30):
    made = factories.WorkerProfileFactory(
        home_city=market["city"], home_district=district, primary_occupation=occupation, status=status
    )
    type(made).objects.filter(pk=made.pk).update(created_at=at(created))
    for skill, level in skills:
        factories.WorkerSkillFactory(worker=made, skill=skill, level=level)
    return made


def placement(worker_, vacancy_, *, created: dt.datetime, agency=None, form="direct", started=None):
    made = Placement.objects.create(
        worker=worker_, vacancy=vacancy_, agency=agency, employment_form=form, started_on=started or D
    )
    Placement.objects.filter(pk=made.pk).update(created_at=created)
    return made


def event(application: Application, to_stage: str, when: dt.datetime) -> None:
    made = ApplicationEvent.objects.create(application=application, from_stage="", to_stage=to_stage)
    ApplicationEvent.objects.filter(pk=made.pk).update(created_at=when)


@pytest.fixture
def market(city):
    """The hand-worked city: two districts, welders (6-18) and engineers (2-02)."""
    a = factories.DistrictFactory(city=city, code="330206", name_zh="北仑区")
    b = factories.DistrictFactory(city=city, code="330211", name_zh="镇海区")
    welder = factories.OccupationFactory(code="6-18-02-04", name="焊工")
    engineer = factories.OccupationFactory(code="2-02-07-01", name="机械设计工程技术人员")
    s1, s2, s3 = (factories.SkillFactory(code=f"s{i}") for i in (1, 2, 3))
    agency = factories.AgencyFactory(city=city)
    m: dict = {"city": city, "a": a, "b": b, "s1": s1, "s2": s2, "agency": agency}
    m["e0"] = factories.EnterpriseFactory(city=city, contract_headcount=900, dispatched_headcount=0)
    # Filled on D after 20, 4, 10, 6 (welders) and 45 (engineer) days.
    for days, occupation, district, agency_ in (
        (20, welder, a, agency),
        (4, welder, a, None),
        (10, welder, a, None),
        (6, welder, a, None),
        (45, engineer, b, None),
    ):
        vacancy(
            m,
            occupation=occupation,
            district=district,
            status="filled",
            agency=agency_,
            published_at=at(-days),
            filled_at=at(0, 11),
        )
    vacancy(m, occupation=welder, district=b, status="closed", published_at=at(-2), closed_at=at(0, 12))
    v5 = vacancy(m, occupation=welder, district=a, headcount=5, agency=agency, published_at=at(0, 8))
    v6 = vacancy(m, occupation=engineer, district=b, headcount=4, published_at=at(-30))
    vacancy(m, occupation=welder, district=a, status="draft")
    vacancy(m, occupation=welder, district=a, published_at=at(1))  # published the day after
    vacancy(m, occupation=welder, district=a, status="paused", published_at=at(-5), paused_at=at(-1))
    factories.VacancySkillFactory(vacancy=v5, skill=s1, min_level=3)
    factories.VacancySkillFactory(vacancy=v5, skill=s2, min_level=2)
    factories.VacancySkillFactory(vacancy=v5, skill=s3, min_level=2, importance="preferred")
    factories.VacancySkillFactory(vacancy=v6, skill=s1, min_level=4)
    w = [
        worker(m, district=a, occupation=welder, skills=[(s1, 3), (s2, 2)]),
        worker(m, district=a, occupation=welder, skills=[(s1, 4), (s2, 2)]),
        worker(m, district=a, occupation=welder, skills=[(s1, 2)]),
        worker(m, district=a, occupation=welder, skills=[(s1, 5)]),
        worker(m, district=a, occupation=welder),
        worker(m, district=a, occupation=welder),
        worker(m, district=a, occupation=welder, status="employed", skills=[(s1, 5)]),
        worker(m, district=b, occupation=engineer, status="open", skills=[(s1, 4)]),
        worker(m, district=a, occupation=welder, created=1, skills=[(s1, 5)]),  # registered after D
    ]
    placement(w[4], v5, created=at(-1))
    placement(w[5], v5, created=at(0, 13), agency=agency)
    a1 = factories.ApplicationFactory(worker=w[0], vacancy=v5, stage="interviewing")
    a2 = factories.ApplicationFactory(worker=w[1], vacancy=v5, stage="hired")
    a3 = factories.ApplicationFactory(worker=w[2], vacancy=v6, stage="shortlisted")
    Application.objects.filter(pk__in=[a1.pk, a3.pk]).update(created_at=at(0))
    Application.objects.filter(pk=a2.pk).update(created_at=at(-1))
    event(a1, "shortlisted", at(0, 11))
    event(a1, "interviewing", at(0, 12))
    event(a2, "offered", at(0, 9))
    event(a2, "hired", at(0, 15))
    event(a3, "shortlisted", at(-1))
    run = MatchRun.objects.create(city=city, status="published", finished_at=at(0, 3))
    old = MatchRun.objects.create(city=city, status="superseded", finished_at=at(-1, 3))
    for rank, (v, person) in enumerate(((v5, w[0]), (v5, w[1]), (v6, w[7]))):
        Match.objects.create(run=run, direction="s", vacancy=v, worker=person, rank=rank, score=0.5)
    Match.objects.create(run=run, direction="r", vacancy=v5, worker=w[0], rank=0, score=0.5)
    Match.objects.create(run=old, direction="s", vacancy=v5, worker=w[0], rank=0, score=0.5)
    # Dispatch: exactly at the 10% boundary, one over it, and a "temporary" post held for 200 days.
    m["at_cap"] = factories.EnterpriseFactory(city=city, contract_headcount=900, dispatched_headcount=100)
    m["over_cap"] = factories.EnterpriseFactory(city=city, contract_headcount=900, dispatched_headcount=101)
    factories.EnterpriseFactory(city=city, contract_headcount=900, dispatched_headcount=0)
    m["improper"] = factories.EnterpriseFactory(city=city, contract_headcount=500, dispatched_headcount=0)
    for started in (D - dt.timedelta(days=200), D - dt.timedelta(days=100)):
        post = factories.VacancyFactory(
            enterprise=m["improper"], employment_form="dispatch", dispatch_nature="temporary", status="filled"
        )
        placement(w[3], post, created=at(-300), form="dispatch", started=started)
    return m


def test_a_day_rolls_up_into_the_hand_worked_figures(market):
    city, a, b = market["city"], market["a"], market["b"]
    statistics_rollup_city_day(city=city, day=D)
    rows = {
        (row.district_code, row.occupation_group): row for row in DailyCityStatistic.objects.filter(date=D)
    }
    welders_a, welders_b, engineers_b = rows[(a.code, "6-18")], rows[(b.code, "6-18")], rows[(b.code, "2-02")]
    assert (welders_a.open_vacancies, welders_a.open_headcount) == (1, 3)  # 5 posts less 2 placements
    assert (engineers_b.open_vacancies, engineers_b.open_headcount) == (1, 4)
    assert welders_a.active_seekers == 6 and engineers_b.active_seekers == 1
    assert welders_a.vacancies_published == 1
    assert (welders_a.vacancies_filled, engineers_b.vacancies_filled, welders_b.vacancies_closed) == (4, 1, 1)
    assert (welders_a.applications, engineers_b.applications) == (1, 1)
    assert (welders_a.shortlisted, welders_a.interviews, welders_a.offers, welders_a.hires) == (1, 1, 1, 1)
    assert engineers_b.shortlisted == 0  # shortlisted the day before
    assert (welders_a.matches, engineers_b.matches) == (2, 1)
    assert welders_a.placements == 1


def test_fill_rate_and_days_to_fill_by_occupation_group(market):
    statistics_rollup_city_day(city=market["city"], day=D)
    histogram = {
        (row.occupation_group, row.days): row.vacancies for row in DailyFillTime.objects.filter(agency=None)
    }
    assert histogram == {("6-18", 4): 1, ("6-18", 10): 1, ("6-18", 6): 1, ("2-02", 45): 1}
    assert DailyFillTime.objects.get(agency=market["agency"]).days == 20
    board = city_dashboard(city=market["city"], period=Period(D, D))
    figures = {h.key: h.value for h in board.headlines}
    assert figures["fill_rate"] == round(100 * 5 / 6, 1)  # 5 filled, 1 closed unfilled
    assert (figures["median_days"], figures["p90_days"]) == (10, 45)  # nearest rank of 4 6 10 20 45
    # Fewer than five fills in a group: its median is not shown.
    by_group = {row[0].split()[0]: row for row in board.fill_times.rows}
    assert by_group["6-18"][1:] == [4, "—", "—"]
    assert percentile({4: 1, 6: 1, 10: 1, 20: 1}, 0.5) == 6


def test_skill_demand_against_supply_at_the_required_level(market):
    statistics_rollup_city_day(city=market["city"], day=D)
    s1 = {row.district_code: row for row in DailySkillStatistic.objects.filter(skill=market["s1"])}
    a, b = s1[market["a"].code], s1[market["b"].code]
    assert (a.demand_l3, a.demand_l4, b.demand_l4) == (3, 0, 4)
    assert (a.supply_l2, a.supply_l3, a.supply_l4, a.supply_l5, b.supply_l4) == (1, 1, 1, 1, 1)
    # Level ≥ 3: 7 posts, 4 holders → 3 short (≥ 4: 4 posts, 3 holders → 1).
    assert skill_gap([0, 0, 3, 4, 0], [0, 1, 1, 2, 1]) == 3
    assert not DailySkillStatistic.objects.filter(skill__code="s3").exists()  # only preferred
    board = city_dashboard(city=market["city"], period=Period(D, D))
    row = next(row for row in board.skills.rows if row[0] == str(market["s1"]))  # in the active language
    assert row == [str(market["s1"]), 7, "<5", "—"]  # 4 holders: suppressed, and the gap with them


def test_dispatch_share_at_the_ten_percent_boundary(market):
    statistics_rollup_city_day(city=market["city"], day=D)
    rows = {row.enterprise_id: row for row in DailyEnterpriseDispatch.objects.filter(date=D)}
    assert rows[market["at_cap"].pk].over_cap is False  # 100 = 900 ÷ 9
    assert rows[market["over_cap"].pk].over_cap is True
    assert rows[market["improper"].pk].improper_dispatch_vacancies == 1  # 200 days, not the 100-day one
    assert len(rows) == 3
    board = city_dashboard(city=market["city"], period=Period(D, D))
    names = [row[0] for row in board.compliance.rows]
    assert names == [market["over_cap"].name, market["improper"].name]


def test_agency_performance(market):
    statistics_rollup_city_day(city=market["city"], day=D)
    row = DailyAgencyStatistic.objects.get(agency=market["agency"], district_code=market["a"].code)
    assert (row.vacancies_served, row.vacancies_filled, row.placements) == (1, 1, 1)


def test_re_running_a_day_replaces_it(market):
    statistics_rollup_city_day(city=market["city"], day=D)
    models = (
        DailyCityStatistic,
        DailyFillTime,
        DailySkillStatistic,
        DailyAgencyStatistic,
        DailyEnterpriseDispatch,
    )

    def snapshot():
        return [
            sorted(map(str, m.objects.values_list(*[f.attname for f in m._meta.fields][1:]))) for m in models
        ]

    first = snapshot()
    statistics_rollup_city_day(city=market["city"], day=D)
    assert snapshot() == first
    late = factories.ApplicationFactory(
        worker=factories.WorkerProfileFactory(home_city=market["city"]),
        vacancy=Vacancy.objects.get(headcount=5),
    )
    Application.objects.filter(pk=late.pk).update(created_at=at(0, 20))
    statistics_rollup_city_day(city=market["city"], day=D)
    assert DailyCityStatistic.objects.filter(date=D).count() == len(first[0])
    total = sum(DailyCityStatistic.objects.filter(date=D).values_list("applications", flat=True))
    assert total == 3


def test_the_command_backfills_a_range_and_the_task_rolls_up_yesterday(market):
    call_command("rollup_statistics", start="2026-03-08", end="2026-03-10", city=["330200"], stdout=None)
    assert sorted(set(DailyCityStatistic.objects.values_list("date", flat=True))) == [
        D - dt.timedelta(days=2),
        D - dt.timedelta(days=1),
        D,
    ]
    assert rollup_all_cities_statistics(day_iso=D.isoformat()) == [market["city"].pk]
