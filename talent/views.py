"""Worker pages: sign-up, one's own profile and privacy (consents, one's data, erasure); the agency's
worker pool with import and export."""

from __future__ import annotations

import json
import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.models import Agency
from hrmatch.actors import Role
from hrmatch.pages import actor_of, csv_response, paginate, role_required, xlsx_response
from hrmatch.tabular import TableError, read_table
from pilots.models import District
from talent import imports, services
from talent.filtersets import WorkerFilterSet
from talent.forms import (
    DeleteProfileForm,
    ImportUploadForm,
    PoolWorkerForm,
    SignupForm,
    SkillRows,
    WorkerProfileForm,
)
from talent.models import ConsentRecord, Skill, WorkerDuplicate, WorkerProfile
from talent.privacy import consent_party_exists, privacy_overview
from talent.selectors import worker_list, worker_manageable_list

# ---------------------------------------------------------------------------------------------------
# A worker's own account
# ---------------------------------------------------------------------------------------------------


def signup(request: HttpRequest) -> HttpResponse:
    """Sign up with a mobile number: creates the login and the worker profile, then signs in."""
    if request.user.is_authenticated and actor_of(request).worker_id is not None:
        return redirect("matching:recommendations")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            worker = services.worker_signup(
                mobile=data["mobile"],
                password=data["password"],
                data={
                    "full_name": data["full_name"],
                    "birth_year": data["birth_year"],
                    "home_city": data["home_city"],
                    "home_district": data["home_district"],
                    "consent_to_matching": bool(data["consent_to_matching"]),
                },
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, worker.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Add your skills so that we can recommend jobs to you."))
            next_url = request.POST.get("next") or request.GET.get("next") or ""
            if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                return redirect(next_url)
            return redirect("talent:profile")
    return render(request, "talent/worker_signup.html", {"form": form, "next": request.GET.get("next", "")})


@require_GET
def district_options(request: HttpRequest) -> HttpResponse:
    """htmx: the district options of the chosen city."""
    city_id = request.GET.get("home_city", "")
    districts = (
        District.objects.filter(city_id=int(city_id))
        if city_id.isdigit() and len(city_id) < 10
        else District.objects.none()
    )
    return render(request, "talent/partials/district_options.html", {"districts": districts})


def _own_profile(request: HttpRequest) -> WorkerProfile:
    actor = actor_of(request)
    if actor.worker_id is None:
        raise Http404
    return get_object_or_404(
        worker_manageable_list(actor=actor).select_related(
            "home_city", "home_district", "primary_occupation"
        ),
        pk=actor.worker_id,
    )


def _skill_rows(worker: WorkerProfile | None, data: Any = None) -> Any:
    skills = Skill.objects.select_related("category").order_by("category__code", "code")
    initial = [{"skill": s.skill_id, "level": s.level} for s in worker.skills.all()] if worker else []
    return SkillRows(data, initial=initial, prefix="skills", form_kwargs={"skills": skills})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """A worker keeps their profile: preferences, skills with levels, certificates."""
    worker = _own_profile(request)
    form = WorkerProfileForm(request.POST or None, instance=worker)
    skills = _skill_rows(worker, request.POST or None)
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        try:
            services.worker_profile_update(
                actor=actor_of(request), worker=worker, data=form.profile_data(), skills=skills.pairs()
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Your profile is saved. Recommendations are refreshed."))
            return redirect("talent:profile")
    certificates = worker.certificates.select_related("occupation")
    return render(
        request,
        "talent/worker_profile.html",
        {"worker": worker, "form": form, "skills": skills, "certificates": certificates},
    )


def _attach(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# ---------------------------------------------------------------------------------------------------
# A worker's privacy: consents, their data, erasure
# ---------------------------------------------------------------------------------------------------


@role_required(Role.WORKER)
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """What each enterprise and agency may see, consents with one-click grant and revoke, my data."""
    worker = _own_profile(request)
    return render(request, "talent/privacy.html", privacy_overview(worker))


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


@role_required(Role.WORKER)
@require_POST
def privacy_consent(request: HttpRequest) -> HttpResponse:
    """Grant or revoke one consent (matching, or sharing the profile with one enterprise or agency)."""
    worker = _own_profile(request)
    purpose = request.POST.get("purpose", "")
    action = request.POST.get("action", "")
    party = {
        "enterprise_id": _int(request.POST.get("enterprise"))
        if purpose == ConsentRecord.Purpose.SHARE_ENTERPRISE
        else None,
        "agency_id": _int(request.POST.get("agency"))
        if purpose == ConsentRecord.Purpose.SHARE_AGENCY
        else None,
    }
    if action not in ("grant", "revoke") or not consent_party_exists(purpose=purpose, **party):
        raise Http404
    if action == "grant":
        services.consent_grant(worker=worker, purpose=purpose, **party)
        messages.success(request, _("Consent given. You can revoke it here at any time."))
    else:
        services.consent_withdraw(actor=actor_of(request), worker=worker, purpose=purpose, **party)
        messages.success(request, _("Consent revoked."))
    if request.htmx:
        worker.refresh_from_db()
        return render(request, "talent/partials/privacy_consents.html", privacy_overview(worker))
    return redirect("talent:privacy")


@role_required(Role.WORKER)
@require_GET
def privacy_export(request: HttpRequest) -> HttpResponse:
    """Download my data: every record about me, as JSON."""
    data = services.worker_data_export(actor=actor_of(request), worker=_own_profile(request))
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-hrmatch-data.json"'
    return response


@role_required(Role.WORKER)
def privacy_delete(request: HttpRequest) -> HttpResponse:
    """Delete my profile: after a confirmation, the profile is anonymised at once and the login closed."""
    worker = _own_profile(request)
    form = DeleteProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.worker_erase(actor=actor_of(request), worker=worker)
        logout(request)
        messages.success(request, _("Your profile is deleted. Thank you for using the job board."))
        return redirect("enterprises:job-list")
    return render(request, "talent/privacy_delete.html", {"form": form, "worker": worker})


# ---------------------------------------------------------------------------------------------------
# The agency's worker pool
# ---------------------------------------------------------------------------------------------------


def _agency(request: HttpRequest) -> Agency:
    """The agency the signed-in staff member works for (the first, when several)."""
    actor = actor_of(request)
    agency = Agency.objects.select_related("city").filter(pk__in=actor.agency_ids).order_by("pk").first()
    if agency is None:
        raise Http404
    return agency


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
    return render(request, "talent/worker_list.html", {"filter": filterset, "page": page, "flagged": flagged})


@role_required(Role.AGENCY)
def worker_create(request: HttpRequest) -> HttpResponse:
    """Register a worker in the agency's pool; possible duplicates are flagged, never merged."""
    agency = _agency(request)
    form = PoolWorkerForm(request.POST or None, city=agency.city)
    skills = _skill_rows(None, request.POST or None)
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
            worker = services.worker_create(
                data=data, id_number=form.cleaned_data["id_number"] or None, skills=skills.pairs()
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            _warn_duplicates(request, worker)
            messages.success(request, _("%(name)s is registered.") % {"name": worker.full_name})
            return redirect("talent:worker-edit", pk=worker.pk)
    return render(request, "talent/worker_form.html", {"form": form, "skills": skills, "worker": None})


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
    skills = _skill_rows(worker, request.POST or None)
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        data = form.profile_data()
        data.update(
            mobile=form.cleaned_data["mobile"],
            gender=form.cleaned_data["gender"],
            birth_year=form.cleaned_data["birth_year"],
        )
        try:
            services.worker_profile_update(
                actor=actor_of(request),
                worker=worker,
                data=data,
                skills=skills.pairs(),
                id_number=form.cleaned_data["id_number"] or None,
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            _warn_duplicates(request, worker)
            messages.success(request, _("Saved."))
            return redirect("talent:worker-edit", pk=worker.pk)
    duplicates = WorkerDuplicate.objects.filter(worker=worker, resolved_at__isnull=True).select_related(
        "duplicate_of"
    )
    return render(
        request,
        "talent/worker_form.html",
        {"form": form, "skills": skills, "worker": worker, "duplicates": duplicates},
    )


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
    rows = _pool_filterset(request).qs.order_by("id")[:50_000]
    data = (
        [
            w.full_name,
            w.mobile,
            w.id_number_masked,
            w.birth_year,
            w.home_district.name_zh if w.home_district else "",
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
    header, *rows = imports.template_rows(example=True)
    return xlsx_response("workers-template.xlsx", header, rows)


IMPORT_SESSION_KEY = "hrmatch_worker_import"


def _upload_path(token: str) -> Path:
    return Path(tempfile.gettempdir()) / f"hrmatch-import-{token}"


@role_required(Role.AGENCY)
def worker_import(request: HttpRequest) -> HttpResponse:
    """Upload a sheet: every row is checked first (dry run) and bad rows are listed with their reasons."""
    agency = _agency(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    report = table_error = None
    token = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            from io import BytesIO

            table = read_table(BytesIO(raw), name=upload.name)
            report = imports.import_workers(table, agency=agency, city=agency.city, dry_run=True)
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
        "talent/worker_import.html",
        {"form": form, "report": report, "table_error": table_error, "token": token, "agency": agency},
    )


@role_required(Role.AGENCY)
@require_POST
def worker_import_confirm(request: HttpRequest) -> HttpResponse:
    """Write a sheet that passed its dry run (the upload is kept server-side, keyed in the session)."""
    agency = _agency(request)
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if not token or pending.get("token") != token or pending.get("agency") != agency.pk:
        messages.error(request, _("This upload has expired. Please upload the file again."))
        return redirect("talent:worker-import")
    path = _upload_path(token)
    try:
        table = read_table(path, name=pending.get("name", ""))
        report = imports.import_workers(table, agency=agency, city=agency.city)
    except (TableError, FileNotFoundError):
        messages.error(request, _("This upload has expired. Please upload the file again."))
        return redirect("talent:worker-import")
    finally:
        path.unlink(missing_ok=True)
        request.session.pop(IMPORT_SESSION_KEY, None)
    if not report.ok:
        return render(
            request,
            "talent/worker_import.html",
            {"form": ImportUploadForm(), "report": report, "agency": agency},
        )
    messages.success(
        request,
        _("Imported: %(created)s new, %(updated)s updated, %(duplicates)s possible duplicates flagged.")
        % {"created": report.created, "updated": report.updated, "duplicates": report.duplicates_flagged},
    )
    return redirect("talent:worker-list")
