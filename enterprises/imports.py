"""Bulk import of vacancies from a CSV or XLSX sheet, for an enterprise's HR or an agency serving it.

Columns are documented in docs/data-formats.md (English and Chinese headers; cell parsing is shared with
talent.imports). Every row is checked first, including the model's full_clean; nothing is written unless
every row is valid, or, with valid_rows_only, only the valid rows are, in one transaction. `external_ref`
is the upsert key: a row whose reference an existing vacancy of the same enterprise carries updates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.credit_codes import validate_credit_code
from enterprises.models import Enterprise, Vacancy, VacancySkill, VacancyStatusChange
from enterprises.services import vacancy_transition
from enterprises.signals import vacancy_published
from hrmatch.tabular import ImportReport, Table, TableError
from talent.models import Importance
from talent.sheets import (
    BATCH_SIZE,
    CERTIFICATE_ALIASES,
    FORM_ALIASES,
    SHIFT_ALIASES,
    Cells,
    Column,
    SkillIndex,
    bulk_update_changed,
    choice_parser,
    column_values,
    occupations_by_code,
    parse_bool,
    parse_date,
    parse_int,
    resolve_columns,
    snapshot,
    template_header,
)

Status = Vacancy.Status

VACANCY_COLUMNS: tuple[Column, ...] = (
    Column(
        "credit_code", "企业信用代码", aliases=("统一社会信用代码", "信用代码"), example="91330200000000001H"
    ),
    Column("title", "岗位名称", required=True, example="氩弧焊工"),
    Column("occupation_code", "职业编码", required=True, example="6-18-02-04"),
    Column("headcount", "招聘人数", example="5"),
    Column("pay_min", "月薪下限", required=True, example="6000"),
    Column("pay_max", "月薪上限", required=True, example="8000"),
    Column("employment_form", "用工形式", required=True, example="直招"),
    Column("dispatch_nature", "派遣岗位性质", example=""),
    Column("shift_pattern", "班次", required=True, example="两班倒"),
    Column("dormitory", "住宿", example="是"),
    Column("min_certificate_level", "证书等级", example="四级"),
    Column("min_years_experience", "经验年限", example="2"),
    Column("start_date", "到岗日期", required=True, example="2026-03-01"),
    Column("closing_date", "截止日期", example="2026-02-15"),
    Column("required_skills", "必备技能", example="氩弧焊:3"),
    Column("preferred_skills", "优先技能", example="机械识图:2"),
    Column("description", "岗位描述", example="负责不锈钢管件氩弧焊接"),
    Column("external_ref", "外部编号", example="JOB-2026-001"),
    Column("publish", "发布", example="是"),
)
VACANCY_FIELD_COLUMNS = {"occupation": "occupation_code", "enterprise": "credit_code", "__all__": "__all__"}
VACANCY_FK_FIELDS = ["enterprise", "agency", "occupation", "city", "district"]
VACANCY_UPDATE_FIELDS = [
    "agency",
    "title",
    "occupation",
    "description",
    "headcount",
    "pay_min",
    "pay_max",
    "employment_form",
    "dispatch_nature",
    "shift_pattern",
    "dormitory",
    "min_certificate_level",
    "min_years_experience",
    "start_date",
    "closing_date",
    "updated_at",
]
DISPATCH_NATURE_ALIASES = {
    **{value: value for value in Vacancy.DispatchNature.values},
    **{str(label).lower(): value for value, label in Vacancy.DispatchNature.choices},
    "临时性": "temporary",
    "临时": "temporary",
    "辅助性": "auxiliary",
    "辅助": "auxiliary",
    "替代性": "substitute",
    "替代": "substitute",
}
# A vacancy in these statuses is reopened by 发布=是; a closed one is final.
PUBLISHABLE_FROM = frozenset({Status.DRAFT, Status.PAUSED, Status.FILLED})


@dataclass
class _PlannedVacancy:
    number: int
    vacancy: Vacancy
    skills: list[tuple[int, str, int]] | None  # None: keep the vacancy's skills
    publish: bool
    before: dict[str, Any] | None  # the stored values of an updated vacancy; None for a new one

    @property
    def is_new(self) -> bool:
        return self.before is None


def template_rows(*, example: bool = False) -> list[list[str]]:
    """The header row of the vacancy import template in Chinese, and optionally one example row."""
    rows = [template_header(VACANCY_COLUMNS)]
    if example:
        rows.append([column.example for column in VACANCY_COLUMNS])
    return rows


def import_vacancies(
    table: Table,
    *,
    enterprise: Enterprise | None = None,
    agency: Any | None = None,
    city: Any | None = None,
    actor: Any | None = None,
    dry_run: bool = False,
    valid_rows_only: bool = False,
) -> ImportReport:
    """Create or update (by external_ref) the vacancies of a sheet, all or nothing.

    Each row's enterprise is `enterprise` or the one its credit code names; with `agency`, the agency
    must serve it (and manages the vacancies); with `city`, it must be in that city. New vacancies are
    drafts unless 发布/publish is 是, which opens them (at least one skill needed). On update, blank
    optional cells keep the current values, and skill cells, when given, replace the vacancy's skills.
    """
    headers = resolve_columns(table, VACANCY_COLUMNS)
    if enterprise is None and "credit_code" not in headers:
        raise TableError(_("Missing columns: %(columns)s.") % {"columns": "企业信用代码/credit_code"})
    report = ImportReport()
    codes = {code.upper() for code in column_values(table, headers, "credit_code")}
    enterprises = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    served: set[int] = set()
    if agency is not None:
        # Through the reverse relation: enterprises never import the agencies app.
        served = set(Enterprise.objects.filter(agency_links__agency=agency).values_list("id", flat=True))
    occupations = occupations_by_code(column_values(table, headers, "occupation_code"))
    skills = SkillIndex() if {"required_skills", "preferred_skills"} & set(headers) else None
    refs = set(column_values(table, headers, "external_ref"))
    existing = {v.external_ref: v for v in Vacancy.objects.filter(external_ref__in=refs)} if refs else {}
    with_skills = (
        set(
            VacancySkill.objects.filter(vacancy__in=list(existing.values())).values_list(
                "vacancy_id", flat=True
            )
        )
        if existing
        else set()
    )

    parse_form = choice_parser(FORM_ALIASES, _("employment form"))
    parse_shift = choice_parser(SHIFT_ALIASES, _("shift pattern"))
    parse_nature = choice_parser(DISPATCH_NATURE_ALIASES, _("dispatch position nature"))
    parse_certificate = choice_parser(CERTIFICATE_ALIASES, _("certificate level (e.g. 四级 or 中级工)"))
    today = timezone.localdate()
    seen_refs: dict[str, int] = {}
    planned: list[_PlannedVacancy] = []

    for number, row in table.rows:
        report.rows_read += 1
        cells = Cells(number, row, headers)
        owner = _row_enterprise(cells, enterprise, enterprises)
        if owner is not None and agency is not None and owner.pk not in served:
            cells.error(
                "credit_code",
                _("%(agency)s does not serve %(enterprise)s, so it cannot post its vacancies.")
                % {"agency": agency.name, "enterprise": owner.name},
            )
        if owner is not None and city is not None and owner.city_id != city.pk:
            cells.error(
                "credit_code",
                _("%(enterprise)s is not in %(city)s.") % {"enterprise": owner.name, "city": city},
            )
        values: dict[str, Any] = {}
        for key, parser, required in (
            ("title", None, True),
            ("headcount", parse_int, False),
            ("pay_min", parse_int, True),
            ("pay_max", parse_int, True),
            ("employment_form", parse_form, True),
            ("dispatch_nature", parse_nature, False),
            ("shift_pattern", parse_shift, True),
            ("dormitory", parse_bool, False),
            ("min_certificate_level", parse_certificate, False),
            ("min_years_experience", parse_int, False),
            ("start_date", parse_date, True),
            ("closing_date", parse_date, False),
            ("description", None, False),
        ):
            value = cells.get(key, parser, required=required)
            if value is not None:
                values[key] = value
        if values.get("closing_date") and values["closing_date"] < today:
            cells.error("closing_date", _("The closing date has already passed."))
        occupation_code = cells.get("occupation_code", required=True)
        if occupation_code:
            if occupation_code in occupations:
                values["occupation_id"] = occupations[occupation_code]
            else:
                cells.error(
                    "occupation_code", _("Unknown occupation code %(code)s.") % {"code": occupation_code}
                )
        row_skills = _row_skills(cells, skills)
        publish = bool(cells.get("publish", parse_bool))

        ref = cells.raw("external_ref")
        vacancy: Vacancy | None = None
        if ref:
            if ref in seen_refs:
                cells.error(
                    "external_ref",
                    _("The external reference %(ref)s is already used on row %(row)s.")
                    % {"ref": ref, "row": seen_refs[ref]},
                )
            seen_refs.setdefault(ref, number)
            vacancy = existing.get(ref)
            if vacancy is not None and owner is not None and vacancy.enterprise_id != owner.pk:
                cells.error(
                    "external_ref",
                    _("The external reference %(ref)s belongs to another enterprise's vacancy.")
                    % {"ref": ref},
                )
            elif vacancy is not None and vacancy.status == Status.CLOSED:
                cells.error(
                    "external_ref", _("Vacancy %(ref)s is closed and cannot be changed.") % {"ref": ref}
                )
        if cells.errors or owner is None:
            report.errors.extend(cells.errors)
            continue

        before = None if vacancy is None else snapshot(vacancy, VACANCY_UPDATE_FIELDS)
        if vacancy is None:
            vacancy = Vacancy(
                enterprise=owner,
                external_ref=ref,
                city_id=owner.city_id,
                district_id=owner.district_id,
                latitude=owner.latitude,
                longitude=owner.longitude,
                status=Status.DRAFT,
            )
        if agency is not None:
            vacancy.agency = agency
        for name, value in values.items():
            setattr(vacancy, name, value)
        if "dispatch_nature" not in values and vacancy.employment_form != "dispatch":
            vacancy.dispatch_nature = ""
        if vacancy.headcount < vacancy.filled_count:
            cells.error(
                "headcount",
                _("%(filled)s positions are already filled: the headcount cannot be lower.")
                % {"filled": vacancy.filled_count},
            )
        if publish:
            has_skills = bool(row_skills) if row_skills is not None else vacancy.pk in with_skills
            if not has_skills:
                cells.error("required_skills", _("Add at least one required skill before publishing."))
            elif vacancy.status == Status.FILLED and vacancy.headcount <= vacancy.filled_count:
                cells.error("headcount", _("Every position is filled: raise the headcount to publish again."))
        try:
            vacancy.full_clean(exclude=VACANCY_FK_FIELDS, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            cells.add_validation_error(exc, VACANCY_FIELD_COLUMNS)
        if cells.errors:
            report.errors.extend(cells.errors)
            continue
        planned.append(
            _PlannedVacancy(number=number, vacancy=vacancy, skills=row_skills, publish=publish, before=before)
        )

    report.errors.sort(key=lambda error: error.row)
    if (report.errors and not valid_rows_only) or not planned:
        return report
    report.created = sum(plan.is_new for plan in planned)
    report.updated = len(planned) - report.created
    if dry_run:
        return report
    with transaction.atomic():
        _write_vacancies(planned, actor)
    report.written = True
    return report


def _row_enterprise(
    cells: Cells, enterprise: Enterprise | None, known: dict[str, Enterprise]
) -> Enterprise | None:
    code = cells.raw("credit_code").upper()
    if enterprise is not None:
        if code and code != enterprise.credit_code:
            cells.error(
                "credit_code",
                _("This sheet is for %(name)s (%(code)s); the row names another enterprise.")
                % {"name": enterprise.name, "code": enterprise.credit_code},
            )
            return None
        return enterprise
    if not code:
        cells.error("credit_code", _("This cell is required."))
        return None
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        cells.error("credit_code", " ".join(exc.messages))
        return None
    if code not in known:
        cells.error(
            "credit_code", _("No enterprise with the credit code %(code)s is registered.") % {"code": code}
        )
        return None
    return known[code]


def _row_skills(cells: Cells, skills: SkillIndex | None) -> list[tuple[int, str, int]] | None:
    """(skill id, importance, minimum level) of the row, or None when both skill cells are blank."""
    if skills is None or not (cells.has("required_skills") or cells.has("preferred_skills")):
        return None
    required = cells.get("required_skills", skills.parse) or []
    preferred = cells.get("preferred_skills", skills.parse) or []
    if {skill_id for skill_id, _level in required} & {skill_id for skill_id, _level in preferred}:
        cells.error("preferred_skills", _("A skill cannot be both required and preferred."))
    return [(skill_id, str(Importance.REQUIRED), level) for skill_id, level in required] + [
        (skill_id, str(Importance.PREFERRED), level) for skill_id, level in preferred
    ]


def _write_vacancies(planned: list[_PlannedVacancy], actor: Any | None) -> None:
    """Insert and update the vacancies, their skills and status history in a handful of queries."""
    now = timezone.now()
    new = [plan.vacancy for plan in planned if plan.is_new]
    for plan in planned:
        if plan.is_new and plan.publish:
            plan.vacancy.status, plan.vacancy.published_at = Status.OPEN, now
    Vacancy.objects.bulk_create(new, batch_size=BATCH_SIZE)
    bulk_update_changed(
        Vacancy, [(plan.vacancy, plan.before) for plan in planned if plan.before is not None], now=now
    )

    replaced = [plan.vacancy.pk for plan in planned if plan.skills is not None and not plan.is_new]
    if replaced:
        VacancySkill.objects.filter(vacancy_id__in=replaced).delete()
    VacancySkill.objects.bulk_create(
        [
            VacancySkill(
                vacancy_id=plan.vacancy.pk, skill_id=skill_id, importance=importance, min_level=level
            )
            for plan in planned
            if plan.skills
            for skill_id, importance, level in plan.skills
        ],
        batch_size=BATCH_SIZE,
    )
    changes = []
    for plan in planned:
        if plan.is_new:
            changes.append(
                VacancyStatusChange(
                    vacancy=plan.vacancy, from_status="", to_status=Status.DRAFT, changed_by=actor
                )
            )
            if plan.publish:
                changes.append(
                    VacancyStatusChange(
                        vacancy=plan.vacancy,
                        from_status=Status.DRAFT,
                        to_status=Status.OPEN,
                        changed_by=actor,
                    )
                )
    VacancyStatusChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
    for plan in planned:
        if plan.is_new and plan.publish:
            vacancy_published.send(sender=Vacancy, vacancy=plan.vacancy)
        elif plan.publish and plan.vacancy.status in PUBLISHABLE_FROM:
            vacancy_transition(vacancy=plan.vacancy, to=Status.OPEN, actor=actor)
