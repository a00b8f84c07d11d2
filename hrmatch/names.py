"""Names of places, skills and occupations in the page's language."""

from __future__ import annotations

from django.utils.translation import get_language


def english_active() -> bool:
    """Whether the active language is English."""
    return (get_language() or "").startswith("en")


def local_name(name_zh: str, name_en: str = "") -> str:
    """The English name on English pages when there is one; the Chinese name otherwise."""
    if name_en and english_active():
        return name_en
    return name_zh
