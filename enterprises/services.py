"""Writes to enterprises and vacancies: creation, required skills and the status workflow."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.board import board_invalidate_on_commit
from enterprises.models import Enterprise, Vacancy, VacancySkill, VacancyStatusChange
from enterprises.signals import (
    enterprise_registered,
    vacancy_published,
    vacancy_terms_changed,
    vacancy_withdrawn,
)
from hrmatch.actors import Actor, person_of
from hrmatch.workflows import TransitionError
from talent.services import title_confirmation_record

Status = Vacancy.Status

# Which status may follow which; "filled" follows from placements, never from a button.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.OPEN, Status.CLOSED},
    Status.OPEN: {Status.PAUSED, Status.CLOSED, Status.FILLED},
    Status.PAUSED: {Status.OPEN, Status.CLOSED},
    Status.FILLED: {Status.OPEN, Status.CLOSED},
    Status.CLOSED: set(),
}
TIMESTAMP_FIELD: dict[str, str] = {
    Status.OPEN: "published_at",
    Status.PAUSED: "paused_at",
    Status.FILLED: "filled_at",
    Status.CLOSED: "closed_at",
}


@transaction.atomic
def enterprise_create(*, data: Mapping[str, Any], agency: Any = None) -> Enterprise:
    """Register an enterprise; the credit code is upper-cased and checked.

    With `agency`, the enterprise is that agency's client: agencies links them on enterprise_registered.
    """
    enterprise = Enterprise(**data)
    enterprise.credit_code = enterprise.credit_code.strip().upper()
    if enterprise.latitude is None and enterprise.district_id:
        enterprise.latitude, enterprise.longitude = (
            enterprise.district.latitude,
            enterprise.district.longitude,
        )
    enterprise.full_clean()
    enterprise.save()
    enterprise_registered.send(sender=Enterprise, enterprise=enterprise, agency=agency)
    return enterprise


ENTERPRISE_EDITABLE_FIELDS = frozenset(
    {
        "name",
        "credit_code",
        "industry",
        "district",
        "park",
        "address",
        "latitude",
        "longitude",
        "contract_headcount",
        "dispatched_headcount",
    }
)


@transaction.atomic
def enterprise_update(
    *, enterprise: Enterprise, data: Mapping[str, Any], actor: Actor | None = None
) -> Enterprise:
    """Edit a registered enterprise (never its city); the credit code is upper-cased and checked again.

    A new district without new coordinates moves the enterprise to the district's centre.
    """
    unknown = set(data) - ENTERPRISE_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable enterprise fields: {sorted(unknown)}")
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    district_before = locked.district_id
    for name, value in data.items():
        setattr(locked, name, value)
    locked.credit_code = locked.credit_code.strip().upper()
    district = locked.district
    if district is not None and locked.district_id != district_before and "latitude" not in data:
        locked.latitude, locked.longitude = district.latitude, district.longitude
    errors: dict[str, str] = {}
    if locked.district is not None and locked.district.city_id != locked.city_id:
        errors["district"] = _("This district is not in the city.")
    if locked.park is not None and locked.park.city_id != locked.city_id:
        errors["park"] = _("This park is not in the city.")
    if errors:
        raise ValidationError(errors)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def vacancy_create(
    *,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    skills: Iterable[tuple[int, str, int]] = (),
    actor: Actor | None = None,
) -> Vacancy:
    """Create a draft vacancy; its place defaults to the enterprise's city, district and coordinates."""
    vacancy = Vacancy(enterprise=enterprise, **data)
    if vacancy.city_id is None:
        vacancy.city_id = enterprise.city_id
    if vacancy.district_id is None:
        vacancy.district_id = enterprise.district_id
    if vacancy.latitude is None or vacancy.longitude is None:
        vacancy.latitude, vacancy.longitude = enterprise.latitude, enterprise.longitude
    vacancy.status = Status.DRAFT
    vacancy.full_clean()
    vacancy.save()
    _confirm_title_coding(vacancy)
    vacancy_set_skills(vacancy=vacancy, skills=skills)
    VacancyStatusChange.objects.create(
        vacancy=vacancy, from_status="", to_status=Status.DRAFT, changed_by=person_of(actor)
    )
    return vacancy


def vacancy_set_skills(*, vacancy: Vacancy, skills: Iterable[tuple[int, str, int]]) -> None:
    """Replace a vacancy's skills with (skill id, importance, minimum level) triples."""
    rows = {skill_id: (importance, level) for skill_id, importance, level in skills}
    VacancySkill.objects.filter(vacancy=vacancy).exclude(skill_id__in=list(rows)).delete()
    objs = [
        VacancySkill(vacancy=vacancy, skill_id=skill_id, importance=importance, min_level=level)
        for skill_id, (importance, level) in rows.items()
    ]
    for obj in objs:
        obj.full_clean(exclude=["vacancy", "skill"], validate_unique=False)
    VacancySkill.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["vacancy", "skill"],
        update_fields=["importance", "min_level"],
    )


@transaction.atomic
def vacancy_transition(*, vacancy: Vacancy, to: str, actor: Actor | None = None) -> Vacancy:
    """Move a vacancy to another status if the workflow allows it, stamping the time and the history."""
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if to not in TRANSITIONS[locked.status]:
        raise TransitionError(
            _("A %(current)s vacancy cannot become %(target)s.")
            % {"current": locked.get_status_display(), "target": Status(to).label},
            code="transition",
        )
    if to == Status.OPEN and not locked.skill_requirements.exists():
        raise ValidationError(_("Add at least one required skill before publishing."), code="no_skills")
    now = timezone.now()
    previous = locked.status
    locked.status = to
    field = TIMESTAMP_FIELD[to]
    if field != "published_at" or locked.published_at is None:
        setattr(locked, field, now)
    locked.save(update_fields=["status", field, "updated_at"])
    VacancyStatusChange.objects.create(
        vacancy=locked, from_status=previous, to_status=to, changed_by=person_of(actor)
    )
    if Status.OPEN in (previous, to):
        board_invalidate_on_commit(city_ids=[locked.city_id])
    if to == Status.OPEN:
        vacancy_published.send(sender=Vacancy, vacancy=locked)
    elif previous == Status.OPEN:
        vacancy_withdrawn.send(sender=Vacancy, vacancy=locked)
    vacancy.refresh_from_db()
    return vacancy


def vacancy_publish(*, vacancy: Vacancy, actor: Actor | None = None) -> Vacancy:
    """Open a draft or paused vacancy to applications and matching."""
    return vacancy_transition(vacancy=vacancy, to=Status.OPEN, actor=actor)


def vacancy_pause(*, vacancy: Vacancy, actor: Actor | None = None) -> Vacancy:
    return vacancy_transition(vacancy=vacancy, to=Status.PAUSED, actor=actor)


def vacancy_close(*, vacancy: Vacancy, actor: Actor | None = None) -> Vacancy:
    return vacancy_transition(vacancy=vacancy, to=Status.CLOSED, actor=actor)


VACANCY_EDITABLE_FIELDS = frozenset(Vacancy.EDITABLE_FIELDS)
# The terms the matching engine reads: a change to any of them (or to the skills) re-matches an open vacancy.
MATCHING_FIELDS = (
    "occupation_id",
    "headcount",
    "pay_min",
    "pay_max",
    "employment_form",
    "shift_pattern",
    "dormitory",
    "min_certificate_level",
    "min_years_experience",
    "start_date",
    "district_id",
    "latitude",
    "longitude",
)


def _matching_state(vacancy: Vacancy) -> tuple[Any, ...]:
    """What matching reads of a vacancy: its matching terms and its skills with importance and level."""
    skills = sorted(vacancy.skill_requirements.values_list("skill_id", "importance", "min_level"))
    return (*(getattr(vacancy, name) for name in MATCHING_FIELDS), tuple(skills))


@transaction.atomic
def vacancy_update(
    *,
    vacancy: Vacancy,
    data: Mapping[str, Any],
    skills: Iterable[tuple[int, str, int]] | None = None,
    actor: Actor | None = None,
) -> Vacancy:
    """Edit a vacancy's terms (never its status or enterprise); `skills`, when given, replace its skills.

    A closed vacancy is final and refuses edits. A vacancy cannot shrink below the positions already
    filled (the model's constraints say why). An open vacancy whose matching terms or skills changed is
    re-matched once the edit commits (matching listens to vacancy_terms_changed).
    """
    unknown = set(data) - VACANCY_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable vacancy fields: {sorted(unknown)}")
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if locked.status == Status.CLOSED:
        raise TransitionError(_("A closed vacancy cannot be edited."), code="closed")
    coded_before = (locked.title, locked.occupation_id)
    matching_before = _matching_state(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    if locked.headcount is not None and locked.headcount < locked.filled_count:
        raise ValidationError(
            {
                "headcount": ValidationError(
                    _("%(filled)s positions are already filled.") % {"filled": locked.filled_count},
                    code="below_filled",
                )
            }
        )
    locked.full_clean()
    locked.save()
    if (locked.title, locked.occupation_id) != coded_before:
        _confirm_title_coding(locked)
    if skills is not None:
        vacancy_set_skills(vacancy=locked, skills=skills)
    if locked.status == Status.OPEN:
        board_invalidate_on_commit(city_ids=[locked.city_id])
        if _matching_state(locked) != matching_before:
            vacancy_terms_changed.send(sender=Vacancy, vacancy=locked, actor=actor)
    return locked


def _confirm_title_coding(vacancy: Vacancy) -> None:
    """The occupation saved with a title is an agency's confirmation of how that title is coded."""
    if vacancy.occupation_id and vacancy.city_id:
        title_confirmation_record(
            title=vacancy.title, occupation_id=vacancy.occupation_id, city_id=vacancy.city_id
        )
