"""Importing a list of related occupations (``import_taxonomy --related``): one source of the engine's
occupation relatedness, beside the classification tree and the occupations' skill profiles."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hrmatch.tabular import ImportReport, RowError, Table
from pilots.models import PilotCity
from talent.models import Occupation, RelatedOccupation

DEFAULT_STRENGTH = 0.7
COLUMNS = ("occupation_code", "related_code")


def _strength(text: str) -> float | None:
    """The strength cell: empty means DEFAULT_STRENGTH; a number in (0, 1]; None when invalid."""
    if not text:
        return DEFAULT_STRENGTH
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0.0 < value <= 1.0 else None


def related_rows(
    table: Table, *, edition: str, known_codes: set[str] | None = None
) -> tuple[list[tuple[str, str, float]], list[RowError]]:
    """Check every row: both codes name occupations of the edition (stored, or in ``known_codes`` about to
    be imported), differ, and the strength lies in (0, 1]. Returns the good rows and every bad one."""
    table.require(*COLUMNS)
    codes = set(Occupation.objects.filter(edition=edition).values_list("code", flat=True)) | (
        known_codes or set()
    )
    rows, errors = [], []
    for number, row in table.rows:
        a, b = row.get("occupation_code", ""), row.get("related_code", "")
        strength = _strength(row.get("strength", ""))
        for column, code in (("occupation_code", a), ("related_code", b)):
            if code not in codes:
                errors.append(
                    RowError(number, column, _("unknown occupation code %(code)s") % {"code": code})
                )
        if a == b and a:
            errors.append(RowError(number, "related_code", _("an occupation is not related to itself")))
        if strength is None:
            errors.append(RowError(number, "strength", _("a number above 0 and at most 1")))
        if a in codes and b in codes and a != b and strength is not None:
            rows.append((a, b, strength))
    return rows, errors


@transaction.atomic
def related_occupations_import(
    rows: list[tuple[str, str, float]], *, edition: str, city: PilotCity | None
) -> ImportReport:
    """Write checked rows for ``city`` (every city when None), updating a pair already listed."""
    ids = dict(Occupation.objects.filter(edition=edition).values_list("code", "id"))
    report = ImportReport(rows_read=len(rows))
    for a, b, strength in rows:
        _obj, created = RelatedOccupation.objects.update_or_create(
            occupation_id=ids[a], related_id=ids[b], city=city, defaults={"strength": strength}
        )
        report.created += int(created)
        report.updated += int(not created)
    report.written = True
    return report
