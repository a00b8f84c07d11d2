import io

import pytest

from hrmatch.tabular import read_table
from talent.models import Occupation, OccupationSkill, Skill
from talent.taxonomy import TaxonomyFiles, implied_level, import_taxonomy
from tests import factories


def table(text: str):
    return read_table(io.BytesIO(text.encode()), name="x.csv")


@pytest.fixture
def built_in(db):
    report = import_taxonomy(TaxonomyFiles.built_in())
    assert report.ok, report.errors[:5]
    return report


def test_the_2022_classification_loads_as_a_tree_with_its_codes(built_in):
    # 2,051 published rows hold 2,047 codes: four are listed twice under the same name.
    assert Occupation.objects.count() == 2047
    assert Occupation.objects.filter(level=4).count() == 1632
    welder = Occupation.objects.get(code="6-18-02-04")
    assert welder.name == "焊工" and welder.edition == "2022"
    assert [welder.parent.code, welder.parent.parent.code, welder.parent.parent.parent.code] == [
        "6-18-02-00",
        "6-18-00-00",
        "6-00-00-00",
    ]
    assert Occupation.objects.get(code="6-18-01-01").name == "车工"
    assert Occupation.objects.get(code="6-31-07-01").is_digital
    assert not Occupation.objects.filter(level__gt=1, parent__isnull=True).exists()


def test_the_skill_vocabulary_links_welders_to_welding(built_in):
    assert Skill.objects.count() >= 350
    welder_skills = set(
        OccupationSkill.objects.filter(occupation__code="6-18-02-04").values_list(
            "skill__category__code", flat=True
        )
    )
    assert "welding" in welder_skills


def test_loading_twice_changes_no_counts(built_in):
    counts = (Occupation.objects.count(), Skill.objects.count(), OccupationSkill.objects.count())
    import_taxonomy(TaxonomyFiles.built_in())
    assert (Occupation.objects.count(), Skill.objects.count(), OccupationSkill.objects.count()) == counts


@pytest.mark.django_db
def test_a_city_taxonomy_with_bad_rows_reports_each_and_writes_nothing():
    files = TaxonomyFiles(
        occupations=table(
            "code,name,parent\n9-01-00-00,测试组,\n9-01-01-01,测试工,\n9-01-01-02,,\nabc,坏,\n"
        ),
        categories=table("code,name_zh,name_en\ntest,测试,Test\n"),
        skills=table("code,name_zh,name_en,category\nt-one,技能一,One,test\nt-two,技能二,Two,nope\n"),
        links=table(
            "occupation_code,skill_code,importance,level\n9-01-01-01,t-one,required,3\n9-01-01-01,t-one,must,3\n"
        ),
    )
    report = import_taxonomy(files)
    assert not report.written
    assert {(e.row, e.column) for e in report.errors} == {
        (4, "name"),
        (5, "code"),
        (3, "category"),
        (3, "importance"),
    }
    assert not Occupation.objects.exists() and not Skill.objects.exists()


@pytest.mark.django_db
def test_a_valid_city_taxonomy_is_loaded_with_parents_from_codes():
    files = TaxonomyFiles(
        occupations=table("code,name\n9-00-00-00,大类\n9-01-00-00,中类\n9-01-01-01,测试工\n"),
        categories=table("code,name_zh,name_en\ntest,测试,Test\n"),
        skills=table("code,name_zh,name_en,category\nt-one,技能一,One,test\n"),
        links=table("occupation_code,skill_code,importance,level\n9-01-01-01,t-one,required,3\n"),
    )
    report = import_taxonomy(files)
    assert report.written, report.errors
    assert Occupation.objects.get(code="9-01-01-01").parent.code == "9-01-00-00"
    assert OccupationSkill.objects.get().level == 3


def test_levels_follow_from_trailing_zero_parts():
    assert [implied_level(c) for c in ("6-00-00-00", "6-18-00-00", "6-18-02-00", "6-18-02-04")] == [
        1,
        2,
        3,
        4,
    ]


@pytest.mark.django_db
def test_the_import_command_reports_bad_rows_and_writes_nothing(tmp_path):
    from django.core.management import CommandError, call_command

    occupations = tmp_path / "occ.csv"
    occupations.write_text("code,name\n9-00-00-00,大类\n9-01-01-01,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 bad rows"):
        call_command("import_taxonomy", occupations=str(occupations))
    assert not Occupation.objects.exists()
    occupations.write_text("code,name\n9-00-00-00,大类\n9-01-01-01,测试工\n", encoding="utf-8")
    call_command("import_taxonomy", occupations=str(occupations))
    assert Occupation.objects.get(code="9-01-01-01").parent.code == "9-00-00-00"


@pytest.mark.django_db
def test_a_city_imports_its_related_occupations_with_the_taxonomy(tmp_path):
    from django.core.management import CommandError, call_command

    from talent.models import RelatedOccupation

    city = factories.PilotCityFactory(code="330200")
    occupations = tmp_path / "occ.csv"
    occupations.write_text("code,name\n9-01-01-01,甲工\n9-01-01-02,乙工\n9-01-02-01,丙工\n", encoding="utf-8")
    related = tmp_path / "related.csv"
    related.write_text(
        "occupation_code,related_code,strength\n9-01-01-01,9-01-02-01,0.5\n9-01-01-02,9-09-09-09,\n"
    )
    with pytest.raises(CommandError):
        call_command("import_taxonomy", occupations=str(occupations), related=str(related), city="330200")
    assert not Occupation.objects.filter(code="9-01-01-01").exists()  # a bad related row stops everything
    related.write_text(
        "occupation_code,related_code,strength\n9-01-01-01,9-01-02-01,0.5\n9-01-01-02,9-01-02-01,\n"
    )
    call_command("import_taxonomy", occupations=str(occupations), related=str(related), city="330200")
    rows = {
        (r.occupation.code, r.related.code): r
        for r in RelatedOccupation.objects.select_related("occupation", "related")
    }
    assert (
        rows[("9-01-01-01", "9-01-02-01")].strength == 0.5 and rows[("9-01-01-01", "9-01-02-01")].city == city
    )
    assert rows[("9-01-01-02", "9-01-02-01")].strength == 0.7
    # A national list, alone, for occupations already stored; importing again updates the pair.
    related.write_text("occupation_code,related_code,strength\n9-01-01-01,9-01-02-01,0.9\n")
    call_command("import_taxonomy", related=str(related))
    call_command("import_taxonomy", related=str(related))
    national = RelatedOccupation.objects.get(city=None)
    assert national.strength == 0.9 and RelatedOccupation.objects.count() == 3
