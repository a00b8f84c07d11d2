"""Generic job posts: titles that name no trade (普工, 生产文员, "电子厂普工 包吃住").

Such posts are coded to a group, not forced onto an occupation: the industry's middle group when the
title names a broad industry (电子厂 → 6-25-00-00), else the default production group (6-00-00-00). The
words are data (`talent/data/title_generic.txt`, `title_industries.csv`, `title_groups.csv`);
Django-free.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from talent.coding.text import DATA_DIR, Phrases, phrases, remove_phrases, word_list

__all__ = [
    "GenericReading",
    "GroupConfig",
    "group_config",
    "group_ladder",
    "read_generic",
    "with_employer_industry",
]

# Characters left over once generic and industry words are gone that still say nothing (电子厂的普工).
_FILLER = frozenset("工员人的及和兼或与可者类等名位型男女线")


@dataclass(frozen=True, slots=True)
class GroupConfig:
    """Which group codes a generic title falls back to; every code must exist in the coder's taxonomy."""

    default: str
    catch_all: tuple[str, ...]
    industries: Mapping[str, str]
    families: Mapping[str, str]
    divisions: Mapping[str, str] = field(default_factory=dict)

    @property
    def industry_words(self) -> Phrases:
        """The industry words as Phrases, for removal from titles."""
        return Phrases.of(self.industries)


@dataclass(frozen=True, slots=True)
class GenericReading:
    """What the generic-word scan found in a title.

    `family` is the family of the first generic word (worker, lead, clerical) or None; `remainder` is
    the cleaned title without generic, industry and filler words: empty when nothing names a trade.
    """

    family: str | None
    industry_group: str | None
    remainder: str

    @property
    def is_generic(self) -> bool:
        """True when the title has a generic word and nothing else that could name a trade."""
        return self.family is not None and not self.remainder


def _families() -> dict[str, str]:
    """Generic word → its family, from the `[family]` sections of title_generic.txt."""
    family = "worker"
    words: dict[str, str] = {}
    for entry in word_list("title_generic"):
        if entry.startswith("[") and entry.endswith("]"):
            family = entry[1:-1]
            continue
        words.setdefault(entry, family)
    return words


@cache
def group_config() -> GroupConfig:
    """The built-in configuration for CSCO 2022, read from `talent/data/`."""
    with (DATA_DIR / "title_industries.csv").open(encoding="utf-8") as fh:
        industries = {row["word"]: row["group_code"] for row in csv.DictReader(fh)}
    with (DATA_DIR / "title_groups.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    default = next(r["code"] for r in rows if r["role"] == "default")
    catch_all = tuple(r["code"] for r in rows if r["role"] == "catch_all")
    with (DATA_DIR / "title_industry_divisions.csv").open(encoding="utf-8") as fh:
        divisions = {row["division"]: row["group_code"] for row in csv.DictReader(fh)}
    return GroupConfig(
        default=default, catch_all=catch_all, industries=industries, families=_families(), divisions=divisions
    )


def with_employer_industry(
    reading: GenericReading, division: str | None, config: GroupConfig
) -> GenericReading:
    """The reading with the employer's industry (GB/T 4754 division, e.g. C39) when the title names none."""
    if reading.industry_group or not division or division not in config.divisions:
        return reading
    return replace(reading, industry_group=config.divisions[division])


def _first_industry(text: str, industries: Mapping[str, str]) -> str | None:
    """The group of the leftmost industry word in `text` (the longest one at that position)."""
    longest = max((len(w) for w in industries), default=0)
    for i in range(len(text)):
        for size in range(min(longest, len(text) - i), 1, -1):
            group = industries.get(text[i : i + size])
            if group is not None:
                return group
    return None


def _first_family(text: str, families: Mapping[str, str]) -> str | None:
    """The family of the leftmost, longest generic word in `text`; clerical and lead words win over worker."""
    found: list[str] = []
    longest = max((len(w) for w in families), default=0)
    i = 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 0, -1):
            family = families.get(text[i : i + size])
            if family is not None:
                found.append(family)
                i += size
                break
        else:
            i += 1
    for preferred in ("clerical", "lead", "worker"):
        if preferred in found:
            return preferred
    return found[0] if found else None


def read_generic(cleaned: str, normalised: str, config: GroupConfig) -> GenericReading:
    """Scan a cleaned title (and, for industry words, the whole normalised title with company names).

    Industry words are looked up in `normalised` too, so "XX电子有限公司 普工" still reads as electronics.
    """
    compact = cleaned.replace(" ", "")
    industry = _first_industry(compact, config.industries) or _first_industry(
        normalised.replace(" ", ""), config.industries
    )
    family = _first_family(compact, config.families)
    rest = remove_phrases(cleaned, config.industry_words)
    rest = remove_phrases(rest, phrases("title_generic"))
    tokens = ["".join(ch for ch in token if ch not in _FILLER) for token in rest.split()]
    remainder = " ".join(t for t in tokens if t and not t.isdigit())
    return GenericReading(family=family, industry_group=industry, remainder=remainder)


def group_ladder(reading: GenericReading, config: GroupConfig, known: Sequence[str]) -> list[str]:
    """Group codes for a generic title, most likely first: industry group, default group, the
    industry's catch-all (6-25-99-00), then the configured catch-alls; codes unknown to the coder skipped.
    """
    ladder: list[str] = []
    if reading.industry_group:
        ladder.append(reading.industry_group)
    ladder.append(config.default)
    if reading.industry_group:
        ladder.append(reading.industry_group[:-5] + "99-00")
    ladder.extend(config.catch_all)
    known_set = set(known)
    return [c for c in dict.fromkeys(ladder) if c in known_set]
