import pytest

from talent.coding.suggest import suggest_occupations
from talent.taxonomy import TaxonomyFiles, import_taxonomy

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy():
    assert import_taxonomy(TaxonomyFiles.built_in()).ok


def test_a_noisy_agency_title_is_coded_to_the_welder(taxonomy):
    suggestions = suggest_occupations("招聘氩弧焊工 包吃住 6000起")
    assert suggestions[0].code == "6-18-02-04"
    assert suggestions[0].name == "焊工"
    assert len(suggestions) == 5
    assert all(0 <= s.score <= 1 for s in suggestions)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


def test_english_titles_and_limits_are_honoured(taxonomy):
    suggestions = suggest_occupations("Forklift driver, night shift", limit=3)
    assert len(suggestions) == 3
    assert suggestions[0].code == "6-30-05-01"


def test_empty_titles_and_an_empty_taxonomy_suggest_nothing(db):
    assert suggest_occupations("焊工") == []
    assert suggest_occupations("   ") == []
