import pytest

from enterprises.filtersets import VacancyFilterSet
from enterprises.models import Vacancy
from talent.filtersets import WorkerFilterSet
from talent.models import WorkerProfile
from tests import factories
from tests.matching.city import build_small_city

pytestmark = pytest.mark.django_db


def vacancies(**params):
    form = VacancyFilterSet(params, queryset=Vacancy.objects.all())
    assert form.is_valid(), form.errors
    return set(form.qs.values_list("title", flat=True))


def test_a_group_code_selects_its_whole_subtree():
    build_small_city(workers=2)
    assert vacancies(occupation="6-18-00-00") == {"氩弧焊工", "焊工学徒", "数控车工"}
    assert vacancies(occupation="6-18-02-04") == {"氩弧焊工", "焊工学徒"}
    assert vacancies(occupation="9-99-99-99") == set()


def test_pay_range_terms_and_search_combine():
    small = build_small_city(workers=2)
    Vacancy.objects.filter(pk=small.vacancies[2].pk).update(pay_min=9000, pay_max=12000, dormitory=True)
    assert vacancies(pay_min=10000) == {"数控车工"}
    assert vacancies(pay_max=7000) == {"氩弧焊工", "焊工学徒"}
    assert vacancies(dormitory="true") == {"数控车工"}
    assert vacancies(q="焊工 学徒") == {"焊工学徒"}
    assert vacancies(skill=small.machining[0].code) == {"数控车工"}


def test_distance_from_a_district_keeps_nearby_vacancies(city):
    near = factories.DistrictFactory(city=city, code="330206", latitude=29.90, longitude=121.84)
    small = build_small_city(city, workers=2)
    Vacancy.objects.filter(pk=small.vacancies[0].pk).update(latitude=29.91, longitude=121.85)
    assert vacancies(near_district=near.code, within_km=5) == {"氩弧焊工"}
    assert len(vacancies(near_district=near.code, within_km=60)) == 3


@pytest.mark.parametrize(
    "bad", [{"pay_min": "abc"}, {"status": "nonsense"}, {"within_km": "-3"}, {"ordering": "drop"}]
)
def test_bad_filter_values_are_form_errors_not_crashes(bad):
    form = VacancyFilterSet(bad, queryset=Vacancy.objects.all())
    assert not form.is_valid()


def test_workers_filter_by_skill_level_and_accepted_form():
    small = build_small_city(workers=8)
    skill = small.welding[0]
    form = WorkerFilterSet({"skill": skill.code, "skill_level": 3}, queryset=WorkerProfile.objects.all())
    assert form.is_valid()
    assert all(w.skills.get(skill=skill).level >= 3 for w in form.qs)
    WorkerProfile.objects.filter(pk=small.workers[0].pk).update(form_mask=1)
    dispatch = WorkerFilterSet({"accepts": "dispatch"}, queryset=WorkerProfile.objects.all()).qs
    assert small.workers[0] not in dispatch and small.workers[1] in dispatch
