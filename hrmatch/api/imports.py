"""Bulk imports over the API: the management commands' import code, answered in the API's shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import serializers

from hrmatch.api.errors import InvalidRows
from hrmatch.tabular import ImportReport, read_table

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def run_import(
    upload: Any, importer: Callable[..., ImportReport], *, valid_rows_only: bool, dry_run: bool
) -> dict:
    """Read the upload, run `importer(table, valid_rows_only=..., dry_run=...)` and report.

    Bad rows without `valid_rows_only` answer 400 (nothing written) with one `rows.<row>.<column>`
    entry per bad cell; otherwise the report lists what was written and which rows were skipped.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise serializers.ValidationError({"file": [_("The file is larger than 20 MB.")]})
    table = read_table(upload, name=upload.name or "")
    report = importer(table, valid_rows_only=valid_rows_only, dry_run=dry_run)
    if report.errors and not valid_rows_only:
        errors: dict[str, list[str]] = {}
        for error in report.errors:
            errors.setdefault(f"rows.{error.row}.{error.column}", []).append(error.message)
        bad_rows = len({error.row for error in report.errors})
        raise InvalidRows(
            errors,
            ngettext(
                "%(count)s row is not valid; nothing was written.",
                "%(count)s rows are not valid; nothing was written.",
                bad_rows,
            )
            % {"count": bad_rows},
        )
    return {
        "rows_read": report.rows_read,
        "created": report.created,
        "updated": report.updated,
        "written": report.written,
        "valid_rows_only": valid_rows_only,
        "dry_run": dry_run,
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in report.errors],
    }
