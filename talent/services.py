"""Writes to worker profiles: registration with duplicate flagging, skills, consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.selectors import access_seen_by
from hrmatch.actors import Actor, person_of
from talent.coding.suggest import title_key
from talent.identity import hash_id_number, mask_id_number, normalize_mobile, validate_id_number
from talent.models import (
    MATCHABLE_STATUSES,
    Certificate,
    ConsentRecord,
    TitleConfirmation,
    WorkerDuplicate,
    WorkerProfile,
    WorkerSkill,
    WorkHistory,
)
from talent.signals import (
    worker_data_requested,
    worker_erased,
    worker_matching_withdrawn,
    worker_profile_changed,
)

PROFILE_FIELDS = frozenset(WorkerProfile.PROFILE_FIELDS + WorkerProfile.ADMINISTRATIVE_FIELDS)


def _apply(worker: WorkerProfile, data: Mapping[str, Any], id_number: str | None) -> None:
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"unknown worker fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(worker, name, value)
    worker.mobile = normalize_mobile(worker.mobile)
    if worker.latitude is None and worker.home_district is not None:
        worker.latitude, worker.longitude = worker.home_district.latitude, worker.home_district.longitude
    if worker.latitude is None and worker.home_city_id is not None:
        worker.latitude, worker.longitude = worker.home_city.latitude, worker.home_city.longitude
    if id_number:
        number = validate_id_number(id_number)
        worker.id_number_hash = hash_id_number(number)
        worker.id_number_masked = mask_id_number(number)


def flag_duplicates(worker: WorkerProfile) -> list[WorkerDuplicate]:
    """Link a profile to every other profile with its mobile or ID hash; a person decides what to merge."""
    match = Q(mobile=worker.mobile)
    if worker.id_number_hash:
        match |= Q(id_number_hash=worker.id_number_hash)
    flags = []
    for other in WorkerProfile.objects.filter(match).exclude(pk=worker.pk).only("mobile", "id_number_hash"):
        reasons = []
        if other.mobile == worker.mobile:
            reasons.append(WorkerDuplicate.Reason.MOBILE)
        if worker.id_number_hash and other.id_number_hash == worker.id_number_hash:
            reasons.append(WorkerDuplicate.Reason.ID_NUMBER)
        for reason in reasons:
            flag, _ = WorkerDuplicate.objects.get_or_create(worker=worker, duplicate_of=other, reason=reason)
            flags.append(flag)
    return flags


@transaction.atomic
def worker_create(
    *,
    data: Mapping[str, Any],
    id_number: str | None = None,
    skills: Iterable[tuple[int, int]] = (),
    consent_by: Actor | None = None,
    consent_basis: str = ConsentRecord.Basis.WORKER,
    consent_note: str = "",
) -> WorkerProfile:
    """Register a worker (validated), store the ID number only as hash and mask, flag possible duplicates.

    Matching consent is never a field the caller sets: with `consent_by` (the worker signing up, or an
    agency recording a signed paper consent with a note) a consent record is written, and the profile's
    `consent_to_matching` follows it; without, the profile starts without consent.
    """
    data = {name: value for name, value in data.items() if name != "consent_to_matching"}
    worker = WorkerProfile(consent_to_matching=False)
    _apply(worker, data, id_number)
    worker.full_clean()
    worker.save()
    worker_set_skills(worker=worker, skills=skills)
    flag_duplicates(worker)
    if consent_by is not None:
        consent_grant(
            worker=worker,
            purpose=ConsentRecord.Purpose.MATCHING,
            actor=consent_by,
            basis=consent_basis,
            note=consent_note,
        )
        worker.refresh_from_db()
    return worker


@transaction.atomic
def worker_update(
    *, worker: WorkerProfile, data: Mapping[str, Any], id_number: str | None = None
) -> WorkerProfile:
    """Change a profile; a new mobile or ID number is checked for duplicates again.

    A worker who stops looking for work (employed, inactive) leaves current shortlists and
    recommendation lists in the same transaction.
    """
    before = (worker.mobile, worker.id_number_hash)
    was_matchable = worker.status in MATCHABLE_STATUSES
    _apply(worker, data, id_number)
    worker.full_clean()
    worker.save()
    if (worker.mobile, worker.id_number_hash) != before:
        flag_duplicates(worker)
    worker_profile_changed.send(sender=WorkerProfile, worker=worker)
    if was_matchable and worker.status not in MATCHABLE_STATUSES:
        worker_matching_withdrawn.send(sender=WorkerProfile, worker_id=worker.pk)
    return worker


@transaction.atomic
def worker_profile_update(
    *,
    actor: Actor,
    worker: WorkerProfile,
    data: Mapping[str, Any],
    skills: Iterable[tuple[int, int]] | None = None,
    id_number: str | None = None,
) -> WorkerProfile:
    """Change a profile and, when `skills` is given, replace its skills: all of it or nothing.

    The profile is read afresh and locked, so a form that already changed the caller's copy does not leak
    half-validated values into the save.
    """
    fresh = WorkerProfile.objects.select_for_update().get(pk=worker.pk)
    worker_update(worker=fresh, data=data, id_number=id_number)
    if skills is not None:
        worker_set_skills(worker=fresh, skills=skills)
    return fresh


@transaction.atomic
def worker_set_skills(*, worker: WorkerProfile, skills: Iterable[tuple[int, int]]) -> None:
    """Replace a worker's skills with (skill id, level) pairs."""
    pairs = dict(skills)
    WorkerSkill.objects.filter(worker=worker).exclude(skill_id__in=list(pairs)).delete()
    rows = [WorkerSkill(worker=worker, skill_id=skill_id, level=level) for skill_id, level in pairs.items()]
    for row in rows:
        row.full_clean(exclude=["worker", "skill"], validate_unique=False)
    WorkerSkill.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["worker", "skill"], update_fields=["level"]
    )
    worker_profile_changed.send(sender=WorkerProfile, worker=worker)


def worker_refresh_certificate_level(*, worker: WorkerProfile) -> None:
    """Keep the denormalised highest certificate level in step with the certificates."""
    worker.highest_certificate = worker.certificates.aggregate(top=Max("level"))["top"]
    worker.save(update_fields=["highest_certificate", "updated_at"])


@transaction.atomic
def consent_grant(
    *,
    worker: WorkerProfile,
    purpose: str,
    enterprise_id: int | None = None,
    agency_id: int | None = None,
    actor: Actor | None = None,
    basis: str = ConsentRecord.Basis.WORKER,
    note: str = "",
) -> ConsentRecord:
    """Record a consent with who recorded it; granting one already in force returns it unchanged.

    Only the worker gives consent (`basis=worker`), or an agency records one the worker signed on
    paper (`basis=paper`, with a note saying where the signed form is kept). The profile's
    `consent_to_matching` is derived from the matching records here and in consent_revoke only.
    """
    party = {"enterprise_id": enterprise_id, "agency_id": agency_id}  # either may be None
    current = ConsentRecord.objects.filter(
        worker=worker, purpose=purpose, revoked_at__isnull=True, **party
    ).first()
    if current:
        return current
    record = ConsentRecord(
        worker=worker,
        purpose=purpose,
        enterprise_id=enterprise_id,
        agency_id=agency_id,
        granted_at=timezone.now(),
        basis=basis,
        granted_by=person_of(actor),
        note=(note or "").strip(),
    )
    record.full_clean()
    record.save()
    if purpose == ConsentRecord.Purpose.MATCHING and not worker.consent_to_matching:
        WorkerProfile.objects.filter(pk=worker.pk).update(consent_to_matching=True, updated_at=timezone.now())
        worker.consent_to_matching = True
        worker_profile_changed.send(sender=WorkerProfile, worker=worker)
    return record


@transaction.atomic
def consent_record_paper(*, actor: Actor, worker: WorkerProfile, note: str) -> ConsentRecord:
    """An agency records the matching consent a worker of its pool signed on paper (actor and note kept)."""
    if not actor.is_admin and worker.managing_agency_id not in actor.agency_ids:
        raise PermissionDenied
    if not (note or "").strip():
        raise ValidationError({"note": [_("Say where the signed consent form is kept.")]})
    return consent_grant(
        worker=worker,
        purpose=ConsentRecord.Purpose.MATCHING,
        actor=actor,
        basis=ConsentRecord.Basis.PAPER,
        note=note,
    )


@transaction.atomic
def consent_revoke(
    *, record: ConsentRecord, at: dt.datetime | None = None, actor: Actor | None = None
) -> ConsentRecord:
    """Revoke a consent; the record stays, with the time it ended and who ended it.

    Revoking matching consent takes the worker off every current shortlist and recommendation list in
    the same transaction (receivers of worker_matching_withdrawn delete their match rows).
    """
    if record.revoked_at is None:
        record.revoked_at = at or timezone.now()
        record.revoked_by = person_of(actor)
        record.save(update_fields=["revoked_at", "revoked_by"])
        if record.purpose == ConsentRecord.Purpose.MATCHING:
            WorkerProfile.objects.filter(pk=record.worker_id).update(consent_to_matching=False)
            worker_matching_withdrawn.send(sender=WorkerProfile, worker_id=record.worker_id)
    return record


@transaction.atomic
def consent_withdraw(
    *,
    actor: Actor,
    worker: WorkerProfile,
    purpose: str,
    enterprise_id: int | None = None,
    agency_id: int | None = None,
) -> list[ConsentRecord]:
    """Revoke every consent in force for one purpose (and enterprise or agency): the privacy page's button.

    A profile registered before consent records existed has only its flag as the matching consent: the
    flag is turned off then.
    """
    party = {"enterprise_id": enterprise_id, "agency_id": agency_id}  # either may be None
    records = list(
        ConsentRecord.objects.filter(worker=worker, purpose=purpose, revoked_at__isnull=True, **party)
    )
    for record in records:
        consent_revoke(record=record, actor=actor)
    if purpose == ConsentRecord.Purpose.MATCHING and worker.consent_to_matching and not records:
        worker_update(worker=worker, data={"consent_to_matching": False})
        worker_matching_withdrawn.send(sender=WorkerProfile, worker_id=worker.pk)
    return records


CERTIFICATE_FIELDS = frozenset({"occupation", "occupation_id", "level", "issuer", "number", "issued_on"})
WORK_HISTORY_FIELDS = frozenset(
    {"employer_name", "occupation", "occupation_id", "job_title", "started_on", "ended_on"}
)


def _set_fields(record: Any, data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)


def _certificate_saved(certificate: Certificate) -> Certificate:
    """Validate and save a certificate, then keep the worker's top level and recommendations in step."""
    certificate.full_clean()
    certificate.save()
    worker_refresh_certificate_level(worker=certificate.worker)
    worker_profile_changed.send(sender=WorkerProfile, worker=certificate.worker)
    return certificate


@transaction.atomic
def certificate_add(
    *, worker: WorkerProfile, data: Mapping[str, Any], actor: Actor | None = None
) -> Certificate:
    """Record a vocational certificate (validated: a known level, an issuer, a number unique per issuer,
    not issued in the future) and the worker's top level."""
    certificate = Certificate(worker=worker)
    _set_fields(certificate, data, CERTIFICATE_FIELDS)
    return _certificate_saved(certificate)


@transaction.atomic
def certificate_update(
    *, certificate: Certificate, data: Mapping[str, Any], actor: Actor | None = None
) -> Certificate:
    """Correct a certificate, validated as a new one; the worker's top level follows."""
    locked = Certificate.objects.select_for_update().select_related("worker").get(pk=certificate.pk)
    _set_fields(locked, data, CERTIFICATE_FIELDS)
    return _certificate_saved(locked)


@transaction.atomic
def certificate_remove(*, certificate: Certificate, actor: Actor | None = None) -> None:
    """Delete a certificate and recompute the worker's highest level."""
    worker = certificate.worker
    certificate.delete()
    worker_refresh_certificate_level(worker=worker)
    worker_profile_changed.send(sender=WorkerProfile, worker=worker)


def _work_history_saved(entry: WorkHistory) -> WorkHistory:
    entry.full_clean()
    entry.save()
    worker_profile_changed.send(sender=WorkerProfile, worker=entry.worker)
    return entry


@transaction.atomic
def work_history_add(
    *, worker: WorkerProfile, data: Mapping[str, Any], actor: Actor | None = None
) -> WorkHistory:
    """Record a past or current job (no date in the future, its end, if any, not before its start)."""
    entry = WorkHistory(worker=worker)
    _set_fields(entry, data, WORK_HISTORY_FIELDS)
    return _work_history_saved(entry)


@transaction.atomic
def work_history_update(
    *, entry: WorkHistory, data: Mapping[str, Any], actor: Actor | None = None
) -> WorkHistory:
    """Correct a job of the history, validated as a new one."""
    locked = WorkHistory.objects.select_for_update().select_related("worker").get(pk=entry.pk)
    _set_fields(locked, data, WORK_HISTORY_FIELDS)
    return _work_history_saved(locked)


@transaction.atomic
def work_history_remove(*, entry: WorkHistory, actor: Actor | None = None) -> None:
    """Delete a job from a worker's history."""
    worker = entry.worker
    entry.delete()
    worker_profile_changed.send(sender=WorkerProfile, worker=worker)


@transaction.atomic
def worker_account_open(*, mobile: str, password: str, data: Mapping[str, Any]) -> WorkerProfile | None:
    """Sign-up as pages and API answer it: a new mobile gets its login and profile; a registered one
    changes nothing (None), and the caller answers alike, so sign-up cannot tell who is registered."""
    from django.contrib.auth import get_user_model

    if get_user_model().objects.filter(username=normalize_mobile(mobile)).exists():
        return None
    return worker_signup(mobile=mobile, password=password, data=data)


@transaction.atomic
def worker_signup(*, mobile: str, password: str, data: Mapping[str, Any]) -> WorkerProfile:
    """A worker signs up on the job board: a login named by their mobile number and their own profile."""
    from django.contrib.auth import get_user_model

    mobile = normalize_mobile(mobile)
    user = get_user_model().objects.create_user(
        username=mobile, password=password, first_name=str(data.get("full_name", ""))[:150]
    )
    profile = {
        "available_from": timezone.localdate(),
        "latitude": None,
        "longitude": None,
        **data,
        "mobile": mobile,
        "user": user,
    }
    consent = bool(profile.pop("consent_to_matching", False))
    return worker_create(data=profile, consent_by=Actor(user=user) if consent else None)


def worker_data_export(*, actor: Actor, worker: WorkerProfile) -> dict[str, Any]:
    """Everything held about a worker, for their download (PIPL Art. 45): the profile (never the ID hash),
    skills, certificates, work history and consents, and what the apps above talent add through the
    worker_data_requested signal (applications, placements)."""
    profile = {
        field.name: getattr(worker, field.attname)
        for field in WorkerProfile._meta.concrete_fields
        if field.name not in ("id_number_hash",)
    }
    data: dict[str, Any] = {
        "exported_at": timezone.now(),
        "profile": profile,
        "skills": list(worker.skills.values("skill__code", "skill__name_zh", "skill__name_en", "level")),
        "certificates": list(
            worker.certificates.values(
                "occupation__code", "occupation__name", "level", "issuer", "number", "issued_on"
            )
        ),
        "work_history": list(
            worker.work_history.values(
                "employer_name", "job_title", "occupation__code", "started_on", "ended_on"
            )
        ),
        "consents": list(
            worker.consents.values("purpose", "enterprise__name", "agency__name", "granted_at", "revoked_at")
        ),
        # Who has seen my data: every read of the worker's name or mobile by someone else, and exports.
        "seen_by": list(
            access_seen_by(worker_id=worker.pk).values(
                "at", "actor_name", "actor_role", "organisation", "action", "what", "rows"
            )
        ),
    }
    for _receiver, sections in worker_data_requested.send(sender=WorkerProfile, worker=worker):
        if isinstance(sections, dict):
            data.update(sections)
    return data


@transaction.atomic
def worker_erase(*, actor: Actor, worker: WorkerProfile) -> WorkerProfile:
    """The worker deletes their profile (pages and API alike): it is anonymised at once and the login closed."""
    return worker_anonymise(worker=worker)


ERASED_NAME = "已删除"
ERASED_MOBILE = "10000000000"  # not a mobile anyone can have (mainland mobiles start 13–19)


@transaction.atomic
def worker_anonymise(*, worker: WorkerProfile) -> WorkerProfile:
    """Erase a worker's profile at their request (PIPL Art. 47), keeping only what records need.

    Name, mobile, ID number, personal details, birth year, district, coordinates (replaced by the
    home city's centre: the city is kept for the statistics), experience, skills, certificates, work
    history and every free text (consent notes; application reasons through worker_erased) are
    erased; every consent is revoked; the profile becomes inactive and leaves every current shortlist
    and recommendation list in this transaction; the login is deactivated and its API tokens revoked.
    Applications and placements stay, attached to the now anonymous profile, so factories' and
    agencies' records and the city's statistics (already rolled up by day) stay whole without
    identifying the person.
    """
    from talent.models import Certificate, WorkHistory

    now = timezone.now()
    ConsentRecord.objects.filter(worker=worker, revoked_at__isnull=True).update(revoked_at=now)
    ConsentRecord.objects.filter(worker=worker).exclude(note="").update(note="")
    WorkerSkill.objects.filter(worker=worker).delete()
    Certificate.objects.filter(worker=worker).delete()
    WorkHistory.objects.filter(worker=worker).delete()
    WorkerDuplicate.objects.filter(Q(worker=worker) | Q(duplicate_of=worker)).delete()
    user = worker.user
    WorkerProfile.objects.filter(pk=worker.pk).update(
        full_name=ERASED_NAME,
        mobile=ERASED_MOBILE,
        id_number_hash="",
        id_number_masked="",
        external_ref="",
        gender=WorkerProfile.Gender.UNDISCLOSED,
        ethnicity="",
        birthplace="",
        household_registration="",
        desired_pay=None,
        highest_certificate=None,
        primary_occupation=None,
        birth_year=None,
        home_district=None,
        latitude=worker.home_city.latitude,
        longitude=worker.home_city.longitude,
        years_experience=0,
        max_commute_km=WorkerProfile._meta.get_field("max_commute_km").default,
        willing_to_relocate=False,
        status=WorkerProfile.Status.INACTIVE,
        consent_to_matching=False,
        user=None,
        updated_at=now,
    )
    worker_matching_withdrawn.send(sender=WorkerProfile, worker_id=worker.pk)
    worker_erased.send(sender=WorkerProfile, worker_id=worker.pk)
    if user is not None:
        user.is_active = False
        user.username = f"erased-{user.pk}"  # a worker's username is their mobile number
        user.first_name = user.last_name = user.email = ""
        user.set_unusable_password()
        user.save()
    worker.refresh_from_db()
    return worker


@transaction.atomic
def title_confirmation_record(*, title: str, occupation_id: int, city_id: int) -> TitleConfirmation | None:
    """Count one agency confirmation of an occupation for a job title in a city (None: nothing to count).

    Called when a vacancy is saved with its occupation; the title coder lifts confirmed codes.
    """
    key = title_key(title)
    if not key:
        return None
    row, _created = TitleConfirmation.objects.select_for_update().get_or_create(
        title_key=key, city_id=city_id, occupation_id=occupation_id
    )
    TitleConfirmation.objects.filter(pk=row.pk).update(count=F("count") + 1)
    row.refresh_from_db(fields=["count"])
    return row
