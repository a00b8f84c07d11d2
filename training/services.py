"""Writes of training: enrolling, moving a trainee on, completing with the provider's assessment.

A passed completion writes the programme's skills (never lowering a level the worker already holds) and
its certificate (the provider as issuer) through talent's services, only with the worker's consent.
talent's services send `worker_profile_changed`, on which matching refreshes the worker's
recommendations when the transaction commits: the worker sees the new list in the same request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from enterprises.models import Vacancy
from hrmatch.actors import Actor, person_of
from hrmatch.workflows import TransitionError
from talent.models import Certificate, WorkerProfile, WorkerSkill
from talent.services import certificate_add, worker_set_skills
from training.models import Cohort, CohortCommitment, Drive, DriveInvitation, Enrolment
from training.signals import enrolment_passed

Status = Enrolment.Status

# Which status may follow which (completion has its own service: it needs the assessment).
NEXT: dict[str, set[str]] = {
    Status.ENROLLED: {Status.ATTENDING, Status.DROPPED},
    Status.ATTENDING: {Status.DROPPED},
}


class EnrolmentTransitionError(TransitionError):
    """A status change the enrolment workflow does not allow (the API answers 409)."""


@transaction.atomic
def enrolment_create(
    *,
    cohort: Cohort,
    worker: WorkerProfile,
    actor: Actor | None = None,
    consent_to_profile: bool = False,
) -> Enrolment:
    """Enrol a worker in a cohort that has not ended and has a seat left; enrolling twice returns the first."""
    cohort = Cohort.objects.select_for_update().select_related("programme").get(pk=cohort.pk)
    existing = Enrolment.objects.filter(cohort=cohort, worker=worker).first()
    if existing is not None:
        return existing
    if not cohort.programme.is_active or cohort.ends_on < timezone.localdate():
        raise ValidationError(_("This cohort is no longer open for enrolment."))
    taken = cohort.enrolments.exclude(status=Status.DROPPED).count()
    if taken >= cohort.seats:
        raise ValidationError(_("This cohort is full."))
    enrolment = Enrolment(
        cohort=cohort,
        worker=worker,
        enrolled_by=person_of(actor),
        consent_to_profile=consent_to_profile,
        pay_before=worker.desired_pay,
    )
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_advance(*, enrolment: Enrolment, to: str, note: str = "") -> Enrolment:
    """Move a trainee on: enrolled → attending, or to dropped (with the provider's note)."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if to not in NEXT.get(Status(enrolment.status), set()):
        raise EnrolmentTransitionError(
            _("An enrolment cannot go from %(from)s to %(to)s.") % {"from": enrolment.status, "to": to}
        )
    enrolment.status = to
    if to == Status.DROPPED:
        enrolment.finished_at = timezone.now()
        enrolment.assessment_note = note[:200]
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_complete(
    *,
    enrolment: Enrolment,
    passed: bool,
    score: int | None = None,
    note: str = "",
    certificate_number: str = "",
    assessed_on: dt.date | None = None,
) -> Enrolment:
    """Record the provider's assessment of an attending trainee; a pass goes to the worker's profile if
    they agreed (skills and certificate), which re-matches them."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("cohort__programme__provider", "worker")
        .get(pk=enrolment.pk)
    )
    if enrolment.status != Status.ATTENDING:
        raise EnrolmentTransitionError(_("Only an attending trainee can complete a programme."))
    enrolment.status = Status.COMPLETED
    enrolment.assessment_passed = passed
    enrolment.assessment_score = score
    enrolment.assessment_note = note[:200]
    enrolment.certificate_number = certificate_number or (
        f"{enrolment.cohort_id}-{enrolment.pk}"
        if passed and enrolment.cohort.programme.certificate_level
        else ""
    )
    enrolment.finished_at = timezone.now()
    enrolment.full_clean()
    enrolment.save()
    if passed and enrolment.consent_to_profile:
        _write_to_profile(enrolment, assessed_on or timezone.localdate())
    if passed:
        enrolment_passed.send(sender=Enrolment, enrolment=enrolment)
    return enrolment


@transaction.atomic
def enrolment_consent(*, enrolment: Enrolment) -> Enrolment:
    """The worker agrees that the programme's result goes to their profile; a pass already recorded is
    written now."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("cohort__programme__provider")
        .get(pk=enrolment.pk)
    )
    enrolment.consent_to_profile = True
    enrolment.save(update_fields=["consent_to_profile"])
    if enrolment.status == Status.COMPLETED and enrolment.assessment_passed:
        _write_to_profile(enrolment, (enrolment.finished_at or timezone.now()).date())
    return enrolment


def _write_to_profile(enrolment: Enrolment, issued_on: dt.date) -> None:
    """Raise the worker's skills to the programme's levels and add its certificate, once."""
    if enrolment.written_to_profile_at is not None:
        return
    programme = enrolment.cohort.programme
    worker = WorkerProfile.objects.get(pk=enrolment.worker_id)
    held = dict(WorkerSkill.objects.filter(worker=worker).values_list("skill_id", "level"))
    taught = dict(programme.skill_links.values_list("skill_id", "level"))
    merged = {**held, **{skill: max(level, held.get(skill, 0)) for skill, level in taught.items()}}
    if merged != held:
        worker_set_skills(worker=worker, skills=merged.items())
    if programme.certificate_level and programme.occupation_id:
        issuer = programme.provider.name[:120]
        if not Certificate.objects.filter(issuer=issuer, number=enrolment.certificate_number).exists():
            certificate_add(
                worker=worker,
                data={
                    "occupation_id": programme.occupation_id,
                    "level": programme.certificate_level,
                    "issuer": issuer,
                    "number": enrolment.certificate_number,
                    "issued_on": issued_on,
                },
            )
    enrolment.written_to_profile_at = timezone.now()
    enrolment.save(update_fields=["written_to_profile_at"])


@transaction.atomic
def drive_create(
    *,
    data: Mapping[str, Any],
    vacancy_ids: Sequence[int],
    agency_ids: Sequence[int] = (),
    actor: Actor | None = None,
) -> Drive:
    """Create a joint recruitment drive with the participating vacancies and agencies (of its city)."""
    drive = Drive(**data, created_by=person_of(actor))
    drive.full_clean()
    if drive.park is not None and drive.park.city_id != drive.city_id:
        raise ValidationError({"park": _("The park must be in the drive's city.")})
    drive.save()
    vacancies = list(
        Vacancy.objects.filter(pk__in=vacancy_ids, city_id=drive.city_id).values_list("pk", flat=True)
    )
    if len(vacancies) != len(set(vacancy_ids)):
        raise ValidationError({"vacancies": _("Every vacancy must be one of the drive's city.")})
    drive.vacancies.set(vacancies)
    drive.agencies.set(Agency.objects.filter(pk__in=agency_ids))
    return drive


@transaction.atomic
def drive_invitation_record(
    *, invitation: DriveInvitation, attended: bool, hired: bool = False
) -> DriveInvitation:
    """Record what happened at the drive for one invitation (a hire implies attendance)."""
    invitation.attended = attended or hired
    invitation.hired = hired
    invitation.save(update_fields=["attended", "hired"])
    Drive.objects.filter(pk=invitation.drive_id, status=Drive.Status.PLANNED).update(status=Drive.Status.HELD)
    return invitation


@transaction.atomic
def cohort_commit(
    *, cohort: Cohort, vacancy: Vacancy, places: int, actor: Actor | None = None
) -> CohortCommitment:
    """Commit an open vacancy's places to a cohort of its city that has not ended (订单式培养); committing
    again changes the places."""
    if vacancy.status != Vacancy.Status.OPEN:
        raise ValidationError({"vacancy": _("Only an open vacancy can be committed to a cohort.")})
    if cohort.programme.provider.city_id != vacancy.city_id or cohort.ends_on < timezone.localdate():
        raise ValidationError({"cohort": _("Choose a cohort of the vacancy's city that has not ended.")})
    commitment, _created = CohortCommitment.objects.update_or_create(
        cohort=cohort,
        vacancy=vacancy,
        defaults={
            "places": places,
            "committed_by": person_of(actor),
        },
    )
    commitment.full_clean()
    return commitment
