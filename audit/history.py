"""The row history of personal data (django-auditlog): which models, which fields are redacted.

django-auditlog records every save and delete of the models listed in settings
(`AUDITLOG_INCLUDE_TRACKING_MODELS`) with the actor (from the request, see `audit.middleware`), the
time, and each changed field's value before and after. Identifiers and free text are redacted in
those values: the history says that a name or a note changed, when and by whom, but keeps no copy of
it that an erasure could not reach.
"""

from __future__ import annotations

REDACTED = "[redacted]"

WORKER_IDENTITY = [
    "full_name",
    "mobile",
    "id_number_masked",
    "external_ref",
    "ethnicity",
    "birthplace",
    "household_registration",
]

TRACKED = (
    {
        "model": "talent.WorkerProfile",
        "mask_fields": WORKER_IDENTITY,
        "exclude_fields": ["id_number_hash", "updated_at", "created_at"],
    },
    {"model": "talent.WorkerSkill"},
    {"model": "talent.Certificate", "mask_fields": ["number", "issuer"]},
    {"model": "talent.WorkHistory", "mask_fields": ["employer_name", "job_title"]},
    {"model": "talent.ConsentRecord"},
    {"model": "matching.Application", "mask_fields": ["reason"], "exclude_fields": ["updated_at"]},
    {"model": "matching.ApplicationEvent", "mask_fields": ["reason"]},
    {"model": "agencies.VacancyGrant"},  # who let a second agency work a vacancy, and who ended it
)


def redact(value: str) -> str:
    """What the history keeps of a redacted field's value."""
    return REDACTED if value not in ("", "None", None) else value
