"""Permission-matrix rows of a worker's own records and marks: certificates and work history (the
worker and their agency edit them), saved jobs and "not interested" (the worker's own). Added to MATRIX
by test_permission_matrix.py (kept here so that module stays under the size limit)."""

from __future__ import annotations

from tests.api.matrix import Cell, pk

#            anon wkr  agA  agB  facX facY city min  admin
WORKER_RECORD_AND_MARK_CELLS: list[Cell] = [
    Cell("GET", "/api/v1/workers/{id}/certificates/", "401 404 404 200 403 403 403 403 200", pk("worker_b")),
    Cell(
        "POST",
        "/api/v1/workers/{id}/certificates/",
        "401 404 404 201 403 403 403 403 201",
        pk("worker_b"),
        body=lambda w: {
            "occupation": w["welder"].code,
            "level": 3,
            "issuer": "苏州",
            "number": "N-9",
            "issued_on": "2024-01-01",
        },
    ),
    Cell(
        "DELETE",
        "/api/v1/workers/{id}/certificates/{certificate_id}/",
        "401 404 404 204 403 403 403 403 204",
        lambda w: {"id": w["worker_b"].pk, "certificate_id": w["certificate_b"].pk},
    ),
    Cell(
        "DELETE",
        "/api/v1/workers/{id}/certificates/{certificate_id}/",
        "401 204 204 404 403 403 403 403 204",
        lambda w: {"id": w["worker_a"].pk, "certificate_id": w["certificate_a"].pk},
    ),
    Cell(
        "PATCH",
        "/api/v1/workers/{id}/certificates/{certificate_id}/",
        "401 404 404 200 403 403 403 403 200",
        lambda w: {"id": w["worker_b"].pk, "certificate_id": w["certificate_b"].pk},
        body=lambda w: {"level": 4},
    ),
    Cell(
        "PATCH",
        "/api/v1/workers/{id}/certificates/{certificate_id}/",
        "401 200 200 404 403 403 403 403 200",
        lambda w: {"id": w["worker_a"].pk, "certificate_id": w["certificate_a"].pk},
        body=lambda w: {"issuer": "宁波市职业技能鉴定中心"},
    ),
    Cell(
        "PATCH",
        "/api/v1/workers/{id}/certificates/{certificate_id}/",
        "401 400 400 404 403 403 403 403 400",
        lambda w: {"id": w["worker_a"].pk, "certificate_id": w["certificate_a"].pk},
        body=lambda w: {"issued_on": "2999-01-01"},
    ),
    Cell("GET", "/api/v1/workers/{id}/work-history/", "401 404 404 200 403 403 403 403 200", pk("worker_b")),
    Cell(
        "POST",
        "/api/v1/workers/{id}/work-history/",
        "401 404 404 201 403 403 403 403 201",
        pk("worker_b"),
        body=lambda w: {"employer_name": "某厂", "job_title": "焊工", "started_on": "2019-01-01"},
    ),
    Cell(
        "DELETE",
        "/api/v1/workers/{id}/work-history/{entry_id}/",
        "401 404 404 204 403 403 403 403 204",
        lambda w: {"id": w["worker_b"].pk, "entry_id": w["history_b"].pk},
    ),
    Cell(
        "PATCH",
        "/api/v1/workers/{id}/work-history/{entry_id}/",
        "401 404 404 200 403 403 403 403 200",
        lambda w: {"id": w["worker_b"].pk, "entry_id": w["history_b"].pk},
        body=lambda w: {"job_title": "电焊工"},
    ),
    Cell(
        "PATCH",
        "/api/v1/workers/{id}/work-history/{entry_id}/",
        "401 200 200 404 403 403 403 403 200",
        lambda w: {"id": w["worker_a"].pk, "entry_id": w["history_a"].pk},
        body=lambda w: {"job_title": "焊工班长"},
    ),
    Cell(
        "PATCH",
        "/api/v1/workers/{id}/work-history/{entry_id}/",
        "401 400 400 404 403 403 403 403 400",
        lambda w: {"id": w["worker_a"].pk, "entry_id": w["history_a"].pk},
        body=lambda w: {"started_on": "2020-05-01", "ended_on": "2019-01-01"},
    ),
    # A worker's saved jobs and "not interested" marks: their own only.
    Cell("GET", "/api/v1/job-marks/", "401 200 403 403 403 403 403 403 403"),
    Cell(
        "POST",
        "/api/v1/job-marks/",
        "401 201 403 403 403 403 403 403 403",
        body=lambda w: {"vacancy": w["open_y"].pk, "kind": "saved"},
    ),
    Cell(
        "POST",
        "/api/v1/job-marks/",
        "401 400 403 403 403 403 403 403 403",
        body=lambda w: {"vacancy": w["open_x"].pk, "kind": "not_interested"},  # the worker applied to it
    ),
    Cell("DELETE", "/api/v1/job-marks/{id}/", "401 204 403 403 403 403 403 403 403", pk("mark_a")),
    Cell("DELETE", "/api/v1/job-marks/{id}/", "401 404 403 403 403 403 403 403 403", pk("mark_b")),
]
