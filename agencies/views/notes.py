"""Notes on a worker of the agency's pool and the worker's activity timeline: write, edit and delete notes
(agencies.selectors.NoteRights says who may), and page through the timeline ("older", or htmx "load more")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies import services
from agencies.activity import worker_activity_page
from agencies.forms import WorkerNoteForm
from agencies.models import WorkerNote
from agencies.selectors import worker_note_list, worker_note_rights
from hrmatch.actors import Role
from hrmatch.pages import actor_of, role_required
from talent.models import WorkerProfile
from talent.selectors import worker_manageable_list


def _pool_worker(request: HttpRequest, pk: int) -> WorkerProfile:
    """A worker of the agency's pool; another agency's worker is a 404."""
    return get_object_or_404(worker_manageable_list(actor=actor_of(request)), pk=pk)


def _note(request: HttpRequest, worker: WorkerProfile, note_id: int) -> WorkerNote:
    """A note of the staff member's agencies on this worker; any other is a 404."""
    return get_object_or_404(worker_note_list(actor=actor_of(request)).filter(worker=worker), pk=note_id)


def _to_timeline(worker: WorkerProfile, anchor: str = "activity") -> HttpResponse:
    return redirect(reverse("agencies:worker-edit", args=[worker.pk]) + f"#{anchor}")


def _form_error(request: HttpRequest, form: WorkerNoteForm) -> None:
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))


@role_required(Role.AGENCY)
@require_POST
def worker_note_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a note on a worker of the agency's pool."""
    worker = _pool_worker(request, pk)
    form = WorkerNoteForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
    else:
        try:
            services.worker_note_create(
                actor=actor_of(request), worker=worker, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The note is saved. Only your agency's staff can read it."))
    return _to_timeline(worker)


@role_required(Role.AGENCY)
@require_POST
def worker_note_edit(request: HttpRequest, pk: int, note_id: int) -> HttpResponse:
    """Rewrite one's own note (a colleague's note is a 403: only its author edits it)."""
    worker = _pool_worker(request, pk)
    note = _note(request, worker, note_id)
    if not worker_note_rights(actor=actor_of(request)).can_edit(note):
        raise PermissionDenied  # before reading the words: the service refuses anyway
    form = WorkerNoteForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _to_timeline(worker, f"note-{note.pk}")
    try:
        services.worker_note_update(actor=actor_of(request), note=note, body=form.cleaned_data["body"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The note is saved."))
    return _to_timeline(worker, f"note-{note.pk}")


@role_required(Role.AGENCY)
@require_POST
def worker_note_delete(request: HttpRequest, pk: int, note_id: int) -> HttpResponse:
    """Delete a note (its author, or a manager of the agency); the timeline keeps who deleted one, when."""
    worker = _pool_worker(request, pk)
    services.worker_note_delete(actor=actor_of(request), note=_note(request, worker, note_id))
    messages.success(request, _("The note is deleted."))
    return _to_timeline(worker)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page") or "1"
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


@role_required(Role.AGENCY)
@require_GET
def worker_activity_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One page of the worker's timeline, 20 lines: the lines and a "load more" for htmx, else a page of its
    own with links to older and newer lines."""
    worker = _pool_worker(request, pk)
    page = worker_activity_page(actor=actor_of(request), worker=worker, page=_page_number(request))
    context = {"worker": worker, "activity": page}
    if getattr(request, "htmx", False):  # django-htmx middleware
        return render(request, "agencies/partials/activity_lines.html", {**context, "more": True})
    return render(request, "agencies/worker_activity.html", context)
