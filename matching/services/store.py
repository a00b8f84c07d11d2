"""Writing scored pairs as Match rows: PostgreSQL binary COPY built from arrays, bulk_create elsewhere.

The COPY payload is one structured numpy array per batch (every column fixed width), so no Python row
tuple is built: at city scale building tuples costs more than the COPY itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection

from matching.engine.arrays import FEATURES, PairSet
from matching.models import Match
from matching.services.partitions import match_table

PG_BINARY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
PG_BINARY_TRAILER = b"\xff\xff"
BATCH_ROWS = 100_000
PART_FIELDS = tuple(f"{name}_part" for name in FEATURES)
PARTS = "parts"
COPY_COLUMNS = (
    ("run_id", ">i8"),
    ("direction", "S1"),
    ("vacancy_id", ">i8"),
    ("worker_id", ">i8"),
    ("rank", ">i2"),
    ("score", ">f8"),
    *((name, ">f8") for name in PART_FIELDS),
    ("matched_required", ">i2"),
    ("required_total", ">i2"),
    ("distance_km", ">f8"),
    ("pay_fit", ">f8"),
    ("trade", ">i2"),
)
# Written only for rows whose trade names an occupation: the others are copied without the column and
# so hold NULL (binary COPY has no fixed-width NULL).
TRADE_OCCUPATION = ("trade_occupation_id", ">i8")


@dataclass(frozen=True)
class MatchRows:
    """Pairs ready to store: database ids and the engine's explanation of each score."""

    direction: str
    vacancy_ids: np.ndarray
    worker_ids: np.ndarray
    rank: np.ndarray
    score: np.ndarray
    contributions: np.ndarray  # pairs × len(FEATURES)
    matched_required: np.ndarray
    required_total: np.ndarray
    distance_km: np.ndarray
    pay_fit: np.ndarray
    trade: np.ndarray | None = None  # Match.Trade codes; None: unknown for every row
    trade_occupation_ids: np.ndarray | None = None  # Occupation ids, 0 where none

    def __len__(self) -> int:
        return int(self.vacancy_ids.shape[0])

    @classmethod
    def from_pairs(
        cls,
        direction: str,
        pairs: PairSet,
        vacancy_ids: np.ndarray,
        worker_ids: np.ndarray,
        occupation_ids: np.ndarray | None = None,
    ) -> MatchRows:
        """Map an engine PairSet's array positions to database ids (``occupation_ids``: the taxonomy
        index's, for the occupation behind each pair's trade)."""
        trade_occupation = None
        if occupation_ids is not None and len(occupation_ids):
            known = pairs.trade_occupation >= 0
            trade_occupation = np.where(known, occupation_ids[np.maximum(pairs.trade_occupation, 0)], 0)
        return cls(
            direction=direction,
            vacancy_ids=vacancy_ids[pairs.vacancy_index],
            worker_ids=worker_ids[pairs.worker_index],
            rank=pairs.rank,
            score=pairs.score,
            contributions=pairs.contributions,
            matched_required=pairs.matched_required,
            required_total=pairs.required_total,
            distance_km=pairs.distance_km,
            pay_fit=pairs.pay_fit,
            trade=pairs.trade,
            trade_occupation_ids=trade_occupation,
        )

    def trades(self) -> tuple[np.ndarray, np.ndarray]:
        """(trade code, occupation id or 0) of every row."""
        n = len(self)
        trade = self.trade if self.trade is not None else np.full(n, Match.Trade.UNKNOWN, dtype=np.int16)
        occ = self.trade_occupation_ids if self.trade_occupation_ids is not None else np.zeros(n, np.int64)
        return trade, occ


def store_matches(run_id: int, rows: MatchRows) -> int:
    """Insert the rows under a run in the current transaction; returns how many were written."""
    if not len(rows):
        return 0
    if connection.vendor == "postgresql":
        return _copy_binary(run_id, rows)
    return _bulk_create(run_id, rows)


def _copy_binary(run_id: int, rows: MatchRows) -> int:
    trade, occupation = rows.trades()
    named = occupation > 0
    for subset, columns in ((named, (*COPY_COLUMNS, TRADE_OCCUPATION)), (~named, COPY_COLUMNS)):
        if subset.any():
            _copy_columns(run_id, rows, np.flatnonzero(subset), columns, trade, occupation)
    return len(rows)


def _row_dtype(columns: tuple[tuple[str, str], ...]) -> np.dtype:
    """One binary COPY row: the field count, then (length, value) per column. The score's parts are
    one nested field (adjacent, all float8), so they are filled from the pairs × parts matrix in one
    assignment: column by column from its strided columns cost most of the payload's CPU."""
    fields: list[tuple[str, Any, Any] | tuple[str, str]] = [("count", ">i2")]
    for name, dtype in columns:
        if name == PART_FIELDS[0]:
            fields.append((PARTS, [("len", ">i4"), ("value", ">f8")], (len(PART_FIELDS),)))
        elif name not in PART_FIELDS:
            fields += [(f"len_{name}", ">i4"), (name, dtype)]
    return np.dtype(fields)


def _template(columns: tuple[tuple[str, str], ...], rows: int, run_id: int, direction: str) -> np.ndarray:
    """A batch with every field that is the same on each row filled in (counts, lengths, run, direction)."""
    block = np.empty(rows, dtype=_row_dtype(columns))
    block["count"] = len(columns)
    for name, dtype in columns:
        if name not in PART_FIELDS:
            block[f"len_{name}"] = np.dtype(dtype).itemsize
    block[PARTS]["len"] = 8
    block["run_id"] = run_id
    block["direction"] = direction.encode()
    return block


def _copy_columns(
    run_id: int,
    rows: MatchRows,
    index: np.ndarray,
    columns: tuple[tuple[str, str], ...],
    trade: np.ndarray,
    occupation: np.ndarray,
) -> None:
    """COPY the rows at ``index`` (kept in order) into ``columns``."""
    names = ", ".join(f'"{name}"' for name, _ in columns)
    sql = f"COPY {match_table(run_id)} ({names}) FROM STDIN (FORMAT BINARY)"
    # One buffer for every batch, its constant fields filled once: libpq copies a batch as it is
    # written, and a fresh 20 MB array per batch cost more in page faults than filling it.
    buffer = _template(columns, min(BATCH_ROWS, index.shape[0]), run_id, rows.direction)
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write(PG_BINARY_SIGNATURE)
        for start in range(0, index.shape[0], BATCH_ROWS):
            at = index[start : start + BATCH_ROWS]
            block = buffer[: at.shape[0]]
            block["vacancy_id"] = rows.vacancy_ids[at]
            block["worker_id"] = rows.worker_ids[at]
            block["rank"] = rows.rank[at]
            block["score"] = rows.score[at]
            block[PARTS]["value"] = rows.contributions[at]
            block["matched_required"] = rows.matched_required[at]
            block["required_total"] = rows.required_total[at]
            block["distance_km"] = rows.distance_km[at]
            block["pay_fit"] = rows.pay_fit[at]
            block["trade"] = trade[at]
            if "trade_occupation_id" in (block.dtype.names or ()):
                block["trade_occupation_id"] = occupation[at]
            copy.write(block.data.cast("B"))
        copy.write(PG_BINARY_TRAILER)


def _bulk_create(run_id: int, rows: MatchRows) -> int:
    contributions = rows.contributions.astype(float).tolist()
    trade, occupation = rows.trades()
    objects = [
        Match(
            run_id=run_id,
            direction=rows.direction,
            vacancy_id=vacancy_id,
            worker_id=worker_id,
            rank=rank,
            score=score,
            matched_required=matched,
            required_total=total,
            distance_km=distance,
            pay_fit=pay,
            trade=kind,
            trade_occupation_id=occupation_id or None,
            **dict(zip(PART_FIELDS, parts, strict=True)),
        )
        for vacancy_id, worker_id, rank, score, matched, total, distance, pay, kind, occupation_id, parts in zip(
            rows.vacancy_ids.tolist(),
            rows.worker_ids.tolist(),
            rows.rank.tolist(),
            rows.score.astype(float).tolist(),
            rows.matched_required.tolist(),
            rows.required_total.tolist(),
            rows.distance_km.astype(float).tolist(),
            rows.pay_fit.astype(float).tolist(),
            trade.tolist(),
            occupation.tolist(),
            contributions,
            strict=True,
        )
    ]
    Match.objects.bulk_create(objects, batch_size=2000)
    return len(objects)
