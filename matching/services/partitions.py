"""Match rows partitioned by run on PostgreSQL: one partition per run, so pruning a run drops a table.

Deleting a run's 12.7 million rows left the space behind (autovacuum does not free it before the next
night's COPY), and the match table grew by a run's size every night. With LIST partitioning on
`run_id`, a run's rows live in `matching_match_run_<id>`, created when the run starts; a pruned run's
partition is dropped. Rows of a run without a partition of its own (rows written through the ORM
before one existed) land in `matching_match_default`. SQLite keeps a plain table.

A run's table is loaded detached: created standalone when the run starts (the parent's columns,
defaults and checks, plus CHECK (run_id = N)), so the chunks' COPY maintains no index. Publishing
builds the parent's indexes on it in one sorted pass each and attaches it; PostgreSQL adopts those
indexes instead of building its own, and the CHECK proves the partition bound, so the attach scans
nothing. Until then the run's rows are invisible through the parent (readers use the current run).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection

from matching.models import Match

PARENT = Match._meta.db_table
DEFAULT_PARTITION = f"{PARENT}_default"


def partition_name(run_id: int) -> str:
    """The table holding one run's match rows."""
    return f"{PARENT}_run_{int(run_id)}"


def is_partitioned() -> bool:
    """True when the match table is a partitioned PostgreSQL table (after migration 0006)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s))", [PARENT]
        )
        return bool(cursor.fetchone()[0])


def match_partition_create(*, run_id: int) -> bool:
    """Create a run's table, detached and without indexes, if the match table is partitioned and the
    run has none yet; True when created. ``match_partition_attach`` makes it the run's partition."""
    if not is_partitioned():
        return False
    name = partition_name(run_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        if cursor.fetchone()[0]:
            return False
        cursor.execute(
            f'CREATE TABLE "{name}" (LIKE "{PARENT}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS, '
            f'CONSTRAINT "{name}_run_check" CHECK (run_id = {int(run_id)}))'
        )
    return True


# Sorting a run's 12.7 M rows for an index build: 64 MB (the default) spills to disk in many runs.
INDEX_BUILD_MEMORY = "256MB"


def _index_statements(name: str) -> list[str]:
    """The parent's indexes, as statements building the same ones on the table ``name``: constraint
    indexes as constraints (an attach adopts a primary key only from a constraint), the others as they are."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('p', 'u') ORDER BY conname",
            [PARENT],
        )
        statements = [
            f'ALTER TABLE "{name}" ADD CONSTRAINT "{name}_{conname}" {definition}'
            for conname, definition in cursor.fetchall()
        ]
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
            "JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) ORDER BY c.relname",
            [PARENT],
        )
        for index, definition in cursor.fetchall():
            head, _on, tail = re.split(r" (ON ONLY \S+) ", definition, maxsplit=1)
            kind = head.rsplit(" ", 1)[0]  # CREATE [UNIQUE] INDEX
            statements.append(f'{kind} "{name}_{index}" ON "{name}" {tail}')
    return statements


def match_partition_attach(*, run_id: int) -> bool:
    """Build the parent's indexes on a run's detached table and attach it as the run's partition (in
    the caller's transaction); False when there is nothing to attach (unpartitioned, or attached)."""
    if not is_partitioned():
        return False
    name = partition_name(run_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relispartition FROM pg_class WHERE oid = to_regclass(%s)", [name])
        row = cursor.fetchone()
        if row is None or row[0]:
            return False
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [INDEX_BUILD_MEMORY])
        for statement in _index_statements(name):
            cursor.execute(statement)
        cursor.execute(f'ALTER TABLE "{PARENT}" ATTACH PARTITION "{name}" FOR VALUES IN ({int(run_id)})')
    return True


def match_table(run_id: int) -> str:
    """Where a run's rows are written: its own partition when it has one (COPY skips routing), else the table."""
    if connection.vendor == "postgresql":
        name = partition_name(run_id)
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
            if cursor.fetchone()[0]:
                return name
    return PARENT


def match_rows_drop(*, run_ids: Iterable[int]) -> None:
    """Remove runs' match rows: drop their partitions (milliseconds), delete what sits elsewhere."""
    run_ids = [int(run_id) for run_id in run_ids]
    if not run_ids:
        return
    if not is_partitioned():
        for direction in Match.Direction.values:  # each delete walks its own partial index
            Match.objects.filter(run_id__in=run_ids, direction=direction).delete()
        return
    with connection.cursor() as cursor:
        for run_id in run_ids:
            cursor.execute(f'DROP TABLE IF EXISTS "{partition_name(run_id)}"')
        cursor.execute(
            f'DELETE FROM "{DEFAULT_PARTITION}" WHERE run_id IN ({", ".join(["%s"] * len(run_ids))})', run_ids
        )


def match_rows_analyze(run_id: int) -> None:
    """Fresh planner statistics for a run's rows (its partition, or the whole table when unpartitioned)."""
    if connection.vendor != "postgresql":
        return
    table = match_table(run_id)
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{table}"')
