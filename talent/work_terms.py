"""Terms of work shared by workers, vacancies and placements: employment forms, shifts, skill levels.

Forms and shifts are stored as bitmasks where a worker accepts several (one integer column, cheap to
load into the engine's arrays) and as a single choice where a vacancy offers one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmploymentForm(models.TextChoices):
    DIRECT = "direct", _("Direct contract")
    DISPATCH = "dispatch", _("Labour dispatch")
    OUTSOURCED = "outsourced", _("Outsourced")
    PART_TIME = "part_time", _("Part-time")
    SEASONAL = "seasonal", _("Seasonal")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")


class ShiftPattern(models.TextChoices):
    DAY = "day", _("Day shift only")
    TWO_SHIFT = "two_shift", _("Two shifts")
    THREE_SHIFT = "three_shift", _("Three shifts")
    NIGHT = "night", _("Long night shift")
    FLEXIBLE = "flexible", _("Flexible hours")


# Bit positions are part of the stored data and of the engine's encoding: append, never reorder.
FORM_BITS: dict[str, int] = {form.value: 1 << i for i, form in enumerate(EmploymentForm)}
SHIFT_BITS: dict[str, int] = {shift.value: 1 << i for i, shift in enumerate(ShiftPattern)}


def mask_of(values: Iterable[str], bits: dict[str, int]) -> int:
    """Fold a set of choice values into their bitmask; unknown values raise KeyError."""
    mask = 0
    for value in values:
        mask |= bits[value]
    return mask


def members_of(mask: int, bits: dict[str, int]) -> list[str]:
    """Unfold a bitmask into its choice values, in declaration order."""
    return [value for value, bit in bits.items() if mask & bit]


class CertificateLevel(models.IntegerChoices):
    """National vocational skill levels; the stored rank rises with skill (一级 is above 五级)."""

    APPRENTICE = 1, _("Apprentice (学徒工)")
    LEVEL_5 = 2, _("Level 5 / Junior worker (五级/初级工)")
    LEVEL_4 = 3, _("Level 4 / Intermediate worker (四级/中级工)")
    LEVEL_3 = 4, _("Level 3 / Senior worker (三级/高级工)")
    LEVEL_2 = 5, _("Level 2 / Technician (二级/技师)")
    LEVEL_1 = 6, _("Level 1 / Senior technician (一级/高级技师)")
    SPECIAL = 7, _("Special-grade technician (特级技师)")
    CHIEF = 8, _("Chief technician (首席技师)")


class SkillLevel(models.IntegerChoices):
    BASIC = 1, _("1 · Basic")
    WORKING = 2, _("2 · Working")
    PROFICIENT = 3, _("3 · Proficient")
    ADVANCED = 4, _("4 · Advanced")
    EXPERT = 5, _("5 · Expert")
