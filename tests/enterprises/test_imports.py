import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from enterprises.imports import VACANCY_COLUMNS, import_vacancies, template_rows
from enterprises.models import Vacancy, VacancySkill, VacancyStatusChange
from hrmatch.actors import actor_for
from hrmatch.tabular import TableError, read_table
from talent.sheets import resolve_columns
from tests import factories

HEADER = [
    "credit_code",
    "title",
    "occupation_code",
    "headcount",
    "pay_min",
    "pay_max",
    "employment_form",
    "dispatch_nature",
    "shift_pattern",
    "dormitory",
    "min_certificate_level",
    "start_date",
    "required_skills",
    "preferred_skills",
    "external_ref",
    "publish",
]
HEADER_ZH = [
    "企业信用代码",
    "岗位名称",
    "职业编码",
    "招聘人数",
    "月薪下限",
    "月薪上限",
    "用工形式",
    "派遣岗位性质",
    "班次",
    "住宿",
    "证书等级",
    "到岗日期",
    "必备技能",
    "优先技能",
    "外部编号",
    "发布",
]
START = (timezone.localdate() + dt.timedelta(days=30)).isoformat()


@pytest.fixture
def welder(db):
    return factories.OccupationFactory(code="6-18-02-04", name="焊工")


@pytest.fixture
def skills(db):
    return {
        "tig": factories.SkillFactory(code="welding-tig", name_zh="焊工-氩弧焊", name_en="TIG welding"),
        "drawing": factories.SkillFactory(
            code="blueprint-reading", name_zh="机械识图", name_en="Blueprint reading"
        ),
    }


@pytest.fixture
def client_factory(enterprise, agency):
    """The factory the agency posts for."""
    factories.AgencyClientFactory(agency=agency, enterprise=enterprise)
    return enterprise


@pytest.fixture
def ready(welder, skills, client_factory):
    return client_factory


def row(enterprise, n: int, **changes: str) -> list[str]:
    values = {
        "credit_code": enterprise.credit_code,
        "title": f"氩弧焊工{n}",
        "occupation_code": "6-18-02-04",
        "headcount": "5",
        "pay_min": "6000",
        "pay_max": "8000",
        "employment_form": "直招",
        "dispatch_nature": "",
        "shift_pattern": "两班倒",
        "dormitory": "是",
        "min_certificate_level": "四级",
        "start_date": START,
        "required_skills": "焊工-氩弧焊:3",
        "preferred_skills": "机械识图:2",
        "external_ref": f"JOB-{n:04d}",
        "publish": "否",
    }
    values.update(changes)
    return [values[column] for column in HEADER]


def csv_table(rows, header=HEADER, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return read_table(io.BytesIO(buffer.getvalue().encode(encoding)), name="vacancies.csv")


def test_an_agency_imports_a_clean_sheet_of_vacancies_for_its_client(ready, agency, agency_staff):
    table = csv_table([row(ready, 1), row(ready, 2, publish="是")])

    report = import_vacancies(table, agency=agency, actor=actor_for(agency_staff))

    assert report.ok and report.written and report.created == 2
    draft, published = (
        Vacancy.objects.get(external_ref="JOB-0001"),
        Vacancy.objects.get(external_ref="JOB-0002"),
    )
    assert (draft.status, draft.agency, draft.enterprise, draft.city) == ("draft", agency, ready, ready.city)
    assert (draft.shift_pattern, draft.dormitory, draft.min_certificate_level) == ("two_shift", True, 3)
    assert set(draft.skill_requirements.values_list("skill__code", "importance", "min_level")) == {
        ("welding-tig", "required", 3),
        ("blueprint-reading", "preferred", 2),
    }
    assert published.status == "open" and published.published_at is not None
    assert list(
        VacancyStatusChange.objects.filter(vacancy=published).values_list(
            "from_status", "to_status", "changed_by"
        )
    ) == [("", "draft", agency_staff.pk), ("draft", "open", agency_staff.pk)]


def test_chinese_headers_and_an_xlsx_file_import_the_same(ready, agency):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER_ZH)
    values = row(ready, 1)
    values[HEADER.index("start_date")] = dt.datetime.combine(dt.date.fromisoformat(START), dt.time())
    values[HEADER.index("pay_min")] = 6500
    sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    report = import_vacancies(read_table(buffer, name="jobs.xlsx"), agency=agency)

    assert report.written, report.errors
    vacancy = Vacancy.objects.get()
    assert (vacancy.pay_min, vacancy.start_date.isoformat()) == (6500, START)


def test_a_gb18030_csv_imports(ready, agency):
    report = import_vacancies(csv_table([row(ready, 1)], header=HEADER_ZH, encoding="gb18030"), agency=agency)

    assert report.written
    assert Vacancy.objects.get().title == "氩弧焊工1"


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"pay_min": "9000", "pay_max": "8000"}, "pay_max", "must not be below the minimum pay"),
        ({"employment_form": "派遣"}, "dispatch_nature", "temporary, auxiliary or substitute"),
        ({"credit_code": "91330200000000001X"}, "credit_code", "check character"),
        ({"credit_code": "9133"}, "credit_code", "18 characters"),
        ({"occupation_code": "9-99-99-99"}, "occupation_code", "Unknown occupation code"),
        ({"required_skills": "吹玻璃:3"}, "required_skills", "unknown skill"),
        ({"preferred_skills": "焊工-氩弧焊:2"}, "preferred_skills", "both required and preferred"),
        ({"start_date": "2026-13-01"}, "start_date", "not a date"),
        ({"closing_date": "2020-01-01"}, "closing_date", "already passed"),
        ({"shift_pattern": "随便"}, "shift_pattern", "Unknown shift pattern"),
        ({"min_certificate_level": "3"}, "min_certificate_level", "Unknown certificate level"),
        ({"headcount": "0"}, "headcount", "1"),  # Django's own message, in Chinese
        ({"title": ""}, "title", "required"),
        ({"publish": "是", "required_skills": "", "preferred_skills": ""}, "required_skills", "at least one"),
    ],
)
def test_one_bad_row_writes_nothing_and_names_its_row_column_and_reason(
    ready, agency, changes, column, reason
):
    header = [*HEADER, "closing_date"]
    values = {"closing_date": "", **changes}
    bad = [*row(ready, 2, **{k: v for k, v in values.items() if k != "closing_date"}), values["closing_date"]]
    table = csv_table([[*row(ready, 1), ""], bad], header=header)

    report = import_vacancies(table, agency=agency)

    assert not report.written
    assert [(error.row, error.column) for error in report.errors] == [(3, column)]
    assert reason in report.errors[0].message
    assert not Vacancy.objects.exists()


def test_a_dispatch_vacancy_with_its_nature_imports(ready, agency):
    report = import_vacancies(
        csv_table([row(ready, 1, employment_form="劳务派遣", dispatch_nature="辅助性")]), agency=agency
    )

    assert report.written
    assert Vacancy.objects.get().dispatch_nature == "auxiliary"


def test_an_enterprise_the_agency_does_not_serve_is_refused(welder, skills, agency, city):
    stranger = factories.EnterpriseFactory(city=city)

    report = import_vacancies(csv_table([row(stranger, 1)]), agency=agency)

    assert [(error.row, error.column) for error in report.errors] == [(2, "credit_code")]
    assert "does not serve" in report.errors[0].message


def test_an_unregistered_credit_code_is_refused(welder, skills, agency):
    from tests.factories import credit_code

    report = import_vacancies(
        csv_table([row(factories.EnterpriseFactory.build(credit_code=credit_code(999_999)), 1)])
    )

    assert "No enterprise" in report.errors[0].message


def test_a_duplicate_external_ref_within_the_file_is_an_error(ready, agency):
    report = import_vacancies(
        csv_table([row(ready, 1), row(ready, 2, external_ref="JOB-0001")]), agency=agency
    )

    assert [(error.row, error.column) for error in report.errors] == [(3, "external_ref")]


def test_valid_rows_only_writes_the_good_rows_and_reports_the_rest(ready, agency):
    table = csv_table([row(ready, 1), row(ready, 2, pay_min="abc"), row(ready, 3)])

    report = import_vacancies(table, agency=agency, valid_rows_only=True)

    assert report.written and report.created == 2 and [e.row for e in report.errors] == [3]
    assert Vacancy.objects.count() == 2


def test_a_reimport_with_the_same_external_ref_updates_the_vacancy(ready, agency):
    import_vacancies(csv_table([row(ready, 1)]), agency=agency)
    original = Vacancy.objects.get()

    report = import_vacancies(
        csv_table(
            [row(ready, 1, pay_max="9000", required_skills="机械识图:3", preferred_skills="", publish="是")]
        ),
        agency=agency,
    )

    assert (report.created, report.updated) == (0, 1), report.errors
    vacancy = Vacancy.objects.get()
    assert vacancy.pk == original.pk
    assert (vacancy.pay_max, vacancy.status) == (9000, "open")
    assert list(VacancySkill.objects.values_list("skill__code", "importance")) == [
        ("blueprint-reading", "required")
    ]


def test_an_external_ref_of_another_tenants_vacancy_is_neither_reached_nor_revealed(ready, agency, city):
    other = factories.VacancyFactory(
        enterprise=factories.EnterpriseFactory(city=city), external_ref="JOB-0001"
    )

    report = import_vacancies(csv_table([row(ready, 1)]), agency=agency)

    assert report.ok and report.created == 1
    other.refresh_from_db()
    assert other.agency is None and other.enterprise != ready
    assert Vacancy.objects.filter(external_ref="JOB-0001", agency=agency, enterprise=ready).exists()


def test_an_agencys_own_reference_used_for_another_client_is_refused(ready, agency, city):
    other_client = factories.EnterpriseFactory(city=city)
    factories.AgencyClientFactory(agency=agency, enterprise=other_client)
    factories.VacancyFactory(enterprise=other_client, agency=agency, external_ref="JOB-0001")

    report = import_vacancies(csv_table([row(ready, 1)]), agency=agency)

    assert "another enterprise" in report.errors[0].message


def test_factory_hr_imports_for_their_own_enterprise_without_credit_codes(ready, factory_hr):
    header = [column for column in HEADER if column != "credit_code"]
    table = csv_table([row(ready, 1)[1:]], header=header)

    report = import_vacancies(table, enterprise=ready, actor=actor_for(factory_hr))

    assert report.written and Vacancy.objects.get().agency is None


def test_a_row_for_another_enterprise_is_refused_when_importing_for_one(ready, city):
    other = factories.EnterpriseFactory(city=city)

    report = import_vacancies(csv_table([row(other, 1)]), enterprise=ready)

    assert report.errors[0].column == "credit_code"


def test_a_sheet_without_credit_codes_needs_an_enterprise(ready):
    with pytest.raises(TableError, match="credit_code"):
        import_vacancies(csv_table([row(ready, 1)[1:]], header=HEADER[1:]))


def test_the_template_header_is_chinese_and_imports_as_is(db):
    header = template_rows()[0]

    assert header[:2] == ["企业信用代码", "岗位名称*"]
    table = read_table(io.BytesIO((",".join(header) + "\n").encode()), name="template.csv")
    assert set(resolve_columns(table, VACANCY_COLUMNS)) == {column.key for column in VACANCY_COLUMNS}


def test_importing_200_vacancies_takes_a_bounded_number_of_queries(
    ready, agency, django_assert_max_num_queries
):
    table = csv_table([row(ready, n, publish="是") for n in range(1, 201)])

    with django_assert_max_num_queries(20):
        report = import_vacancies(table, agency=agency)

    assert report.written and Vacancy.objects.filter(status="open").count() == 200
    assert VacancySkill.objects.count() == 400


def test_the_command_prints_each_bad_row_and_fails_when_nothing_was_written(ready, agency, tmp_path, capsys):
    path = tmp_path / "jobs.csv"
    path.write_text(
        ",".join(HEADER) + "\n" + ",".join(row(ready, 1, pay_min="9000")) + "\n", encoding="utf-8"
    )

    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_vacancies", str(path), "--agency", agency.credit_code)

    assert "row 2, pay_max" in capsys.readouterr().err


def test_the_command_writes_valid_rows_only_when_asked(ready, agency, tmp_path, capsys):
    path = tmp_path / "jobs.csv"
    lines = [",".join(HEADER), ",".join(row(ready, 1)), ",".join(row(ready, 2, pay_min="9000"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    call_command(
        "import_vacancies",
        str(path),
        "--agency",
        str(agency.pk),
        "--city",
        ready.city.code,
        "--valid-rows-only",
    )

    output = capsys.readouterr()
    assert "1 new" in output.out and "row 3" in output.err
    assert Vacancy.objects.count() == 1
