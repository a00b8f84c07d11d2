import pytest

from matching.services.training_effect import (
    likely_trainees,
    programme_effect,
    programme_ranking,
    run_fillable_posts,
)
from matching.tasks import run_city_matching
from tests import factories
from tests.training.factories import programme_teaching
from training import services
from training.models import Enrolment

pytestmark = pytest.mark.django_db


def test_the_counterfactual_equals_a_real_rerun_of_the_engine_on_the_changed_profiles(city_with_course):
    small, course = city_with_course
    trainees = small.workers[1::2][:4]  # CNC operators, none of the welding skills
    effect = programme_effect(programme=course, worker_ids=[w.pk for w in trainees], city_id=small.city.pk)
    assert effect.before == run_fillable_posts(small.city.pk)
    assert effect.extra_posts > 0 and effect.extra_by_occupation == {"6-18-02-04": effect.extra_posts}
    assert effect.subsidy == 4 * 1500
    assert effect.subsidy_per_extra_post == pytest.approx(6000 / effect.extra_posts)
    # Now really train them: completion writes the profiles, and the whole city is matched again.
    for worker in trainees:
        enrolment = services.enrolment_create(
            cohort=course.cohorts.get(), worker=worker, consent_to_profile=True
        )
        services.enrolment_advance(enrolment=enrolment, to=Enrolment.Status.ATTENDING)
        services.enrolment_complete(enrolment=enrolment, passed=True)
    run_city_matching.delay(small.city.pk).get()
    assert run_fillable_posts(small.city.pk) == effect.after


def test_training_workers_who_already_qualify_changes_nothing(city_with_course):
    small, course = city_with_course
    effect = programme_effect(programme=course, worker_ids=[], city_id=small.city.pk)
    assert effect.extra_posts == 0 and effect.subsidy_per_extra_post is None


def test_programmes_are_ranked_by_extra_posts_per_10000_yuan_of_subsidy(city_with_course):
    small, course = city_with_course
    provider = course.provider
    useless = programme_teaching(
        provider, small.welding[3:], title="焊接选修", subsidy_per_trainee=500, cost=500
    )
    cheap = programme_teaching(
        provider, small.welding[:3], level=3, title="焊接速成", cost=600, subsidy_per_trainee=600
    )
    ranking = programme_ranking(city_id=small.city.pk, trainees=3)
    assert [effect.programme_id for effect in ranking] == [cheap.pk, course.pk, useless.pk]
    assert ranking[0].extra_posts == ranking[1].extra_posts > 0 == ranking[2].extra_posts
    assert ranking[0].posts_per_10k_yuan == pytest.approx(10_000 * ranking[0].extra_posts / 1800)


def test_a_parks_counterfactual_counts_its_own_posts_and_equals_a_real_rerun(park_with_posts):
    small, park, course = park_with_posts
    trainees = [w.pk for w in small.workers[1::2][:5]]  # CNC operators, none of the welding skills
    whole_city = programme_effect(programme=course, worker_ids=trainees, city_id=small.city.pk)
    in_park = programme_effect(programme=course, worker_ids=trainees, city_id=small.city.pk, park_id=park.pk)
    assert in_park.before == run_fillable_posts(small.city.pk, park.pk)
    assert in_park.extra_posts > 0 and in_park.after.total <= 3  # the park has 3 posts
    assert whole_city.before != in_park.before  # the city's other posts are not counted for the park
    for worker in small.workers[1::2][:5]:
        enrolment = services.enrolment_create(
            cohort=course.cohorts.get(), worker=worker, consent_to_profile=True
        )
        services.enrolment_advance(enrolment=enrolment, to=Enrolment.Status.ATTENDING)
        services.enrolment_complete(enrolment=enrolment, passed=True)
    run_city_matching.delay(small.city.pk).get()
    assert run_fillable_posts(small.city.pk, park.pk) == in_park.after


def test_a_parks_officer_filters_the_page_and_the_api_to_the_park(park_with_posts, other_city):
    from django.test import Client
    from rest_framework.test import APIClient

    from pilots.models import Park

    small, park, course = park_with_posts
    elsewhere = Park.objects.create(
        city=other_city,
        name_zh="别处园区",
        name_en="Elsewhere",
        kind="industrial",
        latitude=31,
        longitude=120,
    )
    officer = factories.OfficialScopeFactory(city=small.city, level="city").user
    page = Client()
    page.force_login(officer)
    response = page.get(f"/training/effect/?park={park.pk}&trainees=5")
    assert response.status_code == 200 and response.context["park"] == park
    [row] = response.context["rows"]
    assert (
        row["effect"].extra_posts
        == programme_effect(
            programme=course,
            worker_ids=likely_trainees(programme=course, city_id=small.city.pk, limit=5, park_id=park.pk),
            city_id=small.city.pk,
            park_id=park.pk,
        ).extra_posts
    )
    assert 0 < row["effect"].after.total <= 3
    assert "北仑产业园" in response.content.decode()
    assert page.get(f"/training/effect/?park={elsewhere.pk}").status_code == 404
    api = APIClient()
    api.force_authenticate(officer)
    [answer] = api.get(f"/api/v1/programme-effects/?park={park.pk}&trainees=5").json()
    assert answer["posts_after"] == row["effect"].after.total
    for bad in (elsewhere.pk, "abc"):
        assert api.get(f"/api/v1/programme-effects/?park={bad}").status_code == 400


def test_likely_trainees_are_those_whose_whole_gap_the_programme_closes(city_with_course):
    from matching.models import Match
    from training.selectors import pair_gaps

    small, course = city_with_course
    one_skill = programme_teaching(course.provider, small.welding[:1], level=5, title="单项")
    lines = Match.objects.filter(direction=Match.Direction.SHORTLIST).values_list("vacancy_id", "worker_id")
    closed = {}
    for (_vacancy, worker), gap in pair_gaps(list(lines)).items():
        if gap and set(gap) <= {small.welding[0].pk}:
            closed[worker] = closed.get(worker, 0) + 1
    expected = [w for w, _n in sorted(closed.items(), key=lambda item: (-item[1], item[0]))]
    assert expected  # some workers miss only that skill: the skill-by-skill path is taken
    assert likely_trainees(programme=one_skill, city_id=small.city.pk, limit=50) == expected
    everyone = likely_trainees(programme=course, city_id=small.city.pk, limit=50)
    assert set(expected) <= set(everyone)  # the full course closes those gaps too
