"""The posts fillable before training are counted once per published run and scope, and retired when
the run's shortlists change (a worker leaving matching, a vacancy closing) or a new run is published."""

import pytest
from django.core.cache import cache

from enterprises.services import vacancy_close
from matching.models import Match
from matching.selectors import current_run_id
from matching.services import training_effect
from matching.services.training_effect import programme_effect, programme_ranking, run_fillable_posts
from matching.tasks import run_city_matching
from talent.models import WorkerProfile
from talent.services import consent_withdraw
from tests.training.factories import programme_teaching

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def counted(monkeypatch):
    """Counts the maximum matchings programme_effect runs."""
    calls = []
    real = training_effect.fillable_posts

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(training_effect, "fillable_posts", counting)
    return calls


def _trainees(small):
    return [w.pk for w in small.workers[1::2][:4]]  # CNC operators, none of the welding skills


def test_the_second_evaluation_of_a_run_reuses_the_baseline_and_equals_the_uncached_one(
    city_with_course, counted
):
    small, course = city_with_course
    other = programme_teaching(course.provider, small.welding[:2], level=3, title="焊接入门")
    first = programme_effect(programme=course, worker_ids=_trainees(small), city_id=small.city.pk)
    assert len(counted) == 2 and not first.before_cached  # before and after
    second = programme_effect(programme=other, worker_ids=_trainees(small), city_id=small.city.pk)
    assert len(counted) == 3 and second.before_cached  # only "after" counted again
    assert second.before == first.before == run_fillable_posts(small.city.pk)
    cache.clear()
    uncached = programme_effect(programme=other, worker_ids=_trainees(small), city_id=small.city.pk)
    assert not uncached.before_cached
    assert (uncached.before, uncached.after) == (second.before, second.after)


def test_the_ranking_counts_the_baseline_once_for_all_programmes(city_with_course, counted):
    small, course = city_with_course
    programme_teaching(course.provider, small.welding[3:], title="焊接选修", subsidy_per_trainee=500)
    programme_teaching(course.provider, small.welding[:3], level=3, title="焊接速成", subsidy_per_trainee=600)
    ranking = programme_ranking(city_id=small.city.pk, trainees=3)
    assert len(ranking) == 3 and len(counted) == 3 + 1
    assert [e.before_cached for e in ranking].count(False) == 1
    baseline = run_fillable_posts(small.city.pk)
    assert all(e.before == baseline for e in ranking)


def test_a_new_published_run_counts_its_own_baseline(city_with_course, counted):
    small, course = city_with_course
    first_run = current_run_id(small.city.pk)
    programme_effect(programme=course, worker_ids=_trainees(small), city_id=small.city.pk)
    run_city_matching.delay(small.city.pk).get()
    assert current_run_id(small.city.pk) != first_run
    again = programme_effect(programme=course, worker_ids=_trainees(small), city_id=small.city.pk)
    assert not again.before_cached and len(counted) == 4


def test_city_and_park_baselines_are_kept_apart(park_with_posts, counted):
    small, park, course = park_with_posts
    trainees = [w.pk for w in small.workers[1::2][:5]]
    city = programme_effect(programme=course, worker_ids=trainees, city_id=small.city.pk)
    in_park = programme_effect(programme=course, worker_ids=trainees, city_id=small.city.pk, park_id=park.pk)
    assert not city.before_cached and not in_park.before_cached
    assert in_park.before == run_fillable_posts(small.city.pk, park.pk) != city.before
    again = programme_effect(programme=course, worker_ids=trainees, city_id=small.city.pk, park_id=park.pk)
    assert again.before_cached and again.before == in_park.before


def _qualified_workers(city_id):
    return set(
        Match.objects.filter(
            run_id=current_run_id(city_id), direction=Match.Direction.SHORTLIST, matched_required__gte=1
        ).values_list("worker_id", flat=True)
    )


def test_a_consent_revocation_in_the_same_run_retires_the_cached_baseline(
    city_with_course, django_capture_on_commit_callbacks
):
    small, course = city_with_course
    cached = programme_effect(programme=course, worker_ids=_trainees(small), city_id=small.city.pk)
    assert cached.before.total > 0
    with django_capture_on_commit_callbacks(execute=True):
        for worker in WorkerProfile.objects.filter(pk__in=_qualified_workers(small.city.pk)):
            consent_withdraw(actor=None, worker=worker, purpose="matching")
    effect = programme_effect(programme=course, worker_ids=[], city_id=small.city.pk)
    assert not effect.before_cached
    assert effect.before == run_fillable_posts(small.city.pk) and effect.before.total < cached.before.total


def test_a_vacancy_closing_in_the_same_run_retires_the_cached_baseline(
    city_with_course, django_capture_on_commit_callbacks
):
    small, course = city_with_course
    cached = programme_effect(programme=course, worker_ids=[], city_id=small.city.pk)
    welding = [v for v in small.city.vacancies.filter(title__startswith="焊工")]
    with django_capture_on_commit_callbacks(execute=True):
        for vacancy in welding:
            vacancy_close(vacancy=vacancy)
    effect = programme_effect(programme=course, worker_ids=[], city_id=small.city.pk)
    assert not effect.before_cached
    assert effect.before == run_fillable_posts(small.city.pk) and effect.before.total < cached.before.total
