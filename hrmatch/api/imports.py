"""Bulk imports over the API: the management commands' import code, answered in the API's shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hrmatch.api.errors import InvalidRows
from hrmatch.tabular import ImportReport, read_table

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# An answer lists at most this many bad cells and says how many more there were (150,000 bad rows made
# an 8 MB body before).
MAX_REPORTED_ERRORS = 200


class ImportInputSerializer(serializers.Serializer):
    """A CSV or XLSX upload (multipart), all rows or nothing unless `valid_rows_only`."""

    file = serializers.FileField(
        help_text=gettext_lazy("CSV (UTF-8 or GB18030) or XLSX, header in the first row")
    )
    valid_rows_only = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy("Write the valid rows even when some rows are bad (reported as such)"),
    )
    dry_run = serializers.BooleanField(
        default=False, help_text=gettext_lazy("Check every row, write nothing")
    )


class ImportRowErrorOutputSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        help_text=gettext_lazy("Row number as the sheet shows it (header is row 1)")
    )
    column = serializers.CharField()
    message = serializers.CharField()


class ImportReportOutputSerializer(serializers.Serializer):
    rows_read = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    written = serializers.BooleanField(help_text=gettext_lazy("Whether anything was written"))
    valid_rows_only = serializers.BooleanField()
    dry_run = serializers.BooleanField()
    # A field named like Serializer.errors: the report's shape predates the stubs, clients read it.
    errors = ImportRowErrorOutputSerializer(  # type: ignore[assignment]
        many=True, help_text=gettext_lazy("Bad rows (skipped when valid_rows_only); the first 200 problems")
    )
    errors_omitted = serializers.IntegerField(
        help_text=gettext_lazy("How many more problems were found but not listed")
    )


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
    listed, omitted = report.errors[:MAX_REPORTED_ERRORS], max(0, len(report.errors) - MAX_REPORTED_ERRORS)
    if report.errors and not valid_rows_only:
        errors: dict[str, list[str]] = {}
        for error in listed:
            errors.setdefault(f"rows.{error.row}.{error.column}", []).append(error.message)
        if omitted:
            errors["rows.omitted"] = [omitted_sentence(omitted)]
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
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in listed],
        "errors_omitted": omitted,
    }


def sheet_import(
    request: Request,
    input_serializer: type[ImportInputSerializer],
    importer_for: Callable[[dict[str, Any]], Callable[..., ImportReport]],
) -> Response:
    """An import API action: validate the upload's form, run the importer `importer_for(options)` chooses
    for the actor's tenants, and answer the report (bad rows: 400, see run_import)."""
    serializer = input_serializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    options = serializer.validated_data
    report = run_import(
        options["file"],
        importer_for(options),
        valid_rows_only=options["valid_rows_only"],
        dry_run=options["dry_run"],
    )
    return Response(ImportReportOutputSerializer(report).data)


def omitted_sentence(count: int) -> str:
    """Says how many problems a capped list left out."""
    return ngettext(
        "%(count)s more problem is not listed.", "%(count)s more problems are not listed.", count
    ) % {"count": count}
