"""A benchmark-sized city (a million workers, a hundred thousand vacancies) bulk-loaded with PostgreSQL COPY.

Every column is drawn as a numpy array from one seed and written as tab-separated text (binary for the
worker skills), a chunk at a time, so memory stays flat and the COPY, not Python, sets the pace. Rows
are told apart from real ones by their keys, which carry the seed and the city:

- workers: ``external_ref = "bench:{seed}:{i}"`` in their home city;
- vacancies: ``external_ref = "bench:{seed}:{city}:{i}"`` (the column is unique across cities);
- enterprises and agencies: credit codes ``91{city}Y…`` and ``91{city}X…`` whose next three characters
  spell the seed, a form the hand-made and demo codes (all digits after the division code) never take.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

import numpy as np
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from agencies.models import Agency, AgencyClient
from enterprises.credit_codes import ALPHABET, check_character
from enterprises.models import Enterprise, Vacancy, VacancySkill
from pilots.models import District, Park, PilotCity
from talent.models import Importance, Occupation, OccupationSkill, WorkerProfile, WorkerSkill
from talent.work_terms import FORM_BITS, SHIFT_BITS, EmploymentForm, ShiftPattern

CHUNK_ROWS = 100_000
# Three base-31 characters of the credit code carry the seed.
MAX_SEED = len(ALPHABET) ** 3 - 1
NULL = r"\N"

# Surnames roughly in order of frequency (weights fall off with rank); given names from common characters.
SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
    "卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
)
GIVEN = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建国志文斌宇浩凯俊帅鑫波宁亮飞林峰海东雪梅琳"
    "晨欣怡佳婷倩颖琴兰凤春燕荣成龙云新民永德胜利福庆祥瑞嘉乐安"
)
BRAND = tuple("恒达华盛精工海天金宏鑫隆泰兴瑞丰宝通远博创新联合发力正诚信永顺长光明科佳立德中昌")
ROADS = (
    "工业路",
    "创业路",
    "兴业大道",
    "科技路",
    "园区路",
    "发展路",
    "滨海路",
    "东方大道",
    "环城北路",
    "开发区大道",
)
# Where migrant workers' household registrations are, beside the city's own province.
HOMETOWNS = (
    "河南省",
    "安徽省",
    "四川省",
    "贵州省",
    "江西省",
    "湖南省",
    "湖北省",
    "云南省",
    "甘肃省",
    "广西壮族自治区",
)
TITLE_PREFIXES = ("", "", "", "熟练", "资深", "储备")
ENTERPRISE_SUFFIX = {
    "C13": "食品有限公司",
    "C17": "纺织有限公司",
    "C18": "服饰有限公司",
    "C21": "家具有限公司",
    "C26": "化工有限公司",
    "C27": "制药有限公司",
    "C29": "塑胶制品有限公司",
    "C30": "新材料有限公司",
    "C32": "有色金属有限公司",
    "C33": "金属制品有限公司",
    "C34": "精密机械有限公司",
    "C35": "智能装备股份有限公司",
    "C36": "汽车零部件有限公司",
    "C37": "船舶配套有限公司",
    "C38": "电气有限公司",
    "C39": "电子科技有限公司",
    "C40": "仪器仪表有限公司",
    "C41": "实业有限公司",
}
# Rough weight of each industry among the city's manufacturers (machinery, vehicles and electronics lead).
INDUSTRY_WEIGHTS = {
    "C13": 2, "C17": 4, "C18": 5, "C21": 3, "C26": 3, "C27": 2, "C29": 8, "C30": 3, "C32": 2, "C33": 9,
    "C34": 14, "C35": 10, "C36": 10, "C37": 3, "C38": 9, "C39": 9, "C40": 3, "C41": 2,
}  # fmt: skip
MOBILE_PREFIXES = np.array(
    [
        *range(130, 140),
        145,
        147,
        *range(150, 154),
        *range(155, 160),
        166,
        *range(170, 179),
        *range(180, 190),
        198,
        199,
    ]
)
FORMS = np.array([form.value for form in EmploymentForm])
FORM_BIT_VALUES = np.array([FORM_BITS[form] for form in FORMS])
SHIFTS = np.array([shift.value for shift in ShiftPattern])
PGCOPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
PGCOPY_TRAILER = b"\xff\xff"
# One binary COPY row of talent_workerskill: field count, then (length, value) for bigint, bigint, smallint.
WORKER_SKILL_ROW = np.dtype(
    [
        ("n", ">i2"),
        ("l1", ">i4"),
        ("worker", ">i8"),
        ("l2", ">i4"),
        ("skill", ">i8"),
        ("l3", ">i4"),
        ("level", ">i2"),
    ]
)


# -- reference data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """Occupation → skill links as a CSR table: the links of occupation k are rows ptr[k]:ptr[k+1]."""

    ptr: np.ndarray
    skill: np.ndarray
    level: np.ndarray

    @classmethod
    def build(
        cls, occupation_index: np.ndarray, skill: np.ndarray, level: np.ndarray, n_occupations: int
    ) -> Links:
        order = np.argsort(occupation_index, kind="stable")
        counts = np.bincount(occupation_index, minlength=n_occupations)
        ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls(ptr=ptr, skill=skill[order], level=level[order])

    def sizes(self, occupations: np.ndarray) -> np.ndarray:
        return self.ptr[occupations + 1] - self.ptr[occupations]


@dataclass(frozen=True)
class CityReference:
    """What the generator needs of the city and the taxonomy, as arrays indexed 0..n-1."""

    city_id: int
    city_code: str
    city_name: str
    province: str
    district_ids: np.ndarray  # -1 when the city has no districts loaded (the city centre stands in)
    district_names: list[str]
    district_lat: np.ndarray
    district_lon: np.ndarray
    park_ids: np.ndarray
    park_district: np.ndarray  # index into the district arrays
    park_lat: np.ndarray
    park_lon: np.ndarray
    occupation_ids: np.ndarray
    occupation_names: list[str]
    engineering: np.ndarray  # bool: a 2-02 engineering occupation rather than a group-6 production one
    links: Links
    required: Links
    preferred: Links


def load_city_reference(city: PilotCity) -> CityReference:
    """Read the city's districts and industrial parks and every group-6 and 2-02 occupation with skill links."""
    districts = list(District.objects.filter(city=city).order_by("code"))
    if not districts:
        districts = [District(id=-1, name_zh="", latitude=city.latitude, longitude=city.longitude)]
    district_index = {d.id: i for i, d in enumerate(districts)}
    parks = [
        p
        for p in Park.objects.filter(city=city, kind=Park.Kind.INDUSTRIAL).order_by("name_zh")
        if p.district_id in district_index
    ]
    rows = list(
        OccupationSkill.objects.filter(occupation__level=Occupation.Level.OCCUPATION)
        .filter(models.Q(occupation__code__startswith="6-") | models.Q(occupation__code__startswith="2-02-"))
        .order_by("occupation__code", "skill_id")
        .values_list(
            "occupation_id", "occupation__code", "occupation__name", "skill_id", "importance", "level"
        )
    )
    if not rows:
        raise CommandError(
            "No group-6 occupation has skill links yet: run `manage.py load_reference` "
            "(it loads talent/data/occupation_skills.csv) before seeding a benchmark city."
        )
    occupations: dict[int, tuple[str, str]] = {}
    for occupation_id, code, name, *_rest in rows:
        occupations.setdefault(occupation_id, (code, name))
    occupation_ids = np.array(list(occupations), dtype=np.int64)
    index_of = {occupation_id: i for i, occupation_id in enumerate(occupations)}
    link_occ = np.array([index_of[r[0]] for r in rows], dtype=np.int64)
    link_skill = np.array([r[3] for r in rows], dtype=np.int64)
    link_level = np.array([r[5] for r in rows], dtype=np.int16)
    required = np.array([r[4] == Importance.REQUIRED for r in rows])
    n = len(occupation_ids)
    return CityReference(
        city_id=city.id,
        city_code=city.code,
        city_name=city.name_zh.removesuffix("市"),
        province=city.province,
        district_ids=np.array([d.id for d in districts], dtype=np.int64),
        district_names=[d.name_zh for d in districts],
        district_lat=np.array([d.latitude for d in districts]),
        district_lon=np.array([d.longitude for d in districts]),
        park_ids=np.array([p.id for p in parks], dtype=np.int64),
        park_district=np.array([district_index[p.district_id] for p in parks], dtype=np.int64),
        park_lat=np.array([p.latitude for p in parks]),
        park_lon=np.array([p.longitude for p in parks]),
        occupation_ids=occupation_ids,
        occupation_names=[name for _code, name in occupations.values()],
        engineering=np.array([code.startswith("2-") for code, _name in occupations.values()]),
        links=Links.build(link_occ, link_skill, link_level, n),
        required=Links.build(link_occ[required], link_skill[required], link_level[required], n),
        preferred=Links.build(link_occ[~required], link_skill[~required], link_level[~required], n),
    )


# -- the city's fixed traits, drawn once per seed -----------------------------------------------------------


@dataclass(frozen=True)
class CityTraits:
    """Weights that shape the whole city: which districts are populous, which occupations common, what they pay."""

    district_weight: np.ndarray
    production_weight: np.ndarray  # over occupations; zero on engineering ones
    engineering_weight: np.ndarray  # zero on production ones (all zero when the taxonomy has none)
    occupation_pay: np.ndarray


def draw_traits(ref: CityReference, rng: np.random.Generator) -> CityTraits:
    """Zipf-like occupation popularity (a few trades dominate a city) and a median pay per occupation."""
    n = len(ref.occupation_ids)
    popularity = 1.0 / (rng.permutation(n) + 4.0)
    production = np.where(ref.engineering, 0.0, popularity)
    engineering = np.where(ref.engineering, popularity, 0.0)
    if production.sum() == 0:  # only engineers linked: let them stand in for production trades too
        production = engineering.copy()
    district_weight = rng.dirichlet(np.full(len(ref.district_ids), 3.0))
    pay = np.where(ref.engineering, 11_000.0, 6_600.0) * rng.lognormal(0.0, 0.15, n)
    return CityTraits(
        district_weight=district_weight,
        production_weight=production / production.sum(),
        engineering_weight=engineering / engineering.sum() if engineering.sum() else engineering,
        occupation_pay=pay,
    )


def pick_occupations(
    traits: CityTraits, rng: np.random.Generator, n: int, engineering_share: float
) -> np.ndarray:
    """Occupation indexes: mostly production trades, `engineering_share` of them 2-02 engineers when loaded."""
    production = rng.choice(len(traits.production_weight), size=n, p=traits.production_weight)
    if not traits.engineering_weight.any():
        return production
    engineers = rng.choice(len(traits.engineering_weight), size=n, p=traits.engineering_weight)
    return np.where(rng.random(n) < engineering_share, engineers, production)


def sample_links(
    links: Links, occupations: np.ndarray, k: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """For owner i, min(k[i], links of its occupation) distinct links at random: (owner index, link row) pairs.

    Every owner's candidate links are laid out contiguously, shuffled within the owner by sorting on
    owner + a uniform fraction, and the first k kept: sampling without replacement, fully vectorised.
    """
    sizes = links.sizes(occupations)
    total = int(sizes.sum())
    owner = np.repeat(np.arange(len(occupations), dtype=np.int64), sizes)
    starts = np.cumsum(sizes) - sizes
    position = np.arange(total, dtype=np.int64) - np.repeat(starts, sizes)
    row = np.repeat(links.ptr[occupations], sizes) + position
    order = np.argsort(owner + rng.random(total), kind="stable")
    # After the sort owners are still contiguous with the same sizes, so `position` is each entry's rank.
    keep = order[position < np.repeat(np.minimum(k, sizes), sizes)]
    return owner[keep], row[keep]


# -- text payloads ----------------------------------------------------------------------------------------


def text(values: np.ndarray) -> list[str]:
    """Column values as COPY text (floats shortest-repr, as PostgreSQL reads them back exactly)."""
    return list(map(str, values.tolist()))


def text_or_null(values: np.ndarray, null: np.ndarray) -> list[str]:
    column = np.array(text(values), dtype=object)
    column[null] = NULL
    return column.tolist()


def booleans(values: np.ndarray) -> list[str]:
    return np.where(values, "t", "f").tolist()


def dates(base: dt.date, offsets: np.ndarray) -> list[str]:
    return (np.datetime64(base, "D") + offsets.astype("timedelta64[D]")).astype(str).tolist()


def timestamps(base: dt.datetime, offsets_seconds: np.ndarray) -> list[str]:
    """UTC timestamps with an explicit offset, so the session's TimeZone cannot shift them."""
    naive = np.datetime64(base.astimezone(dt.UTC).replace(tzinfo=None), "s") + offsets_seconds.astype(
        "timedelta64[s]"
    )
    return [value + "+00" for value in naive.astype(str).tolist()]


def copy_text(columns: Sequence[Sequence[str] | str]) -> bytes:
    """Tab-separated COPY text; a plain str column is a constant repeated on every row.

    The joins run in C (map/zip/str.join), so a row costs well under a microsecond here.
    """
    lengths = {len(c) for c in columns if not isinstance(c, str)}
    if len(lengths) != 1:  # zip() would silently cut every column to the shortest
        raise ValueError(f"COPY columns of different lengths: {sorted(lengths)}")
    iterables: list[Iterable[str]] = [itertools.repeat(c) if isinstance(c, str) else c for c in columns]
    return ("\n".join(map("\t".join, zip(*iterables, strict=False))) + "\n").encode()


def copy_worker_skills_binary(worker: np.ndarray, skill: np.ndarray, level: np.ndarray) -> bytes:
    """talent_workerskill rows in PostgreSQL's binary COPY format: a fixed 32 bytes a row, filled by numpy."""
    rows = np.empty(len(worker), dtype=WORKER_SKILL_ROW)
    rows["n"], rows["l1"], rows["l2"], rows["l3"] = 3, 8, 8, 2
    rows["worker"], rows["skill"], rows["level"] = worker, skill, level
    return PGCOPY_SIGNATURE + rows.tobytes() + PGCOPY_TRAILER


# -- bookkeeping ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchKeys:
    """How one seed's benchmark rows in one city are recognised, for the refusal check and --replace."""

    city_id: int
    city_code: str
    seed: int

    @property
    def seed_chars(self) -> str:
        s = self.seed
        return ALPHABET[s // 961] + ALPHABET[s // 31 % 31] + ALPHABET[s % 31]

    def credit_prefix(self, kind: str) -> str:
        return f"91{self.city_code}{kind}{self.seed_chars}"

    def filters(self) -> dict[type[models.Model], tuple[str, list[Any]]]:
        """SQL WHERE clauses (with parameters) selecting the bench rows of each top-level table."""
        return {
            WorkerProfile: (
                "home_city_id = %s AND external_ref LIKE %s",
                [self.city_id, f"bench:{self.seed}:%"],
            ),
            Vacancy: (
                "city_id = %s AND external_ref LIKE %s",
                [self.city_id, f"bench:{self.seed}:{self.city_code}:%"],
            ),
            Enterprise: (
                "city_id = %s AND credit_code LIKE %s",
                [self.city_id, self.credit_prefix("Y") + "%"],
            ),
            Agency: ("city_id = %s AND credit_code LIKE %s", [self.city_id, self.credit_prefix("X") + "%"]),
        }


def credit_codes(prefix: str, count: int) -> list[str]:
    """Valid unified social credit codes: prefix (12 characters) + a base-31 serial (5) + check character."""
    codes = []
    for i in range(count):
        serial = "".join(ALPHABET[i // 31**p % 31] for p in (4, 3, 2, 1, 0))
        first17 = prefix + serial
        codes.append(first17 + check_character(first17))
    return codes


class Progress:
    """Rows and seconds per table, printed as it goes; the COPY's share is timed apart from generation."""

    def __init__(self, stdout: IO[str] | None) -> None:
        self.stdout = stdout
        self.rows: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self.copy_seconds: dict[str, float] = {}

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def add(self, table: str, rows: int, seconds: float, copy_seconds: float) -> None:
        self.rows[table] = self.rows.get(table, 0) + rows
        self.seconds[table] = self.seconds.get(table, 0.0) + seconds
        self.copy_seconds[table] = self.copy_seconds.get(table, 0.0) + copy_seconds

    def report(self, table: str) -> None:
        rows, seconds = self.rows.get(table, 0), self.seconds.get(table, 0.0)
        self.say(
            f"  {table}: {rows:,} rows in {seconds:.1f} s ({rows / max(seconds, 1e-9):,.0f} rows/s; "
            f"COPY {self.copy_seconds.get(table, 0.0):.1f} s)"
        )


def copy_into(
    cursor: Any, table: str, columns: Sequence[str], payload: bytes, *, binary: bool = False
) -> float:
    """COPY one pre-formatted block into table; returns the seconds it took."""
    started = time.perf_counter()
    options = " (FORMAT BINARY)" if binary else ""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN{options}") as copy:
        copy.write(payload)
    return time.perf_counter() - started


def reserve_ids(
    models_and_counts: Sequence[tuple[type[models.Model], int]],
) -> dict[type[models.Model], np.ndarray]:
    """Take a block of consecutive primary keys from each table's identity sequence.

    The tables are locked (SHARE ROW EXCLUSIVE, which only writers wait for) while the sequences jump,
    so no concurrent INSERT can draw a value from inside a block; the lock ends with this short
    transaction, not with the long load, and a failed load leaves only a gap in the sequence.
    """
    blocks = {}
    with transaction.atomic(), connection.cursor() as cursor:
        tables = ", ".join(model._meta.db_table for model, _count in models_and_counts)
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        for model, count in models_and_counts:
            if count == 0:
                blocks[model] = np.empty(0, dtype=np.int64)
                continue
            cursor.execute(
                "SELECT setval(seq::regclass, nextval(seq::regclass) + %s - 1) FROM pg_get_serial_sequence(%s, %s) AS seq",
                [count, model._meta.db_table, model._meta.pk.column],
            )
            last = cursor.fetchone()[0]
            blocks[model] = np.arange(last - count + 1, last + 1, dtype=np.int64)
    return blocks


# -- deleting a previous load -----------------------------------------------------------------------------


class _SqlDeleter:
    """Deletes rows and everything Django would cascade to, set-wise in SQL rather than row by row.

    Follows each model's reverse foreign keys as Django's collector would: CASCADE deletes the
    referencing rows (first materialising their ids only when they are referenced in turn),
    SET_NULL clears the reference, PROTECT and RESTRICT refuse when any row refers.
    """

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.temp_tables: list[str] = []
        self.deleted: dict[str, int] = {}

    def delete(self, model: type[models.Model], where: str, params: list[Any]) -> None:
        ids = self._materialise(f"SELECT id FROM {model._meta.db_table} WHERE {where}", params)
        self._delete_ids(model, ids)

    def drop_temp_tables(self) -> None:
        """Drop the id lists now: a caller's outer transaction (a test's) may delete again before COMMIT."""
        for name in self.temp_tables:
            self.cursor.execute(f"DROP TABLE IF EXISTS {name}")
        self.temp_tables.clear()

    def _materialise(self, query: str, params: list[Any] | None = None) -> str:
        name = f"_bench_delete_{id(self)}_{len(self.temp_tables)}"
        self.cursor.execute(f"CREATE TEMP TABLE {name} ON COMMIT DROP AS {query}", params)
        self.cursor.execute(
            f"ANALYZE {name}"
        )  # the planner then hashes the list instead of guessing its size
        self.temp_tables.append(name)
        return name

    def _delete_ids(self, model: type[models.Model], ids: str) -> None:
        table, pk = model._meta.db_table, model._meta.pk.column
        subquery = f"SELECT id FROM {ids}"
        for relation in model._meta.related_objects:
            if relation.many_to_many:  # the through model's own foreign key is visited instead
                continue
            child, column = relation.related_model, relation.field.column
            child_table = child._meta.db_table
            on_delete = relation.on_delete
            if on_delete is models.CASCADE:
                if self._is_referenced(child):
                    child_ids = self._materialise(
                        f"SELECT id FROM {child_table} WHERE {column} IN ({subquery})"
                    )
                    self._delete_ids(child, child_ids)
                else:
                    self.cursor.execute(f"DELETE FROM {child_table} WHERE {column} IN ({subquery})")
                    self.deleted[child_table] = self.deleted.get(child_table, 0) + self.cursor.rowcount
            elif on_delete is models.SET_NULL:
                self.cursor.execute(
                    f"UPDATE {child_table} SET {column} = NULL WHERE {column} IN ({subquery})"
                )
            elif on_delete is models.DO_NOTHING:
                continue
            else:
                self.cursor.execute(f"SELECT count(*) FROM {child_table} WHERE {column} IN ({subquery})")
                blocking = self.cursor.fetchone()[0]
                if blocking:
                    raise CommandError(
                        f"Cannot replace the benchmark rows: {blocking:,} rows of {child_table} still refer to "
                        f"{table} ({getattr(on_delete, '__name__', on_delete)}); delete them first."
                    )
        self.cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({subquery})")
        self.deleted[table] = self.deleted.get(table, 0) + self.cursor.rowcount

    @staticmethod
    def _is_referenced(model: type[models.Model]) -> bool:
        return any(not r.many_to_many for r in model._meta.related_objects)


def existing_bench_rows(keys: BenchKeys) -> dict[str, bool]:
    """Which top-level tables already hold this seed's rows in the city."""
    found = {}
    with connection.cursor() as cursor:
        for model, (where, params) in keys.filters().items():
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {model._meta.db_table} WHERE {where})", params)
            found[model._meta.db_table] = bool(cursor.fetchone()[0])
    return found


def delete_bench_rows(keys: BenchKeys, progress: Progress) -> dict[str, int]:
    """Delete one seed's benchmark rows in the city, children first; runs inside the caller's transaction."""
    started = time.perf_counter()
    filters = keys.filters()
    with connection.cursor() as cursor:
        deleter = _SqlDeleter(cursor)
        # Workers and vacancies go before the enterprises and agencies they point at.
        for model in (WorkerProfile, Vacancy, Enterprise, Agency):
            where, params = filters[model]
            deleter.delete(model, where, params)
        deleter.drop_temp_tables()
    progress.say(
        f"deleted the previous seed-{keys.seed} rows in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{table} {count:,}" for table, count in deleter.deleted.items() if count)
    )
    return deleter.deleted


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
        contract = np.clip(rng.lognormal(np.log(180), 1.1, n), 10, 30_000).astype(np.int64)
        # Dispatched ≤ contract ÷ 9 keeps the 10% cap; a third use no dispatch, ~8% are over it.
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

        # Each enterprise is served by one to three agencies; the first can place dispatched workers.
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

    # -- vacancies ----------------------------------------------------------------------------------------
    def vacancies(self, ids: np.ndarray, built: _Built) -> None:
        ref, traits = self.ref, self.traits
        for chunk, start in enumerate(range(0, len(ids), self.chunk_rows)):
            rng = self.rng("vacancies", chunk)
            chunk_ids = ids[start : start + self.chunk_rows]
            n = len(chunk_ids)
            enterprise = rng.choice(len(built.enterprise_ids), size=n, p=built.enterprise_weight)
            occupation = pick_occupations(traits, rng, n, engineering_share=0.08)
            prefix = np.array(TITLE_PREFIXES)[rng.integers(0, len(TITLE_PREFIXES), n)]
            titles = [
                (p + ref.occupation_names[o])[:80]
                for p, o in zip(prefix.tolist(), occupation.tolist(), strict=True)
            ]
            # Most openings are for one to three people; one in twenty is a line's worth.
            headcount = np.minimum(
                rng.geometric(0.35, n) + (rng.random(n) < 0.05) * rng.integers(5, 60, n), 500
            )
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
                "external_ref": [
                    f"bench:{self.keys.seed}:{ref.city_code}:{i}" for i in range(start, start + n)
                ],
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
            self.timed_copy(
                Vacancy._meta.db_table, list(columns), lambda c=columns: copy_text(list(c.values())), n
            )

            # Required skills from the occupation's required links, a few preferred ones beside them.
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
                lambda c=skill_columns: copy_text(c),
                len(owner),
            )
            self.progress.seconds[VacancySkill._meta.db_table] += generation
        self.progress.report(Vacancy._meta.db_table)
        self.progress.report(VacancySkill._meta.db_table)

    # -- workers ------------------------------------------------------------------------------------------
    def workers(self, ids: np.ndarray, agency_ids: np.ndarray) -> None:
        ref, traits, seed = self.ref, self.traits, self.keys.seed
        # Mobiles are drawn once for the whole city: distinct numbers across every chunk.
        mobile_rng = self.rng("mobiles")
        drawn = mobile_rng.choice(len(MOBILE_PREFIXES) * 100_000_000, size=len(ids), replace=False)
        mobiles = MOBILE_PREFIXES[drawn // 100_000_000] * 100_000_000 + drawn % 100_000_000
        surnames, given = np.array(SURNAMES), np.array(GIVEN)
        surname_weight = 1.0 / (np.arange(len(SURNAMES)) + 3.0)
        surname_weight /= surname_weight.sum()
        hometowns = np.array([ref.province, *HOMETOWNS])
        hometown_weight = np.array([0.45] + [0.55 / len(HOMETOWNS)] * len(HOMETOWNS))
        started_all = time.perf_counter()
        for chunk, start in enumerate(range(0, len(ids), self.chunk_rows)):
            rng = self.rng("workers", chunk)
            chunk_ids = ids[start : start + self.chunk_rows]
            n = len(chunk_ids)
            names = np.char.add(
                np.char.add(
                    surnames[rng.choice(len(SURNAMES), size=n, p=surname_weight)],
                    given[rng.integers(0, len(GIVEN), n)],
                ),
                np.where(rng.random(n) < 0.65, given[rng.integers(0, len(GIVEN), n)], ""),
            )
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
            shift_bits = np.array([SHIFT_BITS[s] for s in SHIFTS])
            shift_mask = (rng.random((n, len(SHIFTS))) < [0.9, 0.5, 0.3, 0.15, 0.3]) @ shift_bits
            shift_mask = np.where(
                rng.random(n) < 0.3, 0, np.where(shift_mask == 0, SHIFT_BITS["day"], shift_mask)
            )
            form_mask = (rng.random((n, len(FORMS))) < [0.95, 0.45, 0.25, 0.10, 0.08, 0.05]) @ FORM_BIT_VALUES
            form_mask = np.where(form_mask == 0, FORM_BITS["direct"], form_mask)
            lowest_form = np.log2(form_mask & -form_mask).astype(np.int64)
            preferred = np.where((form_mask & FORM_BITS["direct"]) & (rng.random(n) < 0.85), 0, lowest_form)
            certificate = rng.choice(7, size=n, p=[0.55, 0.03, 0.17, 0.15, 0.07, 0.025, 0.005])
            managed = rng.random(n) < 0.65
            district_ids = ref.district_ids[district]
            hometown = hometowns[rng.choice(len(hometowns), size=n, p=hometown_weight)].tolist()
            columns = {
                "id": text(chunk_ids),
                "external_ref": [f"bench:{seed}:{i}" for i in range(start, start + n)],
                "full_name": names.tolist(),
                "mobile": text(mobiles[start : start + n]),
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
                    np.array([5, 10, 15, 20, 30, 50])[
                        rng.choice(6, size=n, p=[0.1, 0.25, 0.3, 0.2, 0.1, 0.05])
                    ]
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
                WorkerProfile._meta.db_table, list(columns), lambda c=columns: copy_text(list(c.values())), n
            )

            # Skills of the worker's own occupation; a fifth also picked up one or two of a second trade's.
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
            level = np.clip(
                ref.links.level[row] - 1 + experience_bonus + rng.integers(-1, 2, len(owner)), 1, 5
            )
            generation = time.perf_counter() - generation_started
            self.timed_copy(
                WorkerSkill._meta.db_table,
                ["worker_id", "skill_id", "level"],
                lambda o=owner, s=skill, lv=level, c=chunk_ids: copy_worker_skills_binary(c[o], s, lv),
                len(owner),
                binary=True,
            )
            self.progress.seconds[WorkerSkill._meta.db_table] += generation
            done = start + n
            elapsed = time.perf_counter() - started_all
            self.progress.say(
                f"  workers {done:,}/{len(ids):,} ({done / elapsed:,.0f} workers/s with their skills)"
            )
        self.progress.report(WorkerProfile._meta.db_table)
        self.progress.report(WorkerSkill._meta.db_table)


def build_benchmark_city(
    *,
    city_code: str,
    workers: int,
    vacancies: int,
    seed: int,
    stdout: IO[str] | None,
    replace: bool = False,
    enterprises: int | None = None,
    agencies: int | None = None,
    chunk_rows: int = CHUNK_ROWS,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Bulk-load one seed's benchmark city in a single transaction and ANALYZE the tables it wrote.

    Enterprises default to one per 20 vacancies and agencies to one per 3,300 workers (a few hundred
    for a million). `now` fixes the dates (published_at, start dates…) so two runs can be compared
    row for row. Returns the rows written, the seconds per table and in total.
    """
    if connection.vendor != "postgresql":
        raise CommandError(
            "seed_benchmark_city bulk-loads with PostgreSQL COPY and runs only on PostgreSQL: "
            "set DATABASE_URL=postgres://… (it is not available on SQLite)."
        )
    if not 0 <= seed <= MAX_SEED:
        raise CommandError(
            f"The seed must be between 0 and {MAX_SEED} (it is written into the credit codes)."
        )
    if workers < 1 or vacancies < 1:
        raise CommandError("A benchmark city needs at least one worker and one vacancy.")
    n_enterprises = enterprises if enterprises is not None else max(5, round(vacancies / 20))
    n_agencies = agencies if agencies is not None else max(3, round(workers / 3_300))
    if n_enterprises > len(ALPHABET) ** 5 or n_agencies > len(ALPHABET) ** 5:
        raise CommandError("Too many enterprises or agencies for the credit-code serial.")
    city = PilotCity.objects.filter(code=city_code).first()
    if city is None:
        raise CommandError(f"No pilot city {city_code}: run `manage.py load_reference` first.")
    progress = Progress(stdout)
    keys = BenchKeys(city_id=city.id, city_code=city.code, seed=seed)
    found = existing_bench_rows(keys)
    if any(found.values()) and not replace:
        tables = ", ".join(table for table, present in found.items() if present)
        raise CommandError(
            f"{city.name_zh} ({city.code}) already holds seed-{seed} benchmark rows ({tables}). "
            "Run again with --replace to delete them first, or choose another seed."
        )
    ref = load_city_reference(city)
    now = now or timezone.now()
    started = time.perf_counter()
    progress.say(
        f"Benchmark city {city.name_zh} ({city.code}), seed {seed}: {workers:,} workers, {vacancies:,} vacancies, "
        f"{n_enterprises:,} enterprises, {n_agencies:,} agencies; {len(ref.occupation_ids)} occupations with "
        f"{len(ref.links.skill):,} skill links."
    )
    ids = reserve_ids(
        [(Agency, n_agencies), (Enterprise, n_enterprises), (Vacancy, vacancies), (WorkerProfile, workers)]
    )
    deleted: dict[str, int] = {}
    builder = BenchmarkCity(
        ref,
        keys,
        workers=workers,
        vacancies=vacancies,
        enterprises=n_enterprises,
        agencies=n_agencies,
        chunk_rows=chunk_rows,
        now=now,
        progress=progress,
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Check foreign keys row by row as COPY goes (Django declares them DEFERRABLE INITIALLY DEFERRED):
            # millions of queued checks would otherwise pile up in memory and all run at COMMIT.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL synchronous_commit = off")
        if any(found.values()):
            deleted = delete_bench_rows(keys, progress)
        agency_ids, licensed = builder.agencies(ids[Agency])
        built = builder.enterprises(ids[Enterprise], agency_ids, licensed)
        builder.vacancies(ids[Vacancy], built)
        builder.workers(ids[WorkerProfile], agency_ids)
        commit_started = time.perf_counter()
    commit_seconds = time.perf_counter() - commit_started
    analyze_started = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (Agency, Enterprise, AgencyClient, Vacancy, VacancySkill, WorkerProfile, WorkerSkill):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    analyze_seconds = time.perf_counter() - analyze_started
    total = time.perf_counter() - started
    progress.say(f"commit {commit_seconds:.1f} s, ANALYZE {analyze_seconds:.1f} s; total {total:.1f} s")
    return {
        "city": city.code,
        "seed": seed,
        "rows": dict(progress.rows),
        "seconds": {table: round(s, 2) for table, s in progress.seconds.items()},
        "copy_seconds": {table: round(s, 2) for table, s in progress.copy_seconds.items()},
        "deleted": deleted,
        "commit_seconds": round(commit_seconds, 2),
        "analyze_seconds": round(analyze_seconds, 2),
        "total_seconds": round(total, 2),
    }
