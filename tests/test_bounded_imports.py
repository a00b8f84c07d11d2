"""Imports stream the file and stop at the row limit: a 1,000,000-row XLSX or a 10,000,000-row CSV is
refused after reading only the first MAX_ROWS + 1 rows, with bounded memory; error reports are capped
with a count of what they left out."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from hrmatch.api.imports import MAX_REPORTED_ERRORS
from hrmatch.tabular import MAX_ROWS, TableError, read_table
from tests import factories

# Peak resident memory a refused million-row import may reach in a fresh process (Django, openpyxl and
# numpy loaded: about 90 MB here). Parsing the whole file took 1.4 GB before streaming.
PEAK_RSS_LIMIT_MB = 250


def xlsx_bytes(rows: int) -> bytes:
    """A minimal XLSX of one numeric column with `rows` data rows below a header (built directly)."""
    body = '<row><c t="inlineStr"><is><t>姓名</t></is></c></row>' + "<row><c><v>1</v></c></row>" * rows
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def csv_bytes(rows: int) -> bytes:
    return "姓名\n".encode() + b"1\n" * rows


def test_a_small_sheet_reads_as_before(db):
    table = read_table(io.BytesIO("姓名,手机号\n王五,13811112222\n\n赵六,123\n".encode()), name="a.csv")
    assert table.header == ["姓名", "手机号"]
    assert len(table.rows) == 2
    assert list(table.rows) == [
        (2, {"姓名": "王五", "手机号": "13811112222"}),
        (4, {"姓名": "赵六", "手机号": "123"}),
    ]
    assert list(table.rows) == list(table.rows)  # rows can be read again
    table = read_table(io.BytesIO("姓名\n王五\n".encode("gb18030")), name="a.csv")
    assert list(table.rows) == [(2, {"姓名": "王五"})]
    table = read_table(io.BytesIO(xlsx_bytes(3)), name="a.xlsx")
    assert [row for _n, row in table.rows] == [{"姓名": "1"}] * 3


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_file_past_the_row_limit_is_refused(kind):
    raw = xlsx_bytes(MAX_ROWS + 1) if kind == "xlsx" else csv_bytes(MAX_ROWS + 1)
    with pytest.raises(TableError, match="more than"):
        read_table(io.BytesIO(raw), name=f"big.{kind}")


PROBE = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from hrmatch.tabular import TableError, read_table
    started = time.perf_counter()
    try:
        read_table(sys.argv[1])
        outcome = "read"
    except TableError as exc:
        outcome = str(exc)
    seconds = time.perf_counter() - started
    # VmHWM: this process's own peak (ru_maxrss would carry the forking parent's peak across exec).
    status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line)
    print(outcome, "|", int(status["VmHWM"].split()[0]) // 1024, "|", round(seconds, 2))
    """
)


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "rows"), [("xlsx", 1_000_000), ("csv", 10_000_000)])
def test_a_huge_import_is_refused_with_bounded_memory(tmp_path: Path, kind: str, rows: int):
    path = tmp_path / f"huge.{kind}"
    path.write_bytes(xlsx_bytes(rows) if kind == "xlsx" else csv_bytes(rows))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hrmatch.settings"},
        cwd=settings.BASE_DIR,
        check=True,
    )
    outcome, peak_mb, seconds = (
        part.strip() for part in result.stdout.strip().rsplit("\n", 1)[-1].split("|")
    )
    print(
        f"{kind} {rows:,} rows ({path.stat().st_size:,} bytes): {outcome}; peak RSS {peak_mb} MB, {seconds} s"
    )
    assert str(MAX_ROWS) in outcome
    assert int(peak_mb) < PEAK_RSS_LIMIT_MB


@pytest.mark.slow
def test_the_api_refuses_a_million_row_xlsx_in_the_error_shape(db):
    membership = factories.AgencyMembershipFactory(user__username="agency")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(membership.user)
    upload = SimpleUploadedFile("huge.xlsx", xlsx_bytes(1_000_000))
    response = client.post("/api/v1/workers/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert str(MAX_ROWS) in body["errors"]["file"][0]


def test_an_import_with_many_bad_rows_lists_the_first_problems_and_counts_the_rest(db):
    membership = factories.AgencyMembershipFactory(user__username="agency")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(membership.user)
    bad = "姓名,手机号,出生年份\n" + "王五,123,1990\n" * 1000
    upload = SimpleUploadedFile("bad.csv", bad.encode())
    response = client.post("/api/v1/workers/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert len([key for key in errors if key != "rows.omitted"]) <= MAX_REPORTED_ERRORS
    assert str(1000 * 1 - MAX_REPORTED_ERRORS) in errors["rows.omitted"][0]
    assert "1000" in response.json()["detail"]
    upload = SimpleUploadedFile("bad.csv", bad.encode())
    response = client.post(
        "/api/v1/workers/import/", {"file": upload, "valid_rows_only": "true"}, format="multipart"
    )
    report = response.json()
    assert len(report["errors"]) == MAX_REPORTED_ERRORS
    assert report["errors_omitted"] >= 1000 - MAX_REPORTED_ERRORS
