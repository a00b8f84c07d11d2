"""Importing the occupation and skill taxonomies: the built-in 2022 edition or a city's own files.

Formats (CSV or XLSX, header row first; see docs/data-formats.md):
- occupations: `code, name` and optionally `level` (1–4), `parent` (code), `name_en`, `digital`, `green`;
  without `parent`, the parent is the nearest existing group whose code the child's code extends
  (6-18-02-04 → 6-18-02-00 → 6-18-00-00 → 6-00-00-00);
- skill categories: `code, name_zh, name_en`;
- skills: `code, name_zh, name_en, category`;
- occupation–skill links: `occupation_code, skill_code, importance (required|preferred), level (1–5)`;
- synonyms: `occupation_code, term` (words agencies write in job titles for the occupation).
Every file is checked before anything is written; one bad row rejects the import with every reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hrmatch.db import analyze
from hrmatch.tabular import ImportReport, RowError, Table, read_table
from talent.models import (
    CURRENT_EDITION,
    Importance,
    Occupation,
    OccupationSkill,
    OccupationSynonym,
    Skill,
    SkillCategory,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
BUILT_IN = {
    "occupations": DATA_DIR / "csco2022_occupations.csv",
    "categories": DATA_DIR / "skill_categories.csv",
    "skills": DATA_DIR / "skills.csv",
    "links": DATA_DIR / "occupation_skills.csv",
    "synonyms": DATA_DIR / "occupation_synonyms.csv",
}
CODE_RE = re.compile(r"^\d{1,2}(-\d{2}){3}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
TRUE_VALUES = {"1", "true", "yes", "y", "s", "l", "是"}


@dataclass(frozen=True)
class TaxonomyFiles:
    """The tables of one taxonomy import; any of them may be absent."""

    occupations: Table | None = None
    categories: Table | None = None
    skills: Table | None = None
    links: Table | None = None
    synonyms: Table | None = None

    @classmethod
    def built_in(cls) -> TaxonomyFiles:
        """The 2022 classification and our manufacturing skill vocabulary, shipped in talent/data/."""
        return cls(**{key: read_table(path) for key, path in BUILT_IN.items() if path.exists()})


def implied_level(code: str) -> int:
    """A code's level from its trailing zero parts: 6-00-00-00 is 1, 6-18-00-00 is 2, 6-18-02-00 is 3."""
    parts = code.split("-")
    for level in (1, 2, 3):
        if all(int(p) == 0 for p in parts[level:]):
            return level
    return 4


def _group_code(code: str, level: int) -> str:
    parts = code.split("-")
    return "-".join(parts[:level] + ["00"] * (4 - level))


def import_taxonomy(files: TaxonomyFiles, *, edition: str = CURRENT_EDITION) -> ImportReport:
    """Check every row of every table, then upsert them all in one transaction (or write nothing)."""
    report = ImportReport()
    occupations = _check_occupations(files.occupations, report)
    known_occupations = set(Occupation.objects.filter(edition=edition).values_list("code", flat=True))
    known_occupations |= set(occupations)
    _resolve_parents(occupations, known_occupations, report)
    categories = _check_categories(files.categories, report)
    known_categories = set(SkillCategory.objects.values_list("code", flat=True)) | set(categories)
    skills = _check_skills(files.skills, known_categories, report)
    known_skills = set(Skill.objects.values_list("code", flat=True)) | set(skills)
    links = _check_links(files.links, known_occupations, known_skills, report)
    synonyms = _check_synonyms(files.synonyms, known_occupations, report)
    if report.errors:
        return report
    with transaction.atomic():
        _write(report, edition, occupations, categories, skills, links)
        _write_synonyms(report, edition, synonyms)
        analyze(Occupation, SkillCategory, Skill, OccupationSkill, OccupationSynonym)
    report.written = True
    return report


def _occupation_error(code: str, level_text: str, name: str) -> tuple[str, str] | None:
    """The (column, message) of an occupation row's first problem, or None."""
    if not CODE_RE.match(code):
        return "code", _("“%(code)s” is not a code like 6-18-02-04.") % {"code": code}
    if level_text not in {"1", "2", "3", "4"}:
        return "level", _("The level must be 1, 2, 3 or 4.")
    if not name:
        return "name", _("The name is empty.")
    return None


def _check_occupations(table: Table | None, report: ImportReport) -> dict[str, dict[str, Any]]:
    """The occupations of the table by code; bad rows become errors on the report."""
    occupations: dict[str, dict[str, Any]] = {}
    if not table:
        return occupations
    table.require("code", "name")
    for number, row in table.rows:
        report.rows_read += 1
        code = row.get("code", "")
        level_text = row.get("level") or (str(implied_level(code)) if CODE_RE.match(code) else "")
        problem = _occupation_error(code, level_text, row.get("name", ""))
        if problem is not None:
            report.errors.append(RowError(number, *problem))
            continue
        if code in occupations:
            # The published classification lists a few codes twice under the same name (a minor
            # group that is also its only occupation): keep one node, at the deeper level.
            if occupations[code]["name"] == row["name"][:120]:
                occupations[code]["level"] = max(occupations[code]["level"], int(level_text))
            else:
                report.errors.append(
                    RowError(number, "code", _("The code %(code)s appears twice.") % {"code": code})
                )
            continue
        occupations[code] = {
            "level": int(level_text),
            "name": row["name"][:120],
            "name_en": row.get("name_en", "")[:200],
            "parent": row.get("parent", ""),
            "is_digital": row.get("digital", "").lower() in TRUE_VALUES,
            "is_green": row.get("green", "").lower() in TRUE_VALUES,
            "row": number,
        }
    return occupations


def _resolve_parents(occupations: dict[str, dict[str, Any]], known: set[str], report: ImportReport) -> None:
    """Check named parents; give each occupation without one the nearest known group its code extends."""
    for code, values in occupations.items():
        if values["parent"] and values["parent"] not in known:
            report.errors.append(
                RowError(
                    values["row"], "parent", _("The parent %(code)s is unknown.") % {"code": values["parent"]}
                )
            )
        elif not values["parent"]:
            values["parent"] = next(
                (
                    _group_code(code, level)
                    for level in range(values["level"] - 1, 0, -1)
                    if _group_code(code, level) in known and _group_code(code, level) != code
                ),
                "",
            )


def _check_categories(table: Table | None, report: ImportReport) -> dict[str, dict[str, Any]]:
    categories: dict[str, dict[str, Any]] = {}
    if not table:
        return categories
    table.require("code", "name_zh", "name_en")
    for number, row in table.rows:
        report.rows_read += 1
        if not SLUG_RE.match(row.get("code", "")):
            report.errors.append(
                RowError(number, "code", _("A category code is lower-case letters, digits and dashes."))
            )
        elif not row.get("name_zh"):
            report.errors.append(RowError(number, "name_zh", _("The Chinese name is empty.")))
        else:
            categories[row["code"]] = {
                "name_zh": row["name_zh"],
                "name_en": row.get("name_en") or row["name_zh"],
            }
    return categories


def _skill_error(
    code: str, row: dict[str, str], seen: dict[str, dict[str, Any]], categories: set[str]
) -> RowError | None:
    if not SLUG_RE.match(code):
        return RowError(0, "code", _("A skill code is lower-case letters, digits and dashes."))
    if code in seen:
        return RowError(0, "code", _("The code %(code)s appears twice.") % {"code": code})
    if not row.get("name_zh"):
        return RowError(0, "name_zh", _("The Chinese name is empty."))
    if row.get("category") not in categories:
        return RowError(0, "category", _("Unknown category “%(code)s”.") % {"code": row.get("category")})
    return None


def _check_skills(
    table: Table | None, categories: set[str], report: ImportReport
) -> dict[str, dict[str, Any]]:
    skills: dict[str, dict[str, Any]] = {}
    if not table:
        return skills
    table.require("code", "name_zh", "name_en", "category")
    for number, row in table.rows:
        report.rows_read += 1
        code = row.get("code", "")
        problem = _skill_error(code, row, skills, categories)
        if problem is not None:
            report.errors.append(RowError(number, problem.column, problem.message))
            continue
        skills[code] = {
            "name_zh": row["name_zh"][:80],
            "name_en": (row.get("name_en") or row["name_zh"])[:120],
            "category": row["category"],
        }
    return skills


def _link_error(row: dict[str, str], occupations: set[str], skills: set[str]) -> tuple[str, str] | None:
    occupation_code, skill_code = row.get("occupation_code", ""), row.get("skill_code", "")
    if occupation_code not in occupations:
        return "occupation_code", _("Unknown occupation %(code)s.") % {"code": occupation_code}
    if skill_code not in skills:
        return "skill_code", _("Unknown skill %(code)s.") % {"code": skill_code}
    if row.get("importance") not in Importance.values:
        return "importance", _("The importance must be required or preferred.")
    if (row.get("level") or "2") not in {"1", "2", "3", "4", "5"}:
        return "level", _("The level must be a whole number from 1 to 5.")
    return None


def _check_links(
    table: Table | None, occupations: set[str], skills: set[str], report: ImportReport
) -> dict[tuple[str, str], dict[str, Any]]:
    links: dict[tuple[str, str], dict[str, Any]] = {}
    if not table:
        return links
    table.require("occupation_code", "skill_code", "importance")
    for number, row in table.rows:
        report.rows_read += 1
        problem = _link_error(row, occupations, skills)
        if problem is not None:
            report.errors.append(RowError(number, *problem))
            continue
        key = (row["occupation_code"], row["skill_code"])
        links[key] = {"importance": row["importance"], "level": int(row.get("level") or "2")}
    return links


def _check_synonyms(table: Table | None, occupations: set[str], report: ImportReport) -> set[tuple[str, str]]:
    synonyms: set[tuple[str, str]] = set()
    if not table:
        return synonyms
    table.require("occupation_code", "term")
    for number, row in table.rows:
        report.rows_read += 1
        occupation_code, term = row.get("occupation_code", ""), row.get("term", "")[:60]
        if occupation_code not in occupations:
            report.errors.append(
                RowError(
                    number, "occupation_code", _("Unknown occupation %(code)s.") % {"code": occupation_code}
                )
            )
        elif not term:
            report.errors.append(RowError(number, "term", _("The term is empty.")))
        else:
            synonyms.add((occupation_code, term))
    return synonyms


def _write(
    report: ImportReport,
    edition: str,
    occupations: dict[str, dict[str, Any]],
    categories: dict[str, dict[str, Any]],
    skills: dict[str, dict[str, Any]],
    links: dict[tuple[str, str], dict[str, Any]],
) -> None:
    fields = ["level", "name", "name_en", "is_digital", "is_green"]
    existing = {o.code: o for o in Occupation.objects.filter(edition=edition, code__in=list(occupations))}
    new = [
        Occupation(code=code, edition=edition, **{f: v[f] for f in fields})
        for code, v in occupations.items()
        if code not in existing
    ]
    for code, obj in existing.items():
        for f in fields:
            setattr(obj, f, occupations[code][f])
    Occupation.objects.bulk_create(new, batch_size=1000)
    Occupation.objects.bulk_update(list(existing.values()), fields, batch_size=1000)
    report.created += len(new)
    report.updated += len(existing)
    ids = dict(Occupation.objects.filter(edition=edition).values_list("code", "id"))
    parented = []
    for code, values in occupations.items():
        parented.append(Occupation(id=ids[code], parent_id=ids.get(values["parent"])))
    Occupation.objects.bulk_update(parented, ["parent"], batch_size=1000)

    for code, values in categories.items():
        _, created = SkillCategory.objects.update_or_create(code=code, defaults=values)
        report.created += created
    category_ids = dict(SkillCategory.objects.values_list("code", "id"))
    existing_skills = {s.code: s for s in Skill.objects.filter(code__in=list(skills))}
    new_skills: list[Skill] = []
    for code, values in skills.items():
        skill = existing_skills.get(code) or Skill(code=code)
        skill.name_zh, skill.name_en = values["name_zh"], values["name_en"]
        skill.category_id = category_ids[values["category"]]
        if skill.pk is None:
            new_skills.append(skill)
    Skill.objects.bulk_create(new_skills, batch_size=1000)
    Skill.objects.bulk_update(
        list(existing_skills.values()), ["name_zh", "name_en", "category"], batch_size=1000
    )
    report.created += len(new_skills)
    report.updated += len(existing_skills)

    skill_ids = dict(Skill.objects.values_list("code", "id"))
    occupation_ids = {code: ids[code] for code, _skill in links}  # every linked code was checked
    OccupationSkill.objects.bulk_create(
        [
            OccupationSkill(
                occupation_id=occupation_ids[occupation_code], skill_id=skill_ids[skill_code], **values
            )
            for (occupation_code, skill_code), values in links.items()
        ],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["occupation", "skill"],
        update_fields=["importance", "level"],
    )
    report.created += len(links)


def _write_synonyms(report: ImportReport, edition: str, synonyms: set[tuple[str, str]]) -> None:
    ids = dict(Occupation.objects.filter(edition=edition).values_list("code", "id"))
    OccupationSynonym.objects.bulk_create(
        [OccupationSynonym(occupation_id=ids[code], term=term) for code, term in sorted(synonyms)],
        batch_size=2000,
        ignore_conflicts=True,
    )
    report.created += len(synonyms)
