import datetime as dt

import pytest

from tests import factories
from tests.matching.city import build_small_city
from tests.training.factories import CohortFactory, ProviderFactory, programme_teaching
from training.selectors import pair_gaps, programmes_for_gaps

pytestmark = pytest.mark.django_db


@pytest.fixture
def small():
    return build_small_city(workers=4)


def test_the_programme_closing_more_of_the_gap_ranks_first_even_when_it_costs_more(small):
    provider = ProviderFactory(city=small.city)
    vacancy, cnc_worker = small.vacancies[0], small.workers[1]  # three welding skills, none held
    one = programme_teaching(provider, small.welding[:1], title="一项", cost=0, subsidy_per_trainee=0)
    three = programme_teaching(provider, small.welding[:3], title="三项", cost=3000, subsidy_per_trainee=1000)
    two = programme_teaching(provider, small.welding[:2], title="两项", cost=800, subsidy_per_trainee=800)
    gaps = pair_gaps([(vacancy.pk, cnc_worker.pk)])
    assert gaps[(vacancy.pk, cnc_worker.pk)] == {s.pk: 2 for s in small.welding[:3]}
    ranked = programmes_for_gaps(gaps)[(vacancy.pk, cnc_worker.pk)]
    assert [s.programme for s in ranked] == [three, two, one]
    assert [(s.closes, s.gap_size) for s in ranked] == [(3, 3), (2, 3), (1, 3)]
    assert ranked[0].cost_after_subsidy == 2000 and ranked[1].cost_after_subsidy == 0


def test_among_equal_closers_cheaper_then_sooner_then_nearer_comes_first(small):
    provider = ProviderFactory(city=small.city)
    gap_key = (small.vacancies[0].pk, small.workers[1].pk)
    programme_teaching(provider, small.welding[:2], cost=2000, subsidy_per_trainee=0)  # dearest: 4th
    late = programme_teaching(provider, small.welding[:2], cost=500, subsidy_per_trainee=500)
    later = dt.date.today() + dt.timedelta(days=60)
    late.cohorts.update(starts_on=later, ends_on=later + dt.timedelta(days=30))
    far = programme_teaching(
        provider, small.welding[:2], cost=0, subsidy_per_trainee=0, latitude=30.3, longitude=121.9
    )
    near = programme_teaching(provider, small.welding[:2], cost=0, subsidy_per_trainee=0)
    ranked = programmes_for_gaps(pair_gaps([gap_key]))[gap_key]
    assert [s.programme for s in ranked] == [near, far, late]


def test_programmes_teaching_below_the_required_level_full_cohorts_and_other_cities_are_not_offered(small):
    gap_key = (small.vacancies[0].pk, small.workers[1].pk)
    provider = ProviderFactory(city=small.city)
    programme_teaching(provider, small.welding[:3], level=1)  # the vacancy asks for level 2
    full = programme_teaching(provider, small.welding[:3])
    full.cohorts.update(seats=1)
    factories_worker = factories.WorkerProfileFactory(home_city=small.city)
    from training.services import enrolment_create

    enrolment_create(cohort=full.cohorts.get(), worker=factories_worker)
    elsewhere = ProviderFactory(city=factories.PilotCityFactory(code="320500"))
    programme_teaching(elsewhere, small.welding[:3])
    started = programme_teaching(provider, small.welding[:3])
    started.cohorts.update(starts_on=dt.date.today() - dt.timedelta(days=1))
    assert programmes_for_gaps(pair_gaps([gap_key]))[gap_key] == []
    CohortFactory(programme=full)  # a new cohort with seats brings it back
    assert [s.programme for s in programmes_for_gaps(pair_gaps([gap_key]))[gap_key]] == [full]
