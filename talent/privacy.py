"""What a worker's privacy page shows: who may see their profile and why, and the consents behind it.

Applications and referrals belong to apps above talent; they report them through the
worker_contacts_requested signal as PrivacyContact rows, so this module imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from talent.models import ConsentRecord, WorkerProfile
from talent.signals import worker_contacts_requested


@dataclass(frozen=True)
class PrivacyContact:
    """An enterprise the worker reached through one vacancy (applied, or only suggested by the engine), and
    the agency that referred them, if any."""

    enterprise: Any
    vacancy_title: str
    applied: bool
    referred_by: Any = None


def worker_contacts(worker: WorkerProfile) -> list[PrivacyContact]:
    """Every PrivacyContact the apps above talent hold for the worker, newest first within each app."""
    contacts: list[PrivacyContact] = []
    for _receiver, rows in worker_contacts_requested.send(sender=WorkerProfile, worker=worker):
        if isinstance(rows, list):
            contacts.extend(rows)
    return contacts


def privacy_overview(worker: WorkerProfile) -> dict[str, Any]:
    """The privacy page's content: enterprises and agencies that see or may see the worker, and consents."""
    consents = list(worker.consents.select_related("enterprise", "agency"))
    active = [c for c in consents if c.revoked_at is None]
    contacts = worker_contacts(worker)
    enterprises: dict[int, dict[str, Any]] = {}
    for contact in contacts:
        entry = enterprises.setdefault(
            contact.enterprise.pk, {"enterprise": contact.enterprise, "applied": False, "vacancies": []}
        )
        entry["vacancies"].append(contact.vacancy_title)
        entry["applied"] = entry["applied"] or contact.applied
    shared_enterprises = {
        c.enterprise_id: c
        for c in active
        if c.purpose == ConsentRecord.Purpose.SHARE_ENTERPRISE and c.enterprise_id is not None
    }
    shared_agencies = {
        c.agency_id: c
        for c in active
        if c.purpose == ConsentRecord.Purpose.SHARE_AGENCY and c.agency_id is not None
    }
    for enterprise_id, consent in shared_enterprises.items():
        enterprises.setdefault(
            enterprise_id, {"enterprise": consent.enterprise, "applied": False, "vacancies": []}
        )
    for entry in enterprises.values():
        entry["consent"] = shared_enterprises.get(entry["enterprise"].pk)
    agencies: dict[int, dict[str, Any]] = {}
    if worker.managing_agency_id:
        agencies[worker.managing_agency_id] = {"agency": worker.managing_agency, "manages": True}
    for contact in contacts:
        if contact.referred_by is not None:
            agencies.setdefault(contact.referred_by.pk, {"agency": contact.referred_by, "manages": False})
    for agency_id, consent in shared_agencies.items():
        agencies.setdefault(agency_id, {"agency": consent.agency, "manages": False})
    for entry in agencies.values():
        entry["consent"] = shared_agencies.get(entry["agency"].pk)
    matching = next((c for c in active if c.purpose == ConsentRecord.Purpose.MATCHING), None)
    return {
        "worker": worker,
        "matching_consent": matching,
        "matching_on": worker.consent_to_matching,
        "enterprises": list(enterprises.values()),
        "agencies": list(agencies.values()),
        "history": consents,
    }


def consent_party_exists(*, purpose: str, enterprise_id: int | None, agency_id: int | None) -> bool:
    """Whether a consent names a party that exists: an enterprise to share with, an agency, or none."""
    if purpose == ConsentRecord.Purpose.SHARE_ENTERPRISE:
        model = ConsentRecord._meta.get_field("enterprise").related_model
        return enterprise_id is not None and model._default_manager.filter(pk=enterprise_id).exists()
    if purpose == ConsentRecord.Purpose.SHARE_AGENCY:
        model = ConsentRecord._meta.get_field("agency").related_model
        return agency_id is not None and model._default_manager.filter(pk=agency_id).exists()
    return purpose == ConsentRecord.Purpose.MATCHING
