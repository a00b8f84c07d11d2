"""The agency's worker pool: search and filters, registering and editing workers, spreadsheet import
(checked first, then confirmed) and export. Profiles are talent's; these pages are the agency's room."""

from __future__ import annotations

import tempfile
import uuid
from io import BytesIO
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.activity import worker_activity_page
from agencies.forms import WorkerNoteForm
from agencies.views import staff_agency
from hrmatch.access import EXPORT, log_access
from hrmatch.actors import Role
from hrmatch.pages import actor_of, csv_response, paginate, role_required, xlsx_response
from hrmatch.tabular import TableError, read_table
from talent import services as worker_services
from talent.filtersets import WorkerFilterSet
from talent.forms import ImportUploadForm, PoolWorkerForm, attach_errors, skill_rows
from talent.imports import import_workers, template_rows
from talent.models import WorkerDuplicate, WorkerProfile
from talent.record_pages import record_delete, record_edit, records_context
from talent.selectors import worker_list, worker_manageable_list


def _pool_filterset(request: HttpRequest) -> WorkerFilterSet:
    actor = actor_of(request)
    queryset = worker_list(actor=actor)
    return WorkerFilterSet(request.GET or None, queryset=queryset)


@role_required(Role.AGENCY)
@require_GET
def worker_list_view(request: HttpRequest) -> HttpResponse:
    """The agency's pool: search, filters, duplicate warnings, a page at a time."""
    filterset = _pool_filterset(request)
    rows = filterset.qs
    if not request.GET.get("ordering"):
        rows = rows.order_by("-updated_at", "id")
    page = paginate(request, rows)
    flagged = set(
        WorkerDuplicate.objects.filter(worker__in=[w.pk for w in page], resolved_at__isnull=True).values_list(
            "worker_id", flat=True
        )
    )
    log_access(request, what=_("Worker pool"), worker_ids=[w.pk for w in page])
    return render(
        request, "agencies/worker_list.html", {"filter": filterset, "page": page, "flagged": flagged}
    )


@role_required(Role.AGENCY)
def worker_create(request: HttpRequest) -> HttpResponse:
    """Register a worker in the agency's pool; possible duplicates are flagged, never merged."""
    agency = staff_agency(request)
    form = PoolWorkerForm(request.POST or None, city=agency.city)
    skills = skill_rows(None, request.POST or None)
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        data = form.profile_data()
        data.update(
            mobile=form.cleaned_data["mobile"],
            gender=form.cleaned_data["gender"],
            birth_year=form.cleaned_data["birth_year"],
            home_city=agency.city,
            managing_agency=agency,
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )
        try:
            worker = worker_services.worker_create(
                data=data, id_number=form.cleaned_data["id_number"] or None, skills=skills.pairs()
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            _warn_duplicates(request, worker)
            messages.success(request, _("%(name)s is registered.") % {"name": worker.full_name})
            return redirect("agencies:worker-edit", pk=worker.pk)
    return render(request, "agencies/worker_form.html", {"form": form, "skills": skills, "worker": None})


def _warn_duplicates(request: HttpRequest, worker: WorkerProfile) -> None:
    flags = WorkerDuplicate.objects.filter(worker=worker, resolved_at__isnull=True).select_related(
        "duplicate_of"
    )
    for flag in flags:
        messages.warning(
            request,
            _("Possible duplicate: %(other)s (#%(id)s) — %(reason)s. Check before placing this worker.")
            % {
                "other": flag.duplicate_of.full_name,
                "id": flag.duplicate_of_id,
                "reason": flag.get_reason_display(),
            },
        )


@role_required(Role.AGENCY)
def worker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a worker of the agency's own pool (another agency's worker is a 404)."""
    worker = get_object_or_404(
        worker_manageable_list(actor=actor_of(request)).select_related("home_city", "primary_occupation"),
        pk=pk,
    )
    form = PoolWorkerForm(request.POST or None, instance=worker)
    skills = skill_rows(worker, request.POST or None)
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        data = form.profile_data()
        data.update(
            mobile=form.cleaned_data["mobile"],
            gender=form.cleaned_data["gender"],
            birth_year=form.cleaned_data["birth_year"],
        )
        try:
            worker_services.worker_profile_update(
                actor=actor_of(request),
                worker=worker,
                data=data,
                skills=skills.pairs(),
                id_number=form.cleaned_data["id_number"] or None,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            _warn_duplicates(request, worker)
            messages.success(request, _("Saved."))
            return redirect("agencies:worker-edit", pk=worker.pk)
    duplicates = WorkerDuplicate.objects.filter(worker=worker, resolved_at__isnull=True).select_related(
        "duplicate_of"
    )
    log_access(request, what=_("Worker profile"), worker_ids=[worker.pk], city_id=worker.home_city_id)
    return render(
        request,
        "agencies/worker_form.html",
        {
            "form": form,
            "skills": skills,
            "worker": worker,
            "duplicates": duplicates,
            "note_form": WorkerNoteForm(),
            "activity": worker_activity_page(actor=actor_of(request), worker=worker),
            **records_context(worker),
        },
    )


def _pool_worker(request: HttpRequest, pk: int) -> WorkerProfile:
    return get_object_or_404(worker_manageable_list(actor=actor_of(request)), pk=pk)


@role_required(Role.AGENCY)
def worker_record(request: HttpRequest, pk: int, kind: str, record_id: int | None = None) -> HttpResponse:
    """Add or correct a certificate or a job of the work history of a worker of the agency's pool."""
    back = reverse("agencies:worker-edit", args=[pk]) + "#records"
    return record_edit(request, worker=_pool_worker(request, pk), kind=kind, record_id=record_id, back=back)


@role_required(Role.AGENCY)
@require_POST
def worker_record_delete(request: HttpRequest, pk: int, kind: str, record_id: int) -> HttpResponse:
    """Remove a certificate or a job of a worker of the agency's pool."""
    back = reverse("agencies:worker-edit", args=[pk]) + "#records"
    return record_delete(request, worker=_pool_worker(request, pk), kind=kind, record_id=record_id, back=back)


EXPORT_HEADER = [
    "姓名",
    "手机号",
    "身份证号",
    "出生年份",
    "区县",
    "期望月薪",
    "通勤公里",
    "工作年限",
    "职业编码",
    "状态",
    "更新时间",
]


@role_required(Role.AGENCY)
@require_GET
def worker_export(request: HttpRequest) -> HttpResponse:
    """The filtered pool as CSV or XLSX (cells that a spreadsheet would run as formulas are escaped)."""
    rows = list(_pool_filterset(request).qs.order_by("id")[:50_000])
    log_access(
        request,
        what=_("Worker pool export"),
        worker_ids=[w.pk for w in rows],
        action=EXPORT,
        city_id=staff_agency(request).city_id,
    )
    data = (
        [
            w.full_name,
            w.mobile,
            w.id_number_masked,
            w.birth_year,
            str(w.home_district) if w.home_district else "",
            w.desired_pay or "",
            w.max_commute_km,
            w.years_experience,
            w.primary_occupation.code if w.primary_occupation else "",
            w.get_status_display(),
            timezone.localtime(w.updated_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for w in rows
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response("workers.xlsx", EXPORT_HEADER, data)
    return csv_response("workers.csv", EXPORT_HEADER, data)


@role_required(Role.AGENCY)
@require_GET
def worker_import_template(request: HttpRequest) -> HttpResponse:
    """The import template: Chinese headers (required ones marked *) and one example row."""
    header, *rows = template_rows(example=True)
    return xlsx_response("workers-template.xlsx", header, rows)


IMPORT_SESSION_KEY = "hrmatch_worker_import"


def _upload_path(token: str) -> Path:
    return Path(tempfile.gettempdir()) / f"hrmatch-import-{token}"


@role_required(Role.AGENCY)
def worker_import(request: HttpRequest) -> HttpResponse:
    """Upload a sheet: every row is checked first (dry run) and bad rows are listed with their reasons."""
    agency = staff_agency(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    report = table_error = None
    token = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            table = read_table(BytesIO(raw), name=upload.name)
            report = import_workers(table, agency=agency, city=agency.city, dry_run=True)
        except TableError as exc:
            table_error = str(exc)
        else:
            if report.ok and report.rows_read:
                token = uuid.uuid4().hex
                _upload_path(token).write_bytes(raw)
                request.session[IMPORT_SESSION_KEY] = {
                    "token": token,
                    "name": upload.name,
                    "agency": agency.pk,
                }
    return render(
        request,
        "agencies/worker_import.html",
        {"form": form, "report": report, "table_error": table_error, "token": token, "agency": agency},
    )


@role_required(Role.AGENCY)
@require_POST
def worker_import_confirm(request: HttpRequest) -> HttpResponse:
    """Write a sheet that passed its dry run (the upload is kept server-side, keyed in the session)."""
    agency = staff_agency(request)
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if not token or pending.get("token") != token or pending.get("agency") != agency.pk:
        messages.error(request, _("This upload has expired. Please upload the file again."))
        return redirect("agencies:worker-import")
    path = _upload_path(token)
    try:
        table = read_table(path, name=pending.get("name", ""))
        report = import_workers(table, agency=agency, city=agency.city, actor=actor_of(request))
    except (TableError, FileNotFoundError):
        messages.error(request, _("This upload has expired. Please upload the file again."))
        return redirect("agencies:worker-import")
    finally:
        path.unlink(missing_ok=True)
        request.session.pop(IMPORT_SESSION_KEY, None)
    if not report.ok:
        return render(
            request,
            "agencies/worker_import.html",
            {"form": ImportUploadForm(), "report": report, "agency": agency},
        )
    messages.success(
        request,
        _("Imported: %(created)s new, %(updated)s updated, %(duplicates)s possible duplicates flagged.")
        % {"created": report.created, "updated": report.updated, "duplicates": report.duplicates_flagged},
    )
    return redirect("agencies:worker-list")
