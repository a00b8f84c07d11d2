import datetime as dt

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


# --- what agencies confirm ---------------------------------------------------------------------------------


def _codes(title, **kwargs):
    return [s.code for s in suggest_occupations(title, **kwargs)]


def test_confirmations_lift_a_code_for_that_title_in_that_city(taxonomy):
    from talent.models import Occupation
    from talent.services import title_confirmation_record
    from tests.factories import PilotCityFactory

    ningbo, suzhou = PilotCityFactory(), PilotCityFactory()
    assembler = Occupation.objects.get(code="6-25-04-07")
    title = "电子厂普工 包吃住"
    assert _codes(title, city_id=ningbo.pk)[0] == "6-25-00-00"

    for posted in ("电子厂普工 长白班", "急招 电子厂普工 5000-6000"):  # noise apart, the same title
        row = title_confirmation_record(title=posted, occupation_id=assembler.pk, city_id=ningbo.pk)
    assert (row.title_key, row.count) == ("电子厂普工", 2)

    assert _codes(title, city_id=ningbo.pk)[0] == "6-25-04-07"
    # Another city still reads the title as a generic post: its own agencies confirmed nothing.
    assert _codes(title, city_id=suzhou.pk)[0] == "6-25-00-00"
    assert _codes(title)[0] == "6-25-00-00"


def test_a_noise_only_title_confirms_nothing(taxonomy):
    from talent.models import Occupation, TitleConfirmation
    from talent.services import title_confirmation_record
    from tests.factories import PilotCityFactory

    welder = Occupation.objects.get(code="6-18-02-04")
    assert (
        title_confirmation_record(title="包吃住 8000", occupation_id=welder.pk, city_id=PilotCityFactory().pk)
        is None
    )
    assert not TitleConfirmation.objects.exists()


def test_saving_a_vacancy_with_its_occupation_counts_a_confirmation(taxonomy):
    from enterprises.services import vacancy_create, vacancy_update
    from talent.models import Occupation, TitleConfirmation
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory()
    assembler = Occupation.objects.get(code="6-25-04-07")
    data = {
        "title": "电子厂普工 包吃住",
        "occupation": assembler,
        "headcount": 5,
        "pay_min": 5000,
        "pay_max": 6000,
        "employment_form": "direct",
        "shift_pattern": "day",
        "start_date": dt.date(2026, 12, 1),
    }
    vacancy = vacancy_create(enterprise=enterprise, data=data)
    confirmation = TitleConfirmation.objects.get()
    assert (confirmation.title_key, confirmation.city_id, confirmation.occupation_id, confirmation.count) == (
        "电子厂普工",
        enterprise.city_id,
        assembler.pk,
        1,
    )
    vacancy_update(vacancy=vacancy, data={"headcount": 6})  # terms only: no new confirmation
    assert TitleConfirmation.objects.get().count == 1
    vacancy_update(vacancy=vacancy, data={"title": "电子厂普工 长白班"})  # the same title, saved again
    assert TitleConfirmation.objects.get().count == 2


def test_generic_suggestions_carry_their_label_in_the_api(taxonomy, client):
    response = client.get("/api/v1/occupations/suggest/", {"q": "电子厂普工 包吃住", "limit": 3})
    assert response.status_code == 200
    first = response.json()[0]
    assert (first["code"], first["generic"]) == ("6-25-00-00", True)
    assert first["label"].endswith("通用岗位")
    trade = response.json()[2]
    assert (trade["generic"], trade["label"]) == (False, trade["name"])


def test_the_suggest_api_takes_the_city_by_division_code(taxonomy, client):
    from talent.models import Occupation
    from talent.services import title_confirmation_record
    from tests.factories import PilotCityFactory

    city = PilotCityFactory()
    assembler = Occupation.objects.get(code="6-25-04-07")
    for _ in range(2):
        title_confirmation_record(title="电子厂普工", occupation_id=assembler.pk, city_id=city.pk)
    here = client.get("/api/v1/occupations/suggest/", {"q": "电子厂普工", "city": city.code}).json()
    anywhere = client.get("/api/v1/occupations/suggest/", {"q": "电子厂普工"}).json()
    assert here[0]["code"] == "6-25-04-07"
    assert anywhere[0]["code"] == "6-25-00-00"
    assert client.get("/api/v1/occupations/suggest/", {"q": "焊工", "city": "999999"}).status_code == 400


def test_the_vacancy_form_shows_a_generic_suggestion_as_a_general_post(taxonomy, client):
    from django.urls import reverse

    html = client.get(reverse("enterprises:occupation-suggest"), {"title": "普工"}).content.decode()
    assert "6-00-00-00" in html
    assert "生产制造及有关人员 — 通用岗位" in html


def test_the_vacancy_form_codes_a_generic_title_to_the_chosen_factorys_industry(
    taxonomy, client, factory_hr, enterprise
):
    from django.urls import reverse

    enterprise.industry = "C39"  # computers, communication and other electronic equipment
    enterprise.save(update_fields=["industry"])
    client.force_login(factory_hr)
    url = reverse("enterprises:occupation-suggest")
    chosen = client.get(url, {"title": "普工", "enterprise": enterprise.pk}).context["suggestions"]
    assert (chosen[0].code, chosen[0].generic) == ("6-25-00-00", True)
    # Without a factory the default group answers; a factory the user cannot post for is ignored.
    assert client.get(url, {"title": "普工"}).context["suggestions"][0].code == "6-00-00-00"
    assert client.get(url, {"title": "普工", "enterprise": enterprise.pk + 999}).context["suggestions"][
        0
    ].code == ("6-00-00-00")
