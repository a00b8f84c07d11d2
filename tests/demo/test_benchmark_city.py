"""The benchmark city's bulk loader, on a small city: counts, constraints, determinism and --replace."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from agencies.models import Agency, AgencyClient, Placement
from demo.benchmark_city import build_benchmark_city
from demo.bulk_copy import credit_codes
from enterprises.credit_codes import validate_credit_code
from enterprises.models import DISPATCH_CAP_PERCENT, Enterprise, Vacancy, VacancySkill
from pilots.models import Park
from talent.identity import MOBILE_RE
from talent.models import OccupationSkill, WorkerProfile, WorkerSkill
from talent.work_terms import FORM_BITS, SHIFT_BITS
from tests import factories

WORKERS, VACANCIES, SEED = 2_000, 200, 11
NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)

# Occupation code → (name, [(skill number, importance, level)]); 4-02-06-01 and the group 6-18-02-00 are
# linked too but are not group-6 occupations, so no benchmark row may use them.
TAXONOMY = {
    "6-18-02-04": ("焊工", [(0, "required", 3), (1, "required", 2), (2, "preferred", 2), (3, "required", 2)]),
    "6-18-01-01": (
        "车工",
        [(4, "required", 3), (5, "required", 2), (6, "preferred", 2), (7, "preferred", 1)],
    ),
    "6-31-01-03": (
        "电工",
        [(8, "required", 3), (9, "required", 3), (10, "preferred", 2), (3, "preferred", 2)],
    ),
    "2-02-07-01": ("机械设计工程技术人员", [(11, "required", 4), (12, "required", 3), (5, "preferred", 3)]),
    "4-02-06-01": ("仓储管理员", [(13, "required", 2)]),
    "6-18-02-00": ("焊接人员", [(14, "required", 2)]),
}


@pytest.fixture
def taxonomy(db):
    skills = [factories.SkillFactory(code=f"bench-skill-{i}") for i in range(15)]
    for code, (name, links) in TAXONOMY.items():
        level = 3 if code.endswith("-00") else 4
        occupation = factories.OccupationFactory(code=code, name=name, level=level)
        for number, importance, link_level in links:
            OccupationSkill.objects.create(
                occupation=occupation, skill=skills[number], importance=importance, level=link_level
            )
    return skills


@pytest.fixture
def bench_city(city, taxonomy):
    districts = [
        factories.DistrictFactory(city=city, code=code, latitude=lat, longitude=lon)
        for code, lat, lon in (
            ("330203", 29.86, 121.55),
            ("330206", 29.90, 121.84),
            ("330282", 30.17, 121.27),
        )
    ]
    Park.objects.create(
        city=city,
        district=districts[1],
        name_zh="宁波经济技术开发区",
        name_en="Ningbo ETDZ",
        kind=Park.Kind.INDUSTRIAL,
        latitude=29.895,
        longitude=121.86,
    )
    return city


def build(city_code: str = "330200", seed: int = SEED, **kwargs) -> dict:
    return build_benchmark_city(
        city_code=city_code,
        workers=kwargs.pop("workers", WORKERS),
        vacancies=kwargs.pop("vacancies", VACANCIES),
        seed=seed,
        stdout=io.StringIO(),
        now=NOW,
        chunk_rows=kwargs.pop("chunk_rows", 700),  # several chunks even in a small city
        **kwargs,
    )


def snapshot(city) -> dict[str, list[tuple]]:
    """The city's bench rows without their database ids, which differ from one load to the next."""
    workers = list(
        WorkerProfile.objects.filter(home_city=city, external_ref__startswith="bench:")
        .order_by("external_ref")
        .values_list(
            "external_ref",
            "full_name",
            "mobile",
            "latitude",
            "longitude",
            "desired_pay",
            "shift_mask",
            "form_mask",
            "available_from",
            "primary_occupation__code",
            "managing_agency__credit_code",
        )
    )
    skills = sorted(
        WorkerSkill.objects.filter(worker__home_city=city).values_list(
            "worker__external_ref", "skill__code", "level"
        )
    )
    vacancies = list(
        Vacancy.objects.filter(city=city)
        .order_by("external_ref")
        .values_list(
            "external_ref",
            "title",
            "enterprise__credit_code",
            "agency__credit_code",
            "pay_min",
            "pay_max",
            "employment_form",
            "dispatch_nature",
            "published_at",
        )
    )
    vacancy_skills = sorted(
        VacancySkill.objects.filter(vacancy__city=city).values_list(
            "vacancy__external_ref", "skill__code", "importance", "min_level"
        )
    )
    enterprises = list(
        Enterprise.objects.filter(city=city)
        .order_by("credit_code")
        .values_list("credit_code", "name", "contract_headcount", "dispatched_headcount")
    )
    return {
        "workers": workers,
        "skills": skills,
        "vacancies": vacancies,
        "vacancy_skills": vacancy_skills,
        "enterprises": enterprises,
    }


def test_refuses_anything_but_postgresql(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL"):
        build()


def test_credit_codes_are_valid_and_distinct():
    codes = credit_codes("91330200Y00B", 40_000)
    assert len(set(codes)) == len(codes)
    for code in codes[::997]:
        validate_credit_code(code)


@pytest.mark.postgres
@pytest.mark.django_db
class TestBenchmarkCity:
    def test_counts(self, bench_city):
        result = build()
        assert WorkerProfile.objects.filter(home_city=bench_city).count() == WORKERS
        assert Vacancy.objects.filter(city=bench_city, status="open").count() == VACANCIES
        assert Enterprise.objects.filter(city=bench_city).count() == VACANCIES // 20
        assert Agency.objects.filter(city=bench_city).count() == 3
        assert result["rows"]["talent_workerprofile"] == WORKERS
        assert result["rows"]["talent_workerskill"] == WorkerSkill.objects.count() > 2 * WORKERS
        assert result["rows"]["enterprises_vacancyskill"] == VacancySkill.objects.count() >= VACANCIES
        assert AgencyClient.objects.count() >= VACANCIES // 20
        # Every worker has skills and every vacancy asks for at least one.
        assert not WorkerProfile.objects.filter(home_city=bench_city, skills__isnull=True).exists()
        assert not Vacancy.objects.filter(city=bench_city, skill_requirements__isnull=True).exists()

    def test_rows_satisfy_the_models_rules(self, bench_city):
        build()
        workers = WorkerProfile.objects.filter(home_city=bench_city)
        # Skills come from links of a group-6 or 2-02 occupation, never from the excluded ones.
        allowed = set(
            OccupationSkill.objects.filter(occupation__level=4)
            .exclude(occupation__code__startswith="4-")
            .values_list("skill_id", flat=True)
        )
        held = set(WorkerSkill.objects.values_list("skill_id", flat=True))
        assert held <= allowed
        assert set(WorkerSkill.objects.values_list("level", flat=True)) <= {1, 2, 3, 4, 5}
        assert set(workers.values_list("primary_occupation__code", flat=True)) <= {
            "6-18-02-04",
            "6-18-01-01",
            "6-31-01-03",
            "2-02-07-01",
        }
        mobiles = list(workers.values_list("mobile", flat=True))
        assert len(set(mobiles)) == WORKERS
        assert all(MOBILE_RE.match(m) for m in mobiles)
        refs = set(workers.values_list("external_ref", flat=True))
        assert refs == {f"bench:{SEED}:{i}" for i in range(WORKERS)}
        assert all(
            0 <= w.shift_mask < 32 and 0 < w.form_mask < 64 for w in workers.only("shift_mask", "form_mask")
        )
        assert workers.filter(consent_to_matching=True).count() > 0.9 * WORKERS
        # Every worker lives near one of the city's districts, which the row names.
        assert not workers.filter(home_district__isnull=True).exists()
        assert (
            max(abs(w.latitude - w.home_district.latitude) for w in workers.select_related("home_district"))
            < 0.5
        )
        for worker in workers[:25]:
            worker.full_clean(validate_unique=False)
            assert FORM_BITS[worker.preferred_form] & worker.form_mask
            assert worker.shift_mask & ~sum(SHIFT_BITS.values()) == 0

        for enterprise in Enterprise.objects.filter(city=bench_city):
            validate_credit_code(enterprise.credit_code)
            enterprise.full_clean(validate_unique=False)
        for agency in Agency.objects.filter(city=bench_city):
            validate_credit_code(agency.credit_code)
            agency.full_clean(validate_unique=False)

        vacancies = Vacancy.objects.filter(city=bench_city)
        for vacancy in vacancies:
            assert vacancy.pay_min <= vacancy.pay_max
            assert vacancy.headcount >= 1
            if vacancy.employment_form == "dispatch":
                assert vacancy.dispatch_nature in {"temporary", "auxiliary", "substitute"}
                assert vacancy.agency is not None and vacancy.agency.dispatch_licence_number
                assert vacancy.agency.client_links.filter(enterprise=vacancy.enterprise).exists()
            else:
                assert vacancy.dispatch_nature == ""
            assert vacancy.published_at <= NOW
            assert vacancy.published_at >= NOW - dt.timedelta(days=60)
        for vacancy in vacancies[:25]:
            vacancy.full_clean(validate_unique=False)
        dispatch_share = vacancies.filter(employment_form="dispatch").count() / VACANCIES
        assert 0.18 < dispatch_share < 0.42
        # Vacancy skills come from the vacancy's own occupation's links.
        links = set(OccupationSkill.objects.values_list("occupation_id", "skill_id", "importance"))
        for occupation_id, skill_id, importance in VacancySkill.objects.values_list(
            "vacancy__occupation_id", "skill_id", "importance"
        ):
            assert (occupation_id, skill_id, importance) in links

    def test_most_enterprises_keep_the_dispatch_cap(self, bench_city):
        build(vacancies=2_000)  # 100 enterprises
        enterprises = list(Enterprise.objects.filter(city=bench_city))
        over = [e for e in enterprises if e.dispatched_headcount > e.dispatch_capacity]
        assert 0 < len(over) < 0.2 * len(enterprises)
        assert all(
            e.dispatched_headcount * 100
            <= DISPATCH_CAP_PERCENT * (e.contract_headcount + e.dispatched_headcount)
            for e in enterprises
            if e not in over
        )

    def test_ids_come_from_the_sequences(self, bench_city):
        build()
        # A row created the ordinary way afterwards gets a fresh id, above the reserved block.
        worker = factories.WorkerProfileFactory(home_city=bench_city)
        assert (
            worker.pk
            > WorkerProfile.objects.exclude(pk=worker.pk).order_by("-pk").values_list("pk", flat=True)[0]
        )
        vacancy = factories.VacancyFactory(enterprise=Enterprise.objects.first())
        assert vacancy.pk > max(Vacancy.objects.exclude(pk=vacancy.pk).values_list("pk", flat=True))

    def test_same_seed_same_city_and_replace(self, bench_city):
        build()
        first = snapshot(bench_city)
        with pytest.raises(CommandError, match="--replace"):
            build()
        result = build(replace=True)
        assert result["deleted"]["talent_workerprofile"] == WORKERS
        assert snapshot(bench_city) == first
        assert WorkerProfile.objects.filter(home_city=bench_city).count() == WORKERS
        assert Vacancy.objects.filter(city=bench_city).count() == VACANCIES

    def test_other_seed_differs_and_coexists(self, bench_city):
        build()
        first = snapshot(bench_city)
        build(seed=SEED + 1)
        assert WorkerProfile.objects.filter(home_city=bench_city).count() == 2 * WORKERS
        second_mobiles = set(
            WorkerProfile.objects.filter(external_ref__startswith=f"bench:{SEED + 1}:").values_list(
                "mobile", flat=True
            )
        )
        assert second_mobiles != {row[2] for row in first["workers"]}
        # Replacing one seed leaves the other alone.
        build(seed=SEED + 1, replace=True)
        assert WorkerProfile.objects.filter(home_city=bench_city).count() == 2 * WORKERS
        assert snapshot_for_seed(bench_city, SEED) == first["workers"]

    def test_replace_refuses_when_placements_refer(self, bench_city):
        build()
        vacancy = Vacancy.objects.filter(city=bench_city).first()
        worker = WorkerProfile.objects.filter(home_city=bench_city).first()
        Placement.objects.create(
            worker=worker, vacancy=vacancy, employment_form="direct", started_on=NOW.date()
        )
        with pytest.raises(CommandError, match="agencies_placement"):
            build(replace=True)
        assert WorkerProfile.objects.filter(home_city=bench_city).count() == WORKERS

    def test_command(self, bench_city):
        out = io.StringIO()
        call_command("seed_benchmark_city", city="330200", workers=500, vacancies=50, seed=3, stdout=out)
        assert WorkerProfile.objects.filter(external_ref__startswith="bench:3:").count() == 500
        assert re.search(r"talent_workerprofile: 500 rows in [\d.]+ s \([\d,]+ rows/s", out.getvalue())
        assert "Seeded in" in out.getvalue()
        with pytest.raises(CommandError, match="already holds seed-3"):
            call_command("seed_benchmark_city", city="330200", workers=500, vacancies=50, seed=3, stdout=out)

    def test_unknown_city_and_missing_taxonomy(self, city):
        with pytest.raises(CommandError, match="No pilot city"):
            build(city_code="999900")
        with pytest.raises(CommandError, match="load_reference"):
            build()
        assert not WorkerProfile.objects.exists()


def snapshot_for_seed(city, seed: int) -> list[tuple]:
    return [row for row in snapshot(city)["workers"] if row[0].startswith(f"bench:{seed}:")]
