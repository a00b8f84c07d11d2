"""Small cities with a training programme, shared by the counterfactual's tests."""

import pytest

from matching.tasks import run_city_matching
from tests import factories
from tests.matching.city import build_small_city
from tests.training.factories import ProviderFactory, programme_teaching


@pytest.fixture
def city_with_course():
    small = build_small_city(workers=14)
    # Five more welding posts than the city's welders can fill.
    for i in range(2):
        vacancy = factories.VacancyFactory(
            enterprise=small.vacancies[0].enterprise,
            title=f"焊工{i}",
            occupation=small.vacancies[0].occupation,
            headcount=3,
        )
        for skill in small.welding[:3]:
            factories.VacancySkillFactory(vacancy=vacancy, skill=skill, importance="required", min_level=2)
    provider = ProviderFactory(city=small.city)
    course = programme_teaching(
        provider,
        small.welding[:3],
        level=3,
        occupation=small.vacancies[0].occupation,
        certificate_level=3,
        cost=2000,
        subsidy_per_trainee=1500,
    )
    run_city_matching.delay(small.city.pk).get()
    return small, course


@pytest.fixture
def park_with_posts():
    """A small city with a park whose one enterprise has 3 welding posts asking for level 3 (few of the
    city's welders qualify), 3 more outside the park, and a welding course reaching level 3."""
    from pilots.models import Park

    small = build_small_city(workers=14)
    park = Park.objects.create(
        city=small.city,
        name_zh="北仑产业园",
        name_en="Beilun Park",
        kind="industrial",
        latitude=small.city.latitude,
        longitude=small.city.longitude,
    )
    in_park = factories.EnterpriseFactory(city=small.city, park=park)
    for enterprise, level in ((in_park, 3), (small.vacancies[0].enterprise, 2)):
        vacancy = factories.VacancyFactory(
            enterprise=enterprise, title="焊工", occupation=small.vacancies[0].occupation, headcount=3
        )
        for skill in small.welding[:3]:
            factories.VacancySkillFactory(
                vacancy=vacancy, skill=skill, importance="required", min_level=level
            )
    course = programme_teaching(
        ProviderFactory(city=small.city), small.welding[:3], level=3, cost=2000, subsidy_per_trainee=1500
    )
    run_city_matching.delay(small.city.pk).get()
    return small, park, course
