"""The statistics models left `pilots` for `dashboards` without losing a row.

A database is migrated back to the state before the move (pilots at 0002, no dashboards app: the
migrations of main before the move), seeded through the historical models of that state, then migrated
forward. Every statistics row must come back intact through the new models, and the reference rows
(cities, districts, parks, official scopes) must be untouched. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.apps.registry import Apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model

from dashboards import models as dashboards_models
from pilots import models as pilots_models
from tests import factories

# The leaf of each migrated app on main before the move; other apps are not migrated (their tables are
# the same before and after) and their rows are made with today's factories.
BEFORE = [("pilots", "0002_add_daily_statistics"), ("dashboards", None)]
STATISTICS = (
    "DailyCityStatistic",
    "DailyFillTime",
    "DailySkillStatistic",
    "DailyAgencyStatistic",
    "DailyEnterpriseDispatch",
)
REFERENCE = ("PilotCity", "District", "Park", "OfficialScope")
DAY = dt.date(2026, 11, 20)


def _migrate(targets: list[tuple[str, str | None]]) -> Apps:
    """Migrate the test database to `targets` and return the historical models of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # A state is named by its migrations ((app, None) only means "unapplied" to migrate()); the
    # content types and permissions are read in their latest form, as the move's migration sees them.
    nodes = [node for node in targets if node[1] is not None]
    nodes += [node for node in executor.loader.graph.leaf_nodes() if node[0] in ("auth", "contenttypes")]
    return executor.loader.project_state(nodes).apps


def _latest() -> list[tuple[str, str | None]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_the_move(transactional_db) -> Iterator[Apps]:
    """The historical models of the state before the move; the database goes back to the latest state
    afterwards whatever the test did."""
    try:
        yield _migrate(BEFORE)
    finally:
        _migrate(_latest())


def _seed(old: Apps) -> None:
    """Reference and statistics rows of one city, written through the historical models."""
    City = old.get_model("pilots", "PilotCity")
    city = City.objects.create(
        code="330200", name_zh="宁波市", name_en="Ningbo", province="浙江省", region="east",
        latitude=29.87, longitude=121.55, confirmed=True,
    )  # fmt: skip
    district = old.get_model("pilots", "District").objects.create(
        city=city, code="330212", name_zh="鄞州区", name_en="Yinzhou", latitude=29.8, longitude=121.5
    )
    old.get_model("pilots", "Park").objects.create(
        city=city, district=district, name_zh="鄞州工业园", name_en="Yinzhou Industrial Park",
        kind="industrial", latitude=29.8, longitude=121.5,
    )  # fmt: skip
    official = factories.UserFactory(username="city")
    old.get_model("pilots", "OfficialScope").objects.create(user_id=official.pk, level="city", city=city)
    # Today's model has columns added after the move (province_en): build it from the old row's values.
    today_city = pilots_models.PilotCity(
        pk=city.pk, code=city.code, latitude=city.latitude, longitude=city.longitude
    )
    agency = factories.AgencyFactory(city=today_city)
    enterprise = factories.EnterpriseFactory(city=today_city)
    skill = factories.SkillFactory()

    def stat(name: str, **fields: object) -> None:
        old.get_model("pilots", name).objects.create(date=DAY, city=city, district_code="330212", **fields)

    stat("DailyCityStatistic", occupation_group="6-18", open_vacancies=7, open_headcount=21,
         active_seekers=130, vacancies_published=3, vacancies_filled=2, vacancies_closed=1, applications=40,
         matches=300, shortlisted=12, interviews=6, offers=3, hires=2, placements=1)  # fmt: skip
    stat("DailyCityStatistic", occupation_group="", open_vacancies=1)
    stat("DailyFillTime", occupation_group="6-18", agency_id=agency.pk, days=12, vacancies=2)
    stat("DailySkillStatistic", skill_id=skill.pk, demand_l1=1, demand_l3=4, supply_l2=9, supply_l5=1)
    stat("DailyAgencyStatistic", agency_id=agency.pk, vacancies_served=5, vacancies_filled=2, placements=2)
    stat("DailyEnterpriseDispatch", enterprise_id=enterprise.pk, contract_headcount=90,
         dispatched_headcount=11, over_cap=True, improper_dispatch_vacancies=1)  # fmt: skip


def _rows(model: type[Model]) -> list[dict[str, object]]:
    return list(model.objects.order_by("pk").values())


def test_statistics_rows_survive_the_move_to_dashboards(before_the_move):
    old = before_the_move
    _seed(old)
    statistics = {name: _rows(old.get_model("pilots", name)) for name in STATISTICS}
    reference = {name: _rows(old.get_model("pilots", name)) for name in REFERENCE}
    ContentType = old.get_model("contenttypes", "ContentType")
    old_type = ContentType.objects.get_or_create(app_label="pilots", model="dailycitystatistic")[0]
    permission = old.get_model("auth", "Permission").objects.get_or_create(
        content_type=old_type, codename="view_dailycitystatistic", defaults={"name": "Can view"}
    )[0]
    assert all(statistics.values())

    _migrate(_latest())

    assert {name: _rows(getattr(dashboards_models, name)) for name in STATISTICS} == statistics
    after = {name: _rows(getattr(pilots_models, name)) for name in REFERENCE}
    # A later migration fills the English province name of cities loaded before it existed.
    assert [row.pop("province_en") for row in after["PilotCity"]] == ["Zhejiang"]
    assert after == reference
    assert dashboards_models.DailyCityStatistic._meta.db_table == "dashboards_dailycitystatistic"
    # Readable through the new models and their relations, not only as raw values.
    row = dashboards_models.DailyCityStatistic.objects.select_related("city").get(occupation_group="6-18")
    assert (row.city.name_zh, row.hires, row.open_headcount) == ("宁波市", 2, 21)
    assert dashboards_models.DailyEnterpriseDispatch.objects.get().dispatch_share == pytest.approx(11 / 101)
    # The content type moved with the model, so permissions granted on it still apply.
    official = get_user_model().objects.get(username="city")
    official.user_permissions.add(permission.pk)
    assert official.has_perm("dashboards.view_dailycitystatistic")
