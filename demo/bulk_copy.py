"""Writing the benchmark city with PostgreSQL COPY: text and binary payloads built from arrays, the keys
that tell one seed's rows apart, progress reporting, id reservation, and deleting a previous load."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from django.core.management.base import CommandError
from django.db import connection, models, transaction

from agencies.models import Agency
from enterprises.credit_codes import ALPHABET, check_character
from enterprises.models import Enterprise, Vacancy
from talent.models import WorkerProfile

NULL = r"\N"
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


class Writer(Protocol):
    """Where progress goes: a file, sys.stdout or a management command's stdout."""

    def write(self, msg: str, /) -> object: ...


class Progress:
    """Rows and seconds per table, printed as it goes; the COPY's share is timed apart from generation."""

    def __init__(self, stdout: Writer | None) -> None:
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
