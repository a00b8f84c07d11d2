import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from hrmatch.tabular import RowError, TableError, read_table
from talent.identity import hash_id_number, id_check_character
from talent.imports import WORKER_COLUMNS, import_workers, template_rows
from talent.models import ConsentRecord, WorkerDuplicate, WorkerProfile, WorkerSkill
from talent.sheets import resolve_columns
from talent.work_terms import FORM_BITS, SHIFT_BITS
from tests import factories

HEADER = [
    "full_name",
    "mobile",
    "id_number",
    "birth_year",
    "gender",
    "district",
    "desired_pay",
    "forms",
    "shifts",
    "available_from",
    "skills",
    "external_ref",
]
HEADER_ZH = [
    "姓名",
    "手机号",
    "身份证号",
    "出生年份",
    "性别",
    "区县",
    "期望月薪",
    "可接受用工形式",
    "班次",
    "到岗日期",
    "技能",
    "外部编号",
]


def id_number(n: int, year: int = 1990) -> str:
    first17 = f"330206{year}0101{n:03d}"
    return first17 + id_check_character(first17)


def row(n: int, **changes: str) -> list[str]:
    values = {
        "full_name": f"工人{n}",
        "mobile": f"138{n:08d}",
        "id_number": "",
        "birth_year": "1990",
        "gender": "男",
        "district": "北仑区",
        "desired_pay": "7000",
        "forms": "直招;派遣",
        "shifts": "白班;两班倒",
        "available_from": "2026-03-01",
        "skills": "焊工-氩弧焊:3;机械识图:2",
        "external_ref": f"NB-{n:04d}",
    }
    values.update(changes)
    return [values[column] for column in HEADER]


def csv_table(rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return read_table(io.BytesIO(buffer.getvalue().encode(encoding)), name="workers.csv")


@pytest.fixture
def beilun(city):
    return factories.DistrictFactory(
        city=city, code="330206", name_zh="北仑区", name_en="Beilun", latitude=29.9
    )


@pytest.fixture
def skills(db):
    return {
        "tig": factories.SkillFactory(code="welding-tig", name_zh="焊工-氩弧焊", name_en="TIG welding"),
        "drawing": factories.SkillFactory(
            code="blueprint-reading", name_zh="机械识图", name_en="Blueprint reading"
        ),
    }


@pytest.fixture
def sheet(city, beilun, skills):
    """What agency staff usually upload: a few workers, every column filled in."""
    return city


def test_a_clean_sheet_registers_every_worker_with_skills_and_consent(sheet, city, beilun, skills, agency):
    report = import_workers(csv_table([row(1), row(2), row(3)]), agency=agency, city=city)

    assert report.ok and report.written
    assert (report.rows_read, report.created, report.updated) == (3, 3, 0)
    worker = WorkerProfile.objects.get(external_ref="NB-0001")
    assert (worker.full_name, worker.mobile, worker.gender, worker.home_district, worker.latitude) == (
        "工人1",
        "13800000001",
        "male",
        beilun,
        29.9,
    )
    assert worker.form_mask == FORM_BITS["direct"] | FORM_BITS["dispatch"]
    assert worker.preferred_form == "direct"
    assert worker.shift_mask == SHIFT_BITS["day"] | SHIFT_BITS["two_shift"]
    assert worker.available_from == dt.date(2026, 3, 1)
    assert worker.managing_agency == agency
    assert dict(worker.skills.values_list("skill__code", "level")) == {
        "welding-tig": 3,
        "blueprint-reading": 2,
    }
    # No 同意自动匹配 column: matching consent belongs to the worker, so none is recorded.
    assert not ConsentRecord.objects.filter(purpose="matching").exists()
    assert worker.consent_to_matching is False


def test_a_sheet_with_the_consent_column_records_paper_consents_by_the_importer(sheet, city, agency):
    header = [*HEADER, "consent_to_matching"]
    rows = [[*row(1), "是"], [*row(2), "否"]]
    user = factories.UserFactory(username="importer")
    from hrmatch.actors import Actor

    report = import_workers(csv_table(rows, header=header), agency=agency, city=city, actor=Actor(user=user))
    assert report.ok and report.written
    [record] = ConsentRecord.objects.filter(purpose="matching")
    assert (record.worker.external_ref, record.basis, record.granted_by) == ("NB-0001", "paper", user)
    assert record.note
    assert WorkerProfile.objects.get(external_ref="NB-0002").consent_to_matching is False


def test_chinese_headers_import_the_same_as_english_ones(sheet, city):
    report = import_workers(csv_table([row(1)], header=HEADER_ZH), agency=None, city=city)

    assert report.written
    assert WorkerProfile.objects.get().home_district.name_zh == "北仑区"


def test_one_bad_row_writes_nothing_and_names_its_row_column_and_reason(sheet, city):
    table = csv_table([row(1), row(2, mobile="12345"), row(3)], header=HEADER_ZH)

    report = import_workers(table, agency=None, city=city)

    assert not report.written
    assert [(error.row, error.column) for error in report.errors] == [(3, "手机号")]
    assert "11-digit" in report.errors[0].message
    assert not WorkerProfile.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("skills", "焊工-氩弧焊:3;吹玻璃:2", "unknown skill “吹玻璃”"),
        ("skills", "焊工-氩弧焊:9", "must be 1 to 5"),
        ("district", "海曙区", "Unknown district"),
        ("available_from", "next week", "not a date"),
        ("available_from", "2026-02-30", "not a date"),
        ("forms", "直招;包工头", "Unknown employment form"),
        ("gender", "x", "Unknown gender"),
        ("birth_year", "1930", "1940"),
        ("desired_pay", "七千", "not a whole number"),
        ("id_number", "330206199001011230", "check character"),
    ],
)
def test_each_kind_of_bad_cell_is_reported_with_a_clear_reason(sheet, city, column, value, reason):
    report = import_workers(csv_table([row(1, **{column: value})]), agency=None, city=city)

    assert len(report.errors) == 1
    error = report.errors[0]
    assert (error.row, error.column) == (2, column)
    assert reason in error.message
    assert not WorkerProfile.objects.exists()


def test_a_birth_year_that_contradicts_the_id_number_is_an_error(sheet, city):
    report = import_workers(
        csv_table([row(1, id_number=id_number(1, 1990), birth_year="1991")]), agency=None, city=city
    )

    assert report.errors == [RowError(2, "birth_year", "The birth year does not match the ID number.")]


def test_the_birth_year_comes_from_the_id_number_when_left_blank(sheet, city):
    import_workers(csv_table([row(1, id_number=id_number(1, 1985), birth_year="")]), agency=None, city=city)

    assert WorkerProfile.objects.get().birth_year == 1985


def test_valid_rows_only_writes_the_good_rows_and_reports_the_rest(sheet, city):
    table = csv_table([row(1), row(2, skills="吹玻璃:2"), row(3)])

    report = import_workers(table, agency=None, city=city, valid_rows_only=True)

    assert report.written and (report.created, len(report.errors)) == (2, 1)
    assert report.errors[0].row == 3
    assert set(WorkerProfile.objects.values_list("external_ref", flat=True)) == {"NB-0001", "NB-0003"}


def test_a_dry_run_counts_what_would_be_written_and_writes_nothing(sheet, city):
    report = import_workers(csv_table([row(1), row(2)]), agency=None, city=city, dry_run=True)

    assert report.ok and not report.written and report.created == 2
    assert not WorkerProfile.objects.exists()


def test_an_xlsx_sheet_with_date_cells_and_numeric_mobiles_imports(sheet, city):
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.append(HEADER_ZH)
    values = row(1)
    values[1] = 13800000001  # Excel turns phone numbers into numbers
    values[9] = dt.datetime(2026, 4, 15)
    values[6] = 7500
    worksheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    report = import_workers(read_table(buffer, name="workers.xlsx"), agency=None, city=city)

    assert report.written, report.errors
    worker = WorkerProfile.objects.get()
    assert (worker.mobile, worker.available_from, worker.desired_pay) == (
        "13800000001",
        dt.date(2026, 4, 15),
        7500,
    )


def test_an_excel_serial_date_is_understood(sheet, city):
    import_workers(csv_table([row(1, available_from="46082")]), agency=None, city=city)

    assert WorkerProfile.objects.get().available_from == dt.date(2026, 3, 1)


def test_a_gb18030_csv_from_chinese_excel_imports(sheet, city):
    report = import_workers(csv_table([row(1)], header=HEADER_ZH, encoding="gb18030"), agency=None, city=city)

    assert report.written
    assert WorkerProfile.objects.get().full_name == "工人1"


def test_duplicate_mobiles_and_id_numbers_are_flagged_never_merged(sheet, city):
    existing = factories.WorkerProfileFactory(home_city=city, mobile="13800000001")
    same_id = id_number(7)
    table = csv_table([row(1), row(2, id_number=same_id), row(3, id_number=same_id)])

    report = import_workers(table, agency=None, city=city)

    assert report.written and report.duplicates_flagged == 2
    assert WorkerProfile.objects.count() == 4
    first = WorkerProfile.objects.get(external_ref="NB-0001")
    second = WorkerProfile.objects.get(external_ref="NB-0002")
    third = WorkerProfile.objects.get(external_ref="NB-0003")
    assert set(WorkerDuplicate.objects.values_list("worker", "duplicate_of", "reason")) == {
        (first.pk, existing.pk, "mobile"),
        (third.pk, second.pk, "id_number"),
    }


def test_an_id_number_is_stored_only_as_hash_and_mask(sheet, city):
    number = id_number(5)

    import_workers(csv_table([row(1, id_number=number)]), agency=None, city=city)

    worker = WorkerProfile.objects.get()
    assert worker.id_number_hash == hash_id_number(number)
    assert worker.id_number_masked == "330206********" + number[-4:]
    stored = WorkerProfile.objects.values().get()
    assert not any(number in str(value) for value in stored.values())


def test_a_reimport_with_the_same_external_ref_updates_instead_of_duplicating(sheet, city, agency, skills):
    import_workers(csv_table([row(1), row(2)]), agency=agency, city=city)
    original = WorkerProfile.objects.get(external_ref="NB-0001")

    report = import_workers(
        csv_table([row(1, desired_pay="9000", skills="机械识图:4", district="")]), agency=agency, city=city
    )

    assert (report.created, report.updated) == (0, 1)
    assert WorkerProfile.objects.count() == 2
    worker = WorkerProfile.objects.get(external_ref="NB-0001")
    assert worker.pk == original.pk
    assert worker.desired_pay == 9000
    assert worker.home_district == original.home_district  # a blank cell keeps the current value
    assert dict(WorkerSkill.objects.filter(worker=worker).values_list("skill__code", "level")) == {
        "blueprint-reading": 4
    }
    assert not WorkerDuplicate.objects.exists()


def test_external_refs_are_scoped_to_the_managing_agency(sheet, city, agency):
    other_agency = factories.AgencyFactory(city=city)
    import_workers(csv_table([row(1)]), agency=agency, city=city)

    report = import_workers(csv_table([row(2, external_ref="NB-0001")]), agency=other_agency, city=city)

    assert report.created == 1
    assert WorkerProfile.objects.filter(external_ref="NB-0001").count() == 2


def test_an_external_ref_used_twice_in_one_file_is_an_error(sheet, city):
    report = import_workers(csv_table([row(1), row(2, external_ref="NB-0001")]), agency=None, city=city)

    assert [(error.row, error.column) for error in report.errors] == [(3, "external_ref")]
    assert "row 2" in report.errors[0].message


def test_an_unknown_or_missing_column_fails_the_whole_file(sheet, city):
    with pytest.raises(TableError, match="Unknown columns: 爱好"):
        import_workers(csv_table([[*row(1), "钓鱼"]], header=[*HEADER, "爱好"]), agency=None, city=city)
    with pytest.raises(TableError, match="手机号/mobile"):
        import_workers(csv_table([["张三"]], header=["姓名"]), agency=None, city=city)


def test_the_template_header_is_chinese_and_imports_as_is(db):
    header = template_rows()[0]

    assert header[:2] == ["姓名*", "手机号*"]
    table = read_table(io.BytesIO((",".join(header) + "\n").encode()), name="template.csv")
    assert set(resolve_columns(table, WORKER_COLUMNS)) == {column.key for column in WORKER_COLUMNS}
    assert len(template_rows(example=True)[1]) == len(header)


def test_importing_200_workers_takes_a_bounded_number_of_queries(
    sheet, city, agency, django_assert_max_num_queries
):
    table = csv_table([row(n, id_number=id_number(n)) for n in range(1, 201)])

    with django_assert_max_num_queries(20):
        report = import_workers(table, agency=agency, city=city)

    assert report.written and report.created == 200
    assert WorkerSkill.objects.count() == 400


def test_the_command_prints_each_bad_row_and_fails_when_nothing_was_written(sheet, city, tmp_path, capsys):
    path = tmp_path / "workers.csv"
    path.write_text(f"{','.join(HEADER)}\n{','.join(row(1, mobile='123'))}\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_workers", str(path), "--city", city.code)

    assert "row 2, mobile" in capsys.readouterr().err
    assert not WorkerProfile.objects.exists()


def test_the_command_imports_for_an_agency_given_by_credit_code(sheet, city, agency, tmp_path, capsys):
    path = tmp_path / "workers.csv"
    path.write_text(f"{','.join(HEADER)}\n{','.join(row(1))}\n", encoding="utf-8")

    call_command("import_workers", str(path), "--city", city.code, "--agency", agency.credit_code)

    assert "1 new" in capsys.readouterr().out
    assert WorkerProfile.objects.get().managing_agency == agency


def test_a_birth_year_under_working_age_is_refused_on_its_row(sheet, city, beilun, skills, agency):
    report = import_workers(csv_table([row(1), row(2, birth_year="2015")]), agency=agency, city=city)

    assert not report.written
    assert [(error.row, error.column) for error in report.errors] == [(3, "birth_year")]
    assert "16" in report.errors[0].message


def test_an_unknown_column_lists_the_accepted_ones_in_the_message(sheet, city, beilun, skills, agency):
    with pytest.raises(TableError) as info:
        import_workers(csv_table([[*row(1), "x"]], header=[*HEADER, "shoe_size"]), agency=agency, city=city)
    message = str(info.value)
    assert "shoe_size" in message and "出生年份/birth_year" in message and "docs/" not in message
