"""Where agencies listen to the apps below it: an enterprise an agency registers becomes its client; a
worker's data export learns about their placements and the notes agencies keep on them; an erased worker's notes are deleted."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from enterprises.signals import enterprise_registered
from talent.signals import worker_data_requested, worker_erased


@receiver(worker_data_requested, dispatch_uid="agencies.worker_data_requested")
def export_placements(sender, worker, **kwargs) -> dict[str, Any]:
    """The worker's placements and the notes agencies keep on them (free text about the person, so
    theirs to read under PIPL Art. 45), for the worker's data export."""
    return {
        "placements": list(
            worker.placements.values(
                "vacancy__title", "vacancy__enterprise__name", "employment_form", "started_on", "ended_on"
            )
        ),
        "agency_notes": [
            {
                "agency": agency,
                "written": written.isoformat(),
                "edited": edited.isoformat() if edited else None,
                "note": body,
            }
            for agency, written, edited, body in worker.agency_notes.order_by("created_at", "id").values_list(
                "agency__name", "created_at", "edited_at", "body"
            )
        ],
    }


@receiver(enterprise_registered, dispatch_uid="agencies.enterprise_registered")
def link_registering_agency(sender, enterprise, agency=None, **kwargs) -> None:
    """An enterprise registered by agency staff is that agency's client."""
    if agency is not None:
        from agencies.services import agency_client_link

        agency_client_link(agency=agency, enterprise=enterprise)


@receiver(worker_erased, dispatch_uid="agencies.worker_erased")
def erase_worker_notes(sender, worker_id, **kwargs) -> None:
    """Notes are free text about the person: an erased worker keeps none, nor the lines of their edits."""
    from agencies.models import WorkerNote, WorkerNoteChange

    WorkerNote.objects.filter(worker_id=worker_id).delete()
    WorkerNoteChange.objects.filter(worker_id=worker_id).delete()
