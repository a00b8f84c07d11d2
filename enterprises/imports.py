"""Bulk import of vacancies from a CSV or XLSX sheet, for an enterprise's HR or an agency serving it.

Columns are documented in docs/data-formats.md (English and Chinese headers; cell parsing is shared with
talent.imports). Every row is checked first, including the model's full_clean; nothing is written unless
every row is valid, or, with valid_rows_only, only the valid rows are, in one transaction. `external_ref`
is the upsert key: a row whose reference an existing vacancy of the same enterprise carries updates it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.board import board_invalidate_on_commit
from enterprises.credit_codes import validate_credit_code
from enterprises.models import Enterprise, Vacancy, VacancySkill, VacancyStatusChange
from enterprises.services import vacancy_transition
from enterprises.signals import vacancy_published
from hrmatch.actors import Actor, person_of
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
    check_reference,
    choice_parser,
    column_values,
    import_rows,
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
VACANCY_UPDATE_FIELDS = ["agency", *Vacancy.TERM_FIELDS, "updated_at"]
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


@dataclass
class _VacancySheet:
    """What every row of one vacancy sheet is checked against: read once per file."""

    enterprise: Enterprise | None
    agency: Any | None
    city: Any | None
    enterprises: dict[str, Enterprise]
    served: set[int]
    occupations: dict[str, int]
    skills: SkillIndex | None
    existing: dict[Any, Vacancy]
    with_skills: set[int]
    today: Any
    seen_refs: dict[str, int] = field(default_factory=dict)
    parsers: dict[str, Callable[[str], Any]] = field(default_factory=lambda: _vacancy_parsers())


def _vacancy_parsers() -> dict[str, Callable[[str], Any]]:
    """The parsers of the choice columns, with the words people write for each choice."""
    return {
        "employment_form": choice_parser(FORM_ALIASES, _("employment form")),
        "shift_pattern": choice_parser(SHIFT_ALIASES, _("shift pattern")),
        "dispatch_nature": choice_parser(DISPATCH_NATURE_ALIASES, _("dispatch position nature")),
        "min_certificate_level": choice_parser(
            CERTIFICATE_ALIASES, _("certificate level (e.g. 四级 or 中级工)")
        ),
    }


def import_vacancies(
    table: Table,
    *,
    enterprise: Enterprise | None = None,
    agency: Any | None = None,
    city: Any | None = None,
    actor: Actor | None = None,
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
    sheet = _vacancy_sheet(table, headers, enterprise=enterprise, agency=agency, city=city)
    return import_rows(
        table,
        headers,
        ImportReport(),
        plan=lambda cells: _plan_vacancy(cells, sheet),
        write=lambda planned: _write_vacancies(planned, actor),
        dry_run=dry_run,
        valid_rows_only=valid_rows_only,
    )


def _vacancy_sheet(
    table: Table, headers: dict[str, str], *, enterprise: Enterprise | None, agency: Any, city: Any
) -> _VacancySheet:
    """The lookups of one sheet: enterprises, the agency's clients, occupations, skills, named vacancies."""
    codes = {code.upper() for code in column_values(table, headers, "credit_code")}
    served: set[int] = set()
    if agency is not None:
        # Through the reverse relation: enterprises never import the agencies app.
        served = set(Enterprise.objects.filter(agency_links__agency=agency).values_list("id", flat=True))
    refs = set(column_values(table, headers, "external_ref"))
    # References are matched only within the importer's own tenant: the agency's vacancies, or the
    # enterprise's own (agency-less) ones; another tenant's reference is never reached or revealed.
    # Keys: the reference within the agency, or (enterprise, reference) for enterprises' own vacancies.
    existing: dict[Any, Vacancy] = {}
    if refs and agency is not None:
        existing = {v.external_ref: v for v in Vacancy.objects.filter(agency=agency, external_ref__in=refs)}
    elif refs:
        own = Vacancy.objects.filter(agency__isnull=True, external_ref__in=refs)
        if enterprise is not None:
            own = own.filter(enterprise=enterprise)
        existing = {(v.enterprise_id, v.external_ref): v for v in own}
    with_skills = set(
        VacancySkill.objects.filter(vacancy__in=list(existing.values())).values_list("vacancy_id", flat=True)
    )
    return _VacancySheet(
        enterprise=enterprise,
        agency=agency,
        city=city,
        enterprises={e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)},
        served=served,
        occupations=occupations_by_code(column_values(table, headers, "occupation_code")),
        skills=SkillIndex() if {"required_skills", "preferred_skills"} & set(headers) else None,
        existing=existing,
        with_skills=with_skills if existing else set(),
        today=timezone.localdate(),
    )


def _row_owner(cells: Cells, sheet: _VacancySheet) -> Enterprise | None:
    """The row's enterprise, which the agency must serve and which must be in the sheet's city."""
    owner = _row_enterprise(cells, sheet.enterprise, sheet.enterprises)
    if owner is not None and sheet.agency is not None and owner.pk not in sheet.served:
        cells.error(
            "credit_code",
            _("%(agency)s does not serve %(enterprise)s, so it cannot post its vacancies.")
            % {"agency": sheet.agency.name, "enterprise": owner.name},
        )
    if owner is not None and sheet.city is not None and owner.city_id != sheet.city.pk:
        cells.error(
            "credit_code",
            _("%(enterprise)s is not in %(city)s.") % {"enterprise": owner.name, "city": sheet.city},
        )
    return owner


def _vacancy_values(cells: Cells, sheet: _VacancySheet) -> dict[str, Any]:
    """The row's terms as model field values (blank optional cells are left out)."""
    values: dict[str, Any] = {}
    for key, parser, required in (
        ("title", None, True),
        ("headcount", parse_int, False),
        ("pay_min", parse_int, True),
        ("pay_max", parse_int, True),
        ("employment_form", sheet.parsers["employment_form"], True),
        ("dispatch_nature", sheet.parsers["dispatch_nature"], False),
        ("shift_pattern", sheet.parsers["shift_pattern"], True),
        ("dormitory", parse_bool, False),
        ("min_certificate_level", sheet.parsers["min_certificate_level"], False),
        ("min_years_experience", parse_int, False),
        ("start_date", parse_date, True),
        ("closing_date", parse_date, False),
        ("description", None, False),
    ):
        value = cells.get(key, parser, required=required)
        if value is not None:
            values[key] = value
    if values.get("closing_date") and values["closing_date"] < sheet.today:
        cells.error("closing_date", _("The closing date has already passed."))
    occupation_code = cells.get("occupation_code", required=True)
    if occupation_code and occupation_code in sheet.occupations:
        values["occupation_id"] = sheet.occupations[occupation_code]
    elif occupation_code:
        cells.error("occupation_code", _("Unknown occupation code %(code)s.") % {"code": occupation_code})
    return values


def _existing_vacancy(
    cells: Cells, sheet: _VacancySheet, owner: Enterprise | None
) -> tuple[str, Vacancy | None]:
    """The row's external reference and the vacancy it names (of the same enterprise, not closed)."""
    ref = check_reference(cells, sheet.seen_refs)
    key: Any = ref if sheet.agency is not None else (owner.pk if owner else None, ref)
    vacancy = sheet.existing.get(key) if ref else None
    if vacancy is not None and owner is not None and vacancy.enterprise_id != owner.pk:
        cells.error(
            "external_ref",
            _("The external reference %(ref)s belongs to another enterprise's vacancy.") % {"ref": ref},
        )
    elif vacancy is not None and vacancy.status == Status.CLOSED:
        cells.error("external_ref", _("Vacancy %(ref)s is closed and cannot be changed.") % {"ref": ref})
    return ref, vacancy


def _plan_vacancy(cells: Cells, sheet: _VacancySheet) -> _PlannedVacancy | None:
    """A row as a new or changed vacancy, checked by the model's full_clean; None when the row is bad."""
    owner = _row_owner(cells, sheet)
    values = _vacancy_values(cells, sheet)
    row_skills = _row_skills(cells, sheet.skills)
    publish = bool(cells.get("publish", parse_bool))
    ref, vacancy = _existing_vacancy(cells, sheet, owner)
    if cells.errors or owner is None:
        return None
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
    if sheet.agency is not None:
        vacancy.agency = sheet.agency
    for name, value in values.items():
        setattr(vacancy, name, value)
    if "dispatch_nature" not in values and vacancy.employment_form != "dispatch":
        vacancy.dispatch_nature = ""
    _check_counts(cells, sheet, vacancy, row_skills, publish)
    try:
        vacancy.full_clean(exclude=VACANCY_FK_FIELDS, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        cells.add_validation_error(exc, VACANCY_FIELD_COLUMNS)
    if cells.errors:
        return None
    return _PlannedVacancy(
        number=cells.number, vacancy=vacancy, skills=row_skills, publish=publish, before=before
    )


def _check_counts(
    cells: Cells,
    sheet: _VacancySheet,
    vacancy: Vacancy,
    row_skills: list[tuple[int, str, int]] | None,
    publish: bool,
) -> None:
    """The headcount covers the filled positions; a vacancy to publish has skills and open positions."""
    if vacancy.headcount < vacancy.filled_count:
        cells.error(
            "headcount",
            _("%(filled)s positions are already filled: the headcount cannot be lower.")
            % {"filled": vacancy.filled_count},
        )
    if publish:
        has_skills = bool(row_skills) if row_skills is not None else vacancy.pk in sheet.with_skills
        if not has_skills:
            cells.error("required_skills", _("Add at least one required skill before publishing."))
        elif vacancy.status == Status.FILLED and vacancy.headcount <= vacancy.filled_count:
            cells.error("headcount", _("Every position is filled: raise the headcount to publish again."))


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


def _write_vacancies(planned: list[_PlannedVacancy], actor: Actor | None) -> None:
    person = person_of(actor)
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
                    vacancy=plan.vacancy, from_status="", to_status=Status.DRAFT, changed_by=person
                )
            )
            if plan.publish:
                changes.append(
                    VacancyStatusChange(
                        vacancy=plan.vacancy,
                        from_status=Status.DRAFT,
                        to_status=Status.OPEN,
                        changed_by=person,
                    )
                )
    VacancyStatusChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
    board_invalidate_on_commit(city_ids=[plan.vacancy.city_id for plan in planned])
    for plan in planned:
        if plan.is_new and plan.publish:
            vacancy_published.send(sender=Vacancy, vacancy=plan.vacancy)
        elif plan.publish and plan.vacancy.status in PUBLISHABLE_FROM:
            vacancy_transition(vacancy=plan.vacancy, to=Status.OPEN, actor=actor)
