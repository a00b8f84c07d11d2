"""Reading query columns straight into numpy arrays, without building model objects.

On PostgreSQL the query is streamed with `COPY (…) TO STDOUT (FORMAT BINARY)`: every column is cast to
a fixed-width type and coalesced to a non-null value, so each row has the same byte layout and the whole
stream is read by one `np.frombuffer` with a structured dtype. Elsewhere (SQLite) `values_list` rows are
transposed with `np.fromiter`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BigIntegerField, BooleanField, DateField, Field, FloatField, QuerySet, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Cast, Coalesce

PG_BINARY_HEADER = 19  # signature (11) + flags (4) + header extension length (4)
PG_EPOCH_DAYS = 10957  # days from 1970-01-01 to PostgreSQL's 2000-01-01
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Column:
    """One column to read: an expression, the kind it is read as, and its null replacement."""

    expression: Expression | str
    kind: str  # "int", "float", "bool" or "date" (days since 1970-01-01)
    default: object = 0


SQL_TYPES: dict[str, Field[Any, Any]] = {
    "int": BigIntegerField(),
    "float": FloatField(),
    "bool": BooleanField(),
    "date": DateField(),
}
WIRE_DTYPES = {"int": ">i8", "float": ">f8", "bool": "?", "date": ">i4"}
OUT_DTYPES = {"int": np.int64, "float": np.float64, "bool": np.bool_, "date": np.int32}


def _annotated(queryset: QuerySet, columns: dict[str, Column]) -> QuerySet:
    annotations = {}
    for name, column in columns.items():
        expression = column.expression
        default = column.default
        if column.kind == "date" and isinstance(default, int):
            default = EPOCH + dt.timedelta(days=default)
        annotations[f"col_{name}"] = Coalesce(
            Cast(expression, SQL_TYPES[column.kind]), Value(default, output_field=SQL_TYPES[column.kind])
        )
    return queryset.annotate(**annotations).values_list(*annotations).order_by()


def read_columns(queryset: QuerySet, columns: dict[str, Column]) -> dict[str, np.ndarray]:
    """Evaluate `queryset` once and return each named column as a 1-D array (dates as int32 days)."""
    rows = _annotated(queryset, columns)
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        return _read_binary_copy(rows, columns, connection)
    return _read_values(rows, columns)


def _read_values(rows: QuerySet, columns: dict[str, Column]) -> dict[str, np.ndarray]:
    data = list(rows)
    out: dict[str, np.ndarray] = {}
    for position, (name, column) in enumerate(columns.items()):
        if column.kind == "date":
            values = np.array([row[position] for row in data], dtype="datetime64[D]")
            out[name] = values.astype(np.int64).astype(np.int32)
        else:
            out[name] = np.fromiter(
                (row[position] for row in data), dtype=OUT_DTYPES[column.kind], count=len(data)
            )
    return out


def _read_binary_copy(rows: QuerySet, columns: dict[str, Column], connection) -> dict[str, np.ndarray]:
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. `pk__in=[]`: Django compiles no SQL for a query that matches nothing
        return {name: np.empty(0, dtype=OUT_DTYPES[column.kind]) for name, column in columns.items()}
    buffer = bytearray()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY ({sql}) TO STDOUT (FORMAT BINARY)", params) as copy:
            for block in copy:
                buffer += block
    fields = [("count", ">i2")]
    for position, column in enumerate(columns.values()):
        fields += [(f"len{position}", ">i4"), (f"val{position}", WIRE_DTYPES[column.kind])]
    dtype = np.dtype(fields)
    body = memoryview(buffer)[PG_BINARY_HEADER : len(buffer) - 2]  # the trailer is a count of -1
    if len(body) % dtype.itemsize:
        raise ValueError("COPY rows are not of fixed width: a column is null or of an unexpected type")
    records = np.frombuffer(body, dtype=dtype)
    out: dict[str, np.ndarray] = {}
    for position, (name, column) in enumerate(columns.items()):
        values: np.ndarray = records[f"val{position}"].astype(OUT_DTYPES[column.kind])
        if column.kind == "date":
            values = values + PG_EPOCH_DAYS
        out[name] = values
    return out
