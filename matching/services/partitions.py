"""Match rows partitioned by run on PostgreSQL: one partition per run, so pruning a run drops a table.

Deleting a run's 12.7 million rows left the space behind (autovacuum does not free it before the next
night's COPY), and the match table grew by a run's size every night. With LIST partitioning on
`run_id`, a run's rows live in `matching_match_run_<id>`, created when the run starts; a pruned run's
partition is dropped. Rows of a run without a partition of its own (rows written through the ORM
before one existed) land in `matching_match_default`. SQLite keeps a plain table.
"""

from __future__ import annotations

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
    """Create a run's partition if the table is partitioned and it has none yet; True when created."""
    if not is_partitioned():
        return False
    name = partition_name(run_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        if cursor.fetchone()[0]:
            return False
        cursor.execute(f'CREATE TABLE "{name}" PARTITION OF "{PARENT}" FOR VALUES IN ({int(run_id)})')
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
