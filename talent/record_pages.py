"""Adding, correcting and removing a worker's certificates and work history: the worker on their profile
and agency staff on the pool's worker page call these with the profile they may change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from hrmatch.pages import actor_of
from talent import services
from talent.forms import CertificateForm, WorkHistoryForm, attach_errors
from talent.models import Certificate, WorkerProfile, WorkHistory


@dataclass(frozen=True)
class RecordKind:
    """One kind of record on a profile, with its form and its three services."""

    model: type[Model]
    form: type[forms.ModelForm[Any]]
    add: Callable[..., Any]
    update: Callable[..., Any]
    remove: Callable[..., Any]
    record_arg: str
    title_new: StrPromise
    title_edit: StrPromise
    saved: StrPromise
    removed: StrPromise


KINDS = {
    "certificates": RecordKind(
        Certificate,
        CertificateForm,
        services.certificate_add,
        services.certificate_update,
        services.certificate_remove,
        "certificate",
        _("Add a vocational certificate"),
        _("Correct a vocational certificate"),
        _("The certificate is saved."),
        _("The certificate is removed."),
    ),
    "work-history": RecordKind(
        WorkHistory,
        WorkHistoryForm,
        services.work_history_add,
        services.work_history_update,
        services.work_history_remove,
        "entry",
        _("Add a job to the work history"),
        _("Correct a job of the work history"),
        _("The job is saved in the work history."),
        _("The job is removed from the work history."),
    ),
}


def _kind(kind: str) -> RecordKind:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def record_edit(
    request: HttpRequest, *, worker: WorkerProfile, kind: str, record_id: int | None, back: str
) -> HttpResponse:
    """The form of a new record (record_id None) or of one of the worker's records; saved by its service."""
    spec = _kind(kind)
    record = None
    if record_id is not None:
        record = get_object_or_404(spec.model._default_manager.filter(worker=worker), pk=record_id)
    form = spec.form(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        data = form.record_data()  # type: ignore[attr-defined]
        actor = actor_of(request)
        try:
            if record is None:
                spec.add(worker=worker, data=data, actor=actor)
            else:
                spec.update(**{spec.record_arg: record}, data=data, actor=actor)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, spec.saved)
            return redirect(back)
    return render(
        request,
        "talent/record_form.html",
        {
            "form": form,
            "worker": worker,
            "record": record,
            "title": spec.title_edit if record else spec.title_new,
            "back": back,
        },
    )


def record_delete(
    request: HttpRequest, *, worker: WorkerProfile, kind: str, record_id: int, back: str
) -> HttpResponse:
    """Remove one of the worker's records (POST, after the page's confirmation)."""
    spec = _kind(kind)
    record = get_object_or_404(spec.model._default_manager.filter(worker=worker), pk=record_id)
    spec.remove(**{spec.record_arg: record}, actor=actor_of(request))
    messages.success(request, spec.removed)
    return redirect(back)


def records_context(worker: WorkerProfile) -> dict[str, Any]:
    """The worker's certificates and work history for a profile page (two queries)."""
    return {
        "certificates": list(
            worker.certificates.select_related("occupation").order_by("-level", "-issued_on")
        ),
        "work_history": list(worker.work_history.select_related("occupation").order_by("-started_on", "-id")),
    }
