"""The benchmark city's tables, generated a chunk at a time from one seed and written with COPY (see
demo.benchmark_city for the entry point and the keys that mark its rows)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.utils import timezone

from agencies.models import Agency, AgencyClient
from demo.bulk_copy import (
    NULL,
    BenchKeys,
    Progress,
    booleans,
    copy_into,
    copy_text,
    copy_worker_skills_binary,
    credit_codes,
    dates,
    text,
    text_or_null,
    timestamps,
)
from demo.bulk_reference import (
    BRAND,
    ENTERPRISE_SUFFIX,
    FORM_BIT_VALUES,
    FORMS,
    GIVEN,
    HOMETOWNS,
    INDUSTRY_WEIGHTS,
    MOBILE_PREFIXES,
    ROADS,
    SHIFTS,
    SURNAMES,
    TITLE_PREFIXES,
    CityReference,
    draw_traits,
    pick_occupations,
    sample_links,
)
from enterprises.models import Enterprise, Vacancy, VacancySkill
from talent.models import Importance, WorkerProfile, WorkerSkill
from talent.work_terms import FORM_BITS, SHIFT_BITS, EmploymentForm

# -- the builder ------------------------------------------------------------------------------------------


@dataclass
class _Built:
    """Arrays later tables need from earlier ones."""

    agency_ids: np.ndarray
    dispatch_licensed: np.ndarray
    enterprise_ids: np.ndarray
    enterprise_district: np.ndarray
    enterprise_lat: np.ndarray
    enterprise_lon: np.ndarray
    enterprise_weight: np.ndarray
    enterprise_agency: np.ndarray  # index of the enterprise's main agency (dispatch-licensed where possible)


def _headcounts(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Contract employees and dispatched workers of n enterprises: dispatched ≤ contract ÷ 9 keeps the
    10% cap; a third use no dispatch, ~8% are over it."""
    contract = np.clip(rng.lognormal(np.log(180), 1.1, n), 10, 30_000).astype(np.int64)
    capacity = contract // 9
    kind = rng.choice(3, size=n, p=[0.34, 0.58, 0.08])
    dispatched = np.where(
        kind == 0,
        0,
        np.where(
            kind == 1,
            np.floor(capacity * rng.uniform(0.1, 1.0, n)),
            np.ceil(np.maximum(capacity, 1) * rng.uniform(1.15, 2.5, n)) + 1,
        ),
    ).astype(np.int64)
    return contract, dispatched


@dataclass(frozen=True)
class _WorkerPools:
    """What every chunk of workers draws from: the city's distinct mobiles, names and hometowns."""

    mobiles: np.ndarray
    surname_weight: np.ndarray
    hometowns: np.ndarray
    hometown_weight: np.ndarray

    @classmethod
    def draw(cls, rng: np.random.Generator, workers: int, province: str) -> _WorkerPools:
        """Mobiles are drawn once for the whole city: distinct numbers across every chunk."""
        drawn = rng.choice(len(MOBILE_PREFIXES) * 100_000_000, size=workers, replace=False)
        surname_weight = 1.0 / (np.arange(len(SURNAMES)) + 3.0)
        return cls(
            mobiles=MOBILE_PREFIXES[drawn // 100_000_000] * 100_000_000 + drawn % 100_000_000,
            surname_weight=surname_weight / surname_weight.sum(),
            hometowns=np.array([province, *HOMETOWNS]),
            hometown_weight=np.array([0.45] + [0.55 / len(HOMETOWNS)] * len(HOMETOWNS)),
        )


def _worker_names(rng: np.random.Generator, n: int, pools: _WorkerPools) -> np.ndarray:
    """A surname weighted by frequency rank and one or two given-name characters."""
    surnames, given = np.array(SURNAMES), np.array(GIVEN)
    return np.char.add(
        np.char.add(
            surnames[rng.choice(len(SURNAMES), size=n, p=pools.surname_weight)],
            given[rng.integers(0, len(GIVEN), n)],
        ),
        np.where(rng.random(n) < 0.65, given[rng.integers(0, len(GIVEN), n)], ""),
    )


def _work_masks(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shifts and employment forms each worker accepts (bit masks), and the preferred form's index."""
    shift_bits = np.array([SHIFT_BITS[s] for s in SHIFTS])
    shift_mask = (rng.random((n, len(SHIFTS))) < [0.9, 0.5, 0.3, 0.15, 0.3]) @ shift_bits
    shift_mask = np.where(rng.random(n) < 0.3, 0, np.where(shift_mask == 0, SHIFT_BITS["day"], shift_mask))
    form_mask = (rng.random((n, len(FORMS))) < [0.95, 0.45, 0.25, 0.10, 0.08, 0.05]) @ FORM_BIT_VALUES
    form_mask = np.where(form_mask == 0, FORM_BITS["direct"], form_mask)
    lowest_form = np.log2(form_mask & -form_mask).astype(np.int64)
    preferred = np.where((form_mask & FORM_BITS["direct"]) & (rng.random(n) < 0.85), 0, lowest_form)
    return shift_mask, form_mask, preferred


class BenchmarkCity:
    """One seed's generation, table by table; each table draws from its own child of the seed."""

    def __init__(
        self,
        ref: CityReference,
        keys: BenchKeys,
        *,
        workers: int,
        vacancies: int,
        enterprises: int,
        agencies: int,
        chunk_rows: int,
        now: dt.datetime,
        progress: Progress,
    ) -> None:
        self.ref, self.keys = ref, keys
        self.n_workers, self.n_vacancies = workers, vacancies
        self.n_enterprises, self.n_agencies = enterprises, agencies
        self.chunk_rows = chunk_rows
        self.now, self.today = now, timezone.localtime(now).date()
        self.now_text = timestamps(now, np.zeros(1, dtype=np.int64))[0]
        self.progress = progress
        self.traits = draw_traits(ref, self.rng("traits"))

    def rng(self, stream: str, chunk: int = 0) -> np.random.Generator:
        """An independent generator per table and chunk: rows depend on the seed, the sizes and chunk_rows."""
        words = [ord(c) for c in stream]
        return np.random.default_rng(np.random.SeedSequence([self.keys.seed, chunk, *words]))

    def spot(
        self, rng: np.random.Generator, n: int, spread_deg: float, park_share: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(district index, park index or -1, latitude, longitude): Gaussian around district or park centres."""
        ref = self.ref
        district = rng.choice(len(ref.district_ids), size=n, p=self.traits.district_weight)
        lat, lon = ref.district_lat[district].copy(), ref.district_lon[district].copy()
        park = np.full(n, -1, dtype=np.int64)
        if len(ref.park_ids) and park_share:
            in_park = rng.random(n) < park_share
            park[in_park] = rng.integers(0, len(ref.park_ids), int(in_park.sum()))
            district[in_park] = ref.park_district[park[in_park]]
            lat[in_park], lon[in_park] = ref.park_lat[park[in_park]], ref.park_lon[park[in_park]]
            spread = np.where(in_park, spread_deg / 3, spread_deg)
        else:
            spread = np.full(n, spread_deg)
        # A degree of longitude is shorter than one of latitude at 30°N; keep the spread round on the ground.
        lat = np.round(lat + rng.normal(0.0, 1.0, n) * spread, 6)
        lon = np.round(lon + rng.normal(0.0, 1.0, n) * spread * 1.15, 6)
        return district, park, lat, lon

    def timed_copy(
        self, table: str, columns: Sequence[str], make: Callable[[], bytes], rows: int, **kw: Any
    ) -> None:
        started = time.perf_counter()
        payload = make()
        with connection.cursor() as cursor:
            copy_seconds = copy_into(cursor, table, columns, payload, **kw)
        self.progress.add(table, rows, time.perf_counter() - started, copy_seconds)

    # -- agencies, enterprises, their links ---------------------------------------------------------------
    def agencies(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rng, n, ref = self.rng("agencies"), len(ids), self.ref
        licensed = rng.random(n) < 0.7
        licensed[0] = True  # at least one agency may place dispatched workers
        suffix = np.array(
            ["人力资源有限公司", "人力资源服务有限公司", "人才服务集团有限公司", "劳务派遣有限公司"]
        )
        brand = np.array(BRAND)
        names = np.char.add(
            np.char.add(
                np.char.add(ref.city_name, brand[rng.integers(0, len(BRAND), n)]),
                brand[rng.integers(0, len(BRAND), n)],
            ),
            suffix[np.where(licensed, rng.integers(0, 4, n), rng.integers(0, 3, n))],
        )
        serial = np.arange(n)
        columns = {
            "id": text(ids),
            "name": names.tolist(),
            "credit_code": credit_codes(self.keys.credit_prefix("X"), n),
            "city_id": str(ref.city_id),
            "hr_licence_number": [f"{ref.city_code}BK{self.keys.seed:05d}{i:05d}" for i in serial],
            "hr_licence_valid_until": dates(self.today, rng.integers(180, 1500, n)),
            "dispatch_licence_number": np.where(
                licensed, np.array([f"{ref.city_code}PQ{self.keys.seed:05d}{i:05d}" for i in serial]), ""
            ).tolist(),
            "dispatch_licence_valid_until": np.where(
                licensed, np.array(dates(self.today, rng.integers(90, 1100, n))), NULL
            ).tolist(),
            "created_at": self.now_text,
        }
        self.timed_copy(Agency._meta.db_table, list(columns), lambda: copy_text(list(columns.values())), n)
        self.progress.report(Agency._meta.db_table)
        return ids, licensed

    def enterprises(self, ids: np.ndarray, agency_ids: np.ndarray, licensed: np.ndarray) -> _Built:
        rng, n, ref = self.rng("enterprises"), len(ids), self.ref
        industries = np.array(list(INDUSTRY_WEIGHTS))
        weights = np.array(list(INDUSTRY_WEIGHTS.values()), dtype=float)
        industry_index = rng.choice(len(industries), size=n, p=weights / weights.sum())
        industry = industries[industry_index]
        suffix = np.array([ENTERPRISE_SUFFIX[code] for code in industries])[industry_index]
        brand = np.array(BRAND)
        names = np.char.add(
            np.char.add(
                np.char.add(ref.city_name, brand[rng.integers(0, len(BRAND), n)]),
                brand[rng.integers(0, len(BRAND), n)],
            ),
            suffix,
        )
        district, park, lat, lon = self.spot(rng, n, spread_deg=0.03, park_share=0.55)
        roads = np.array(ROADS)[rng.integers(0, len(ROADS), n)]
        address = [
            f"{ref.city_name}市{ref.district_names[d]}{road}{number}号"
            for d, road, number in zip(
                district.tolist(), roads.tolist(), rng.integers(1, 999, n).tolist(), strict=True
            )
        ]
        contract, dispatched = _headcounts(rng, n)
        park_ids = ref.park_ids[np.maximum(park, 0)] if len(ref.park_ids) else np.zeros(n, dtype=np.int64)
        columns = {
            "id": text(ids),
            "name": names.tolist(),
            "credit_code": credit_codes(self.keys.credit_prefix("Y"), n),
            "industry": industry.tolist(),
            "city_id": str(ref.city_id),
            "district_id": text_or_null(ref.district_ids[district], ref.district_ids[district] < 0),
            "park_id": text_or_null(park_ids, park < 0),
            "address": address,
            "latitude": text(lat),
            "longitude": text(lon),
            "contract_headcount": text(contract),
            "dispatched_headcount": text(dispatched),
            "created_at": self.now_text,
        }
        self.timed_copy(
            Enterprise._meta.db_table, list(columns), lambda: copy_text(list(columns.values())), n
        )
        self.progress.report(Enterprise._meta.db_table)

        main_agency = self._agency_clients(rng, ids, agency_ids, licensed)
        return _Built(
            agency_ids=agency_ids,
            dispatch_licensed=licensed,
            enterprise_ids=ids,
            enterprise_district=district,
            enterprise_lat=lat,
            enterprise_lon=lon,
            enterprise_weight=np.sqrt(contract) / np.sqrt(contract).sum(),
            enterprise_agency=main_agency,
        )

    def _agency_clients(
        self, rng: np.random.Generator, ids: np.ndarray, agency_ids: np.ndarray, licensed: np.ndarray
    ) -> np.ndarray:
        """Each enterprise is served by one to three agencies; the first (returned) can place dispatched
        workers."""
        n = len(ids)
        dispatch_agencies = np.flatnonzero(licensed)
        main_agency = dispatch_agencies[rng.integers(0, len(dispatch_agencies), n)]
        extra = rng.integers(0, 3, n)
        owner = np.concatenate([np.arange(n), np.repeat(np.arange(n), extra)])
        agency = np.concatenate([main_agency, rng.integers(0, len(agency_ids), int(extra.sum()))])
        pairs = np.unique(owner * len(agency_ids) + agency)
        owner, agency = pairs // len(agency_ids), pairs % len(agency_ids)
        link_columns = [
            text(agency_ids[agency]),
            text(ids[owner]),
            dates(self.today, -rng.integers(30, 1500, len(pairs))),
        ]
        self.timed_copy(
            AgencyClient._meta.db_table,
            ["agency_id", "enterprise_id", "since"],
            lambda: copy_text(link_columns),
            len(pairs),
        )
        self.progress.report(AgencyClient._meta.db_table)
        return main_agency

    # -- vacancies ----------------------------------------------------------------------------------------
    def vacancies(self, ids: np.ndarray, built: _Built) -> None:
        for chunk, start in enumerate(range(0, len(ids), self.chunk_rows)):
            rng = self.rng("vacancies", chunk)
            chunk_ids = ids[start : start + self.chunk_rows]
            occupation = self._vacancy_rows(rng, chunk_ids, start, built)
            self._vacancy_skill_rows(rng, chunk_ids, occupation)
        self.progress.report(Vacancy._meta.db_table)
        self.progress.report(VacancySkill._meta.db_table)

    def _vacancy_rows(
        self, rng: np.random.Generator, chunk_ids: np.ndarray, start: int, built: _Built
    ) -> np.ndarray:
        """One chunk of vacancies; returns their occupations (indexes into the city's reference)."""
        ref, traits = self.ref, self.traits
        n = len(chunk_ids)
        enterprise = rng.choice(len(built.enterprise_ids), size=n, p=built.enterprise_weight)
        occupation = pick_occupations(traits, rng, n, engineering_share=0.08)
        prefix = np.array(TITLE_PREFIXES)[rng.integers(0, len(TITLE_PREFIXES), n)]
        titles = [
            (p + ref.occupation_names[o])[:80]
            for p, o in zip(prefix.tolist(), occupation.tolist(), strict=True)
        ]
        # Most openings are for one to three people; one in twenty is a line's worth.
        headcount = np.minimum(rng.geometric(0.35, n) + (rng.random(n) < 0.05) * rng.integers(5, 60, n), 500)
        pay_min = np.maximum(
            np.round(traits.occupation_pay[occupation] * rng.lognormal(-0.08, 0.12, n) / 100) * 100, 2_500
        ).astype(np.int64)
        pay_max = np.minimum(np.round(pay_min * rng.uniform(1.1, 1.6, n) / 100) * 100, 200_000).astype(
            np.int64
        )
        form = rng.choice(len(FORMS), size=n, p=[0.58, 0.30, 0.05, 0.03, 0.02, 0.02])
        dispatch = FORMS[form] == EmploymentForm.DISPATCH
        nature = np.array(Vacancy.DispatchNature.values)[rng.choice(3, size=n, p=[0.5, 0.4, 0.1])]
        main_agency = built.agency_ids[built.enterprise_agency[enterprise]]
        via_agency = dispatch | (rng.random(n) < 0.15)
        shift = rng.choice(len(SHIFTS), size=n, p=[0.40, 0.30, 0.15, 0.05, 0.10])
        certificate = rng.choice([0, 2, 3, 4, 5], size=n, p=[0.7, 0.12, 0.1, 0.06, 0.02])
        experience = np.where(rng.random(n) < 0.5, 0, rng.integers(1, 9, n))
        published = -rng.integers(0, 60 * 86_400, n)
        start_in = rng.integers(0, 46, n)
        closing = start_in + rng.integers(30, 91, n)
        lat = np.round(built.enterprise_lat[enterprise], 6)
        lon = np.round(built.enterprise_lon[enterprise], 6)
        district = ref.district_ids[built.enterprise_district[enterprise]]
        published_text = timestamps(self.now, published)
        columns = {
            "id": text(chunk_ids),
            "external_ref": [f"bench:{self.keys.seed}:{ref.city_code}:{i}" for i in range(start, start + n)],
            "title": titles,
            "description": "",
            "headcount": text(headcount),
            "pay_min": text(pay_min),
            "pay_max": text(pay_max),
            "employment_form": FORMS[form].tolist(),
            "dispatch_nature": np.where(dispatch, nature, "").tolist(),
            "shift_pattern": SHIFTS[shift].tolist(),
            "dormitory": booleans(rng.random(n) < 0.55),
            "min_certificate_level": text_or_null(certificate, certificate == 0),
            "min_years_experience": text(experience),
            "latitude": text(lat),
            "longitude": text(lon),
            "start_date": dates(self.today, start_in),
            "closing_date": text_or_null(np.array(dates(self.today, closing)), rng.random(n) < 0.3),
            "status": Vacancy.Status.OPEN.value,
            "filled_count": "0",
            "created_at": published_text,
            "updated_at": published_text,
            "published_at": published_text,
            "agency_id": text_or_null(main_agency, ~via_agency),
            "city_id": str(ref.city_id),
            "district_id": text_or_null(district, district < 0),
            "enterprise_id": text(built.enterprise_ids[enterprise]),
            "occupation_id": text(ref.occupation_ids[occupation]),
        }
        self.timed_copy(Vacancy._meta.db_table, list(columns), lambda: copy_text(list(columns.values())), n)
        return occupation

    def _vacancy_skill_rows(
        self, rng: np.random.Generator, chunk_ids: np.ndarray, occupation: np.ndarray
    ) -> None:
        """Required skills from the occupation's required links, a few preferred ones beside them."""
        ref, n = self.ref, len(chunk_ids)
        started = time.perf_counter()
        k_required = rng.integers(2, 6, n)
        k_preferred = np.where(
            ref.required.sizes(occupation) == 0, rng.integers(1, 4, n), rng.integers(0, 4, n)
        )
        owner_r, row_r = sample_links(ref.required, occupation, k_required, rng)
        owner_p, row_p = sample_links(ref.preferred, occupation, k_preferred, rng)
        owner = np.concatenate([owner_r, owner_p])
        skill = np.concatenate([ref.required.skill[row_r], ref.preferred.skill[row_p]])
        level = np.concatenate([ref.required.level[row_r], ref.preferred.level[row_p]]).astype(np.int64)
        level = np.clip(level + rng.integers(-1, 2, len(owner)), 1, 5)
        importance = np.repeat(
            np.array([Importance.REQUIRED.value, Importance.PREFERRED.value]),
            [len(owner_r), len(owner_p)],
        )
        skill_columns = [text(chunk_ids[owner]), text(skill), importance.tolist(), text(level)]
        generation = time.perf_counter() - started
        self.timed_copy(
            VacancySkill._meta.db_table,
            ["vacancy_id", "skill_id", "importance", "min_level"],
            lambda: copy_text(skill_columns),
            len(owner),
        )
        self.progress.seconds[VacancySkill._meta.db_table] += generation

    # -- workers ------------------------------------------------------------------------------------------
    def workers(self, ids: np.ndarray, agency_ids: np.ndarray) -> None:
        pools = _WorkerPools.draw(self.rng("mobiles"), len(ids), self.ref.province)
        started_all = time.perf_counter()
        for chunk, start in enumerate(range(0, len(ids), self.chunk_rows)):
            rng = self.rng("workers", chunk)
            chunk_ids = ids[start : start + self.chunk_rows]
            occupation, years = self._worker_rows(rng, chunk_ids, start, pools, agency_ids)
            self._worker_skill_rows(rng, chunk_ids, occupation, years)
            n = len(chunk_ids)
            done = start + n
            elapsed = time.perf_counter() - started_all
            self.progress.say(
                f"  workers {done:,}/{len(ids):,} ({done / elapsed:,.0f} workers/s with their skills)"
            )
        self.progress.report(WorkerProfile._meta.db_table)
        self.progress.report(WorkerSkill._meta.db_table)

    def _worker_rows(
        self,
        rng: np.random.Generator,
        chunk_ids: np.ndarray,
        start: int,
        pools: _WorkerPools,
        agency_ids: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """One chunk of workers; returns their occupations (indexes) and years of experience."""
        ref, traits = self.ref, self.traits
        n = len(chunk_ids)
        names = _worker_names(rng, n, pools)
        age = np.clip(rng.normal(36, 9, n), 18, 60).astype(np.int64)
        years = np.clip(((age - 18) * rng.beta(2, 2, n) * 1.2).astype(np.int64), 0, 40)
        occupation = pick_occupations(traits, rng, n, engineering_share=0.05)
        district, _park, lat, lon = self.spot(rng, n, spread_deg=0.035)
        pay = np.clip(
            np.round(
                traits.occupation_pay[occupation]
                * rng.lognormal(0, 0.12, n)
                * (1 + 0.015 * np.minimum(years, 20))
                / 100
            )
            * 100,
            2_000,
            200_000,
        ).astype(np.int64)
        shift_mask, form_mask, preferred = _work_masks(rng, n)
        certificate = rng.choice(7, size=n, p=[0.55, 0.03, 0.17, 0.15, 0.07, 0.025, 0.005])
        managed = rng.random(n) < 0.65
        district_ids = ref.district_ids[district]
        hometown = pools.hometowns[rng.choice(len(pools.hometowns), size=n, p=pools.hometown_weight)].tolist()
        columns = {
            "id": text(chunk_ids),
            "external_ref": [f"bench:{self.keys.seed}:{i}" for i in range(start, start + n)],
            "full_name": names.tolist(),
            "mobile": text(pools.mobiles[start : start + n]),
            "id_number_hash": "",
            "id_number_masked": "",
            "gender": np.array(WorkerProfile.Gender.values)[
                rng.choice(3, size=n, p=[0.36, 0.61, 0.03])
            ].tolist(),
            "birth_year": text(self.today.year - age),
            "ethnicity": "",
            "birthplace": hometown,
            "household_registration": hometown,
            "home_city_id": str(ref.city_id),
            "home_district_id": text_or_null(district_ids, district_ids < 0),
            "latitude": text(lat),
            "longitude": text(lon),
            "max_commute_km": text(
                np.array([5, 10, 15, 20, 30, 50])[rng.choice(6, size=n, p=[0.1, 0.25, 0.3, 0.2, 0.1, 0.05])]
            ),
            "willing_to_relocate": booleans(rng.random(n) < 0.25),
            "desired_pay": text_or_null(pay, rng.random(n) < 0.03),
            "shift_mask": text(shift_mask),
            "form_mask": text(form_mask),
            "preferred_form": FORMS[preferred].tolist(),
            "available_from": dates(self.today, rng.integers(-30, 91, n)),
            "years_experience": text(years),
            "highest_certificate": text_or_null(certificate, certificate == 0),
            "primary_occupation_id": text(ref.occupation_ids[occupation]),
            "status": np.array(WorkerProfile.Status.values)[
                rng.choice(4, size=n, p=[0.55, 0.30, 0.10, 0.05])
            ].tolist(),
            "consent_to_matching": booleans(rng.random(n) < 0.95),
            "managing_agency_id": text_or_null(agency_ids[rng.integers(0, len(agency_ids), n)], ~managed),
            "created_at": self.now_text,
            "updated_at": self.now_text,
        }
        self.timed_copy(
            WorkerProfile._meta.db_table, list(columns), lambda: copy_text(list(columns.values())), n
        )
        return occupation, years

    def _worker_skill_rows(
        self, rng: np.random.Generator, chunk_ids: np.ndarray, occupation: np.ndarray, years: np.ndarray
    ) -> None:
        """Skills of the worker's own occupation; a fifth also picked up one or two of a second trade's."""
        ref, traits, n = self.ref, self.traits, len(chunk_ids)
        generation_started = time.perf_counter()
        owner, row = sample_links(ref.links, occupation, np.clip(2 + rng.poisson(2.5, n), 1, 10), rng)
        second = np.flatnonzero(rng.random(n) < 0.2)
        owner2, row2 = sample_links(
            ref.links,
            pick_occupations(traits, rng, len(second), 0.05),
            rng.integers(1, 3, len(second)),
            rng,
        )
        owner = np.concatenate([owner, second[owner2]])
        row = np.concatenate([row, row2])
        skill = ref.links.skill[row]
        key = owner * (int(skill.max()) + 1) + skill
        _unique, first = np.unique(key, return_index=True)  # one row per (worker, skill)
        owner, row, skill = owner[first], row[first], skill[first]
        experience_bonus = (years[owner] >= 5).astype(np.int64) + (years[owner] >= 12)
        level = np.clip(ref.links.level[row] - 1 + experience_bonus + rng.integers(-1, 2, len(owner)), 1, 5)
        generation = time.perf_counter() - generation_started
        self.timed_copy(
            WorkerSkill._meta.db_table,
            ["worker_id", "skill_id", "level"],
            lambda: copy_worker_skills_binary(chunk_ids[owner], skill, level),
            len(owner),
            binary=True,
        )
        self.progress.seconds[WorkerSkill._meta.db_table] += generation
