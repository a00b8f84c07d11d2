"""Where matching listens to the apps below it: a published or edited vacancy or a changed profile is re-matched
after its transaction commits; a worker's data export and privacy page learn about their applications."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from enterprises.signals import vacancy_published, vacancy_terms_changed, vacancy_withdrawn
from hrmatch.actors import actor_for
from talent.privacy import PrivacyContact
from talent.signals import (
    worker_contacts_requested,
    worker_data_requested,
    worker_erased,
    worker_matching_withdrawn,
    worker_profile_changed,
)
from training.signals import enrolment_passed


@receiver(vacancy_published, dispatch_uid="matching.vacancy_published")
@receiver(vacancy_terms_changed, dispatch_uid="matching.vacancy_terms_changed")
def refresh_vacancy_shortlist(sender, vacancy, **kwargs) -> None:
    """A vacancy published, or an open one whose matching terms were edited, gets a fresh shortlist."""
    from matching.tasks import match_vacancy

    match_vacancy.delay_on_commit(vacancy.pk)


@receiver(worker_profile_changed, dispatch_uid="matching.worker_profile_changed")
def refresh_worker_recommendations(sender, worker, **kwargs) -> None:
    from matching.tasks import match_worker

    match_worker.delay_on_commit(worker.pk)


def _exported_interview(interview: Any) -> dict[str, Any]:
    return {
        "starts_at": interview.starts_at,
        "mode": interview.mode,
        "place": interview.place,
        "contact_name": interview.contact_name,
        "contact_phone": interview.contact_phone,
        "note": interview.note,
        "status": interview.status,
        "worker_note": interview.worker_note,
        "cancel_reason": interview.cancel_reason,
    }


@receiver(worker_data_requested, dispatch_uid="matching.worker_data_requested")
def export_applications(sender, worker, **kwargs) -> dict[str, Any]:
    """The worker's applications and their histories, for the worker's data export."""
    from matching.models import Application

    applications = (
        Application.objects.filter(worker=worker)
        .select_related("vacancy__enterprise")
        .prefetch_related("events", "interviews")
        .order_by("created_at", "id")
    )
    return {
        "applications": [
            {
                "vacancy": app.vacancy.title,
                "enterprise": app.vacancy.enterprise.name,
                "source": app.source,
                "stage": app.stage,
                "reason": app.reason,
                "created_at": app.created_at,
                "events": [
                    {
                        "from_stage": event.from_stage,
                        "to_stage": event.to_stage,
                        "reason": event.reason,
                        "created_at": event.created_at,
                    }
                    for event in app.events.all()
                ],
                "interviews": [_exported_interview(interview) for interview in app.interviews.all()],
            }
            for app in applications
        ]
    }


@receiver(worker_data_requested, dispatch_uid="matching.worker_notifications_requested")
def export_notifications(sender, worker, **kwargs) -> dict[str, Any]:
    """The notifications the worker's login received, worded as they read them, for the data export."""
    from notifications.selectors import notification_list

    if worker.user_id is None:
        return {"notifications": []}
    return {
        "notifications": [
            {
                "kind": note.kind,
                "message": note.message,
                "created_at": note.created_at,
                "read_at": note.read_at,
            }
            for note in notification_list(actor=actor_for(worker.user))
        ]
    }


@receiver(worker_contacts_requested, dispatch_uid="matching.worker_contacts_requested")
def application_contacts(sender, worker, **kwargs) -> list[PrivacyContact]:
    """The enterprises the worker applied to (or was suggested to) and the agencies that referred them."""
    from matching.models import Application

    applications = (
        Application.objects.filter(worker=worker)
        .select_related("vacancy__enterprise", "referred_by")
        .order_by("-updated_at")
    )
    return [
        PrivacyContact(
            enterprise=app.vacancy.enterprise,
            vacancy_title=app.vacancy.title,
            applied=app.stage != Application.Stage.SUGGESTED,
            referred_by=app.referred_by,
        )
        for app in applications
    ]


@receiver(enrolment_passed, dispatch_uid="matching.enrolment_passed")
def reserve_graduate_places(sender, enrolment, **kwargs) -> None:
    """Order-based training: a graduate joins the candidate list of every vacancy committed to their cohort."""
    from matching.services.commitments import graduate_reserve_places

    graduate_reserve_places(enrolment=enrolment)


@receiver(worker_matching_withdrawn, dispatch_uid="matching.worker_matching_withdrawn")
def drop_withdrawn_worker(sender, worker_id, **kwargs) -> None:
    """The worker said no (or left): off every current shortlist and recommendation list, now."""
    from matching.services.withdrawals import matches_drop_worker

    matches_drop_worker(worker_id=worker_id)


@receiver(vacancy_withdrawn, dispatch_uid="matching.vacancy_withdrawn")
def drop_withdrawn_vacancy(sender, vacancy, **kwargs) -> None:
    """A paused or closed vacancy leaves every worker's current recommendations, now."""
    from matching.services.withdrawals import matches_drop_vacancy

    matches_drop_vacancy(vacancy_id=vacancy.pk, city_id=vacancy.city_id)


@receiver(worker_erased, dispatch_uid="matching.worker_erased")
def erase_application_free_text(sender, worker_id, **kwargs) -> None:
    """An erased worker's applications keep their stages but lose the free text written about them. An
    ended candidacy must name a reason (a database constraint), so its reason becomes the erasure mark."""
    from matching.models import Application, ApplicationEvent
    from talent.services import ERASED_NAME

    applications = Application.objects.filter(worker_id=worker_id).exclude(reason="")
    ended = [Application.Stage.REJECTED, Application.Stage.WITHDRAWN]
    applications.filter(stage__in=ended).update(reason=ERASED_NAME)
    applications.exclude(stage__in=ended).update(reason="")
    ApplicationEvent.objects.filter(application__worker_id=worker_id).exclude(reason="").update(reason="")
    from matching.services.interviews import interviews_forget_worker

    interviews_forget_worker(worker_id=worker_id)


@receiver(worker_data_requested, dispatch_uid="matching.worker_data_requested.job_marks")
def export_job_marks(sender, worker, **kwargs) -> dict[str, Any]:
    """The jobs the worker saved or marked "not interested", for the worker's data export."""
    from matching.models import JobMark

    marks = (
        JobMark.objects.filter(worker=worker)
        .select_related("vacancy__enterprise")
        .order_by("created_at", "id")
    )
    return {
        "job_marks": [
            {
                "vacancy": mark.vacancy.title,
                "enterprise": mark.vacancy.enterprise.name,
                "mark": mark.kind,
                "created_at": mark.created_at,
            }
            for mark in marks
        ]
    }
