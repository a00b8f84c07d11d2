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
    errors = report.errors
    occupations: dict[str, dict] = {}
    if files.occupations:
        files.occupations.require("code", "name")
        for number, row in files.occupations.rows:
            report.rows_read += 1
            code = row.get("code", "")
            if not CODE_RE.match(code):
                errors.append(
                    RowError(number, "code", _("“%(code)s” is not a code like 6-18-02-04.") % {"code": code})
                )
                continue
            level_text = row.get("level") or str(implied_level(code))
            if level_text not in {"1", "2", "3", "4"}:
                errors.append(RowError(number, "level", _("The level must be 1, 2, 3 or 4.")))
                continue
            if not row.get("name"):
                errors.append(RowError(number, "name", _("The name is empty.")))
                continue
            if code in occupations:
                # The published classification lists a few codes twice under the same name (a minor
                # group that is also its only occupation): keep one node, at the deeper level.
                if occupations[code]["name"] == row["name"][:120]:
                    occupations[code]["level"] = max(occupations[code]["level"], int(level_text))
                else:
                    errors.append(
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
    existing_occupations = set(Occupation.objects.filter(edition=edition).values_list("code", flat=True))
    known_occupations = existing_occupations | set(occupations)
    for code, values in occupations.items():
        if values["parent"] and values["parent"] not in known_occupations:
            errors.append(
                RowError(
                    values["row"], "parent", _("The parent %(code)s is unknown.") % {"code": values["parent"]}
                )
            )
        elif not values["parent"]:
            values["parent"] = next(
                (
                    _group_code(code, level)
                    for level in range(values["level"] - 1, 0, -1)
                    if _group_code(code, level) in known_occupations and _group_code(code, level) != code
                ),
                "",
            )

    categories: dict[str, dict] = {}
    if files.categories:
        files.categories.require("code", "name_zh", "name_en")
        for number, row in files.categories.rows:
            report.rows_read += 1
            if not SLUG_RE.match(row.get("code", "")):
                errors.append(
                    RowError(number, "code", _("A category code is lower-case letters, digits and dashes."))
                )
            elif not row.get("name_zh"):
                errors.append(RowError(number, "name_zh", _("The Chinese name is empty.")))
            else:
                categories[row["code"]] = {
                    "name_zh": row["name_zh"],
                    "name_en": row.get("name_en") or row["name_zh"],
                }
    known_categories = set(SkillCategory.objects.values_list("code", flat=True)) | set(categories)

    skills: dict[str, dict] = {}
    if files.skills:
        files.skills.require("code", "name_zh", "name_en", "category")
        for number, row in files.skills.rows:
            report.rows_read += 1
            code = row.get("code", "")
            if not SLUG_RE.match(code):
                errors.append(
                    RowError(number, "code", _("A skill code is lower-case letters, digits and dashes."))
                )
            elif code in skills:
                errors.append(
                    RowError(number, "code", _("The code %(code)s appears twice.") % {"code": code})
                )
            elif not row.get("name_zh"):
                errors.append(RowError(number, "name_zh", _("The Chinese name is empty.")))
            elif row.get("category") not in known_categories:
                errors.append(
                    RowError(
                        number, "category", _("Unknown category “%(code)s”.") % {"code": row.get("category")}
                    )
                )
            else:
                skills[code] = {
                    "name_zh": row["name_zh"][:80],
                    "name_en": (row.get("name_en") or row["name_zh"])[:120],
                    "category": row["category"],
                }
    known_skills = set(Skill.objects.values_list("code", flat=True)) | set(skills)

    links: dict[tuple[str, str], dict] = {}
    if files.links:
        files.links.require("occupation_code", "skill_code", "importance")
        for number, row in files.links.rows:
            report.rows_read += 1
            occupation_code, skill_code = row.get("occupation_code", ""), row.get("skill_code", "")
            level = row.get("level") or "2"
            if occupation_code not in known_occupations:
                errors.append(
                    RowError(
                        number,
                        "occupation_code",
                        _("Unknown occupation %(code)s.") % {"code": occupation_code},
                    )
                )
            elif skill_code not in known_skills:
                errors.append(
                    RowError(number, "skill_code", _("Unknown skill %(code)s.") % {"code": skill_code})
                )
            elif row.get("importance") not in Importance.values:
                errors.append(
                    RowError(number, "importance", _("The importance must be required or preferred."))
                )
            elif level not in {"1", "2", "3", "4", "5"}:
                errors.append(RowError(number, "level", _("The level must be a whole number from 1 to 5.")))
            else:
                links[(occupation_code, skill_code)] = {"importance": row["importance"], "level": int(level)}

    synonyms: set[tuple[str, str]] = set()
    if files.synonyms:
        files.synonyms.require("occupation_code", "term")
        for number, row in files.synonyms.rows:
            report.rows_read += 1
            occupation_code, term = row.get("occupation_code", ""), row.get("term", "")[:60]
            if occupation_code not in known_occupations:
                errors.append(
                    RowError(
                        number,
                        "occupation_code",
                        _("Unknown occupation %(code)s.") % {"code": occupation_code},
                    )
                )
            elif not term:
                errors.append(RowError(number, "term", _("The term is empty.")))
            else:
                synonyms.add((occupation_code, term))

    if errors:
        return report
    with transaction.atomic():
        _write(report, edition, occupations, categories, skills, links)
        _write_synonyms(report, edition, synonyms)
        analyze(Occupation, SkillCategory, Skill, OccupationSkill, OccupationSynonym)
    report.written = True
    return report


def _write(
    report: ImportReport,
    edition: str,
    occupations: dict[str, dict],
    categories: dict[str, dict],
    skills: dict[str, dict],
    links: dict[tuple[str, str], dict],
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
    new_skills = []
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
    occupation_ids = {code: ids.get(code) for code, _skill in links}
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
