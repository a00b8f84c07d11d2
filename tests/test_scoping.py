"""Selectors scope every read to the actor's tenants: each role against its own and the other tenant's rows."""

import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.selectors import agency_list, placement_list
from enterprises.selectors import enterprise_list, vacancy_list, vacancy_manageable_list
from hrmatch.actors import actor_for
from matching.models import Application
from matching.selectors import application_list, recommendation_list, shortlist
from matching.services import runs
from matching.services.pipeline import application_apply, application_move, application_suggest
from talent.models import ConsentRecord
from talent.selectors import worker_list
from tests import factories
from tests.matching.city import build_small_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(city, other_city):
    """Two agencies, two factories and a worker in each of two cities."""
    small = build_small_city(city, workers=8)
    agency_a = factories.AgencyFactory(city=city)
    agency_b = factories.AgencyFactory(city=other_city)
    factory_x = small.vacancies[0].enterprise
    factory_y = factories.EnterpriseFactory(city=other_city)
    factories.AgencyClientFactory(agency=agency_a, enterprise=factory_x)
    draft_x = factories.VacancyFactory(
        enterprise=factory_x, status="draft", occupation=small.vacancies[0].occupation
    )
    draft_y = factories.VacancyFactory(
        enterprise=factory_y, status="draft", occupation=small.vacancies[0].occupation
    )
    pool_worker = small.workers[0]
    pool_worker.managing_agency = agency_a
    pool_worker.save()
    users = {
        "agency_a": factories.AgencyMembershipFactory(agency=agency_a).user,
        "agency_b": factories.AgencyMembershipFactory(agency=agency_b).user,
        "factory_x": factories.EnterpriseMembershipFactory(enterprise=factory_x).user,
        "factory_y": factories.EnterpriseMembershipFactory(enterprise=factory_y).user,
        "worker": factories.UserFactory(),
        "city": factories.OfficialScopeFactory(city=city, level="city").user,
        "ministry": factories.OfficialScopeFactory(city=None, level="national").user,
    }
    pool_worker.user = users["worker"]
    pool_worker.save()
    run = runs.match_run_start(city_id=city.pk)
    for chunk in run.chunks.all():
        runs.match_chunk_score(chunk_id=chunk.pk)
    runs.match_run_publish(run_id=run.pk)
    return {
        "small": small,
        "agency_a": agency_a,
        "agency_b": agency_b,
        "factory_x": factory_x,
        "factory_y": factory_y,
        "draft_x": draft_x,
        "draft_y": draft_y,
        "users": users,
    }


def actor(market, name):
    return actor_for(AnonymousUser() if name == "anonymous" else market["users"][name])


def test_drafts_are_seen_only_by_those_who_manage_them(market):
    seen = {
        name: set(vacancy_list(actor=actor(market, name)).filter(status="draft").values_list("pk", flat=True))
        for name in ("anonymous", "agency_a", "agency_b", "factory_x", "factory_y", "worker", "city")
    }
    assert seen["agency_a"] == {market["draft_x"].pk}
    assert seen["factory_x"] == {market["draft_x"].pk}
    assert seen["factory_y"] == {market["draft_y"].pk}
    assert seen["agency_b"] == seen["worker"] == seen["city"] == seen["anonymous"] == set()
    assert vacancy_list(actor=actor(market, "anonymous")).filter(status="open").count() == 3


def test_only_a_workers_agency_and_the_worker_read_the_profile(market):
    pool = market["small"].workers[0]
    readers = {
        name for name in market["users"] if worker_list(actor=actor(market, name)).filter(pk=pool.pk).exists()
    }
    assert readers == {"agency_a", "worker"}


def test_sharing_with_another_agency_opens_the_profile_to_it(market):
    pool = market["small"].workers[0]
    ConsentRecord.objects.create(
        worker=pool, purpose="share_agency", agency=market["agency_b"], granted_at="2026-01-01T00:00Z"
    )
    assert worker_list(actor=actor(market, "agency_b")).filter(pk=pool.pk).exists()


def test_enterprises_agencies_and_placements_stay_within_their_tenants(market):
    assert set(enterprise_list(actor=actor(market, "factory_x"))) == {market["factory_x"]}
    assert set(enterprise_list(actor=actor(market, "agency_a"))) == {market["factory_x"]}
    assert not enterprise_list(actor=actor(market, "agency_b")).exists()
    assert market["factory_y"] not in set(enterprise_list(actor=actor(market, "city")))
    assert enterprise_list(actor=actor(market, "ministry")).count() == 2
    assert set(agency_list(actor=actor(market, "factory_x"))) == {market["agency_a"]}
    assert not placement_list(actor=actor(market, "factory_y")).exists()


def test_a_factory_sees_candidates_masked_until_they_apply_or_share(market):
    vacancy = market["small"].vacancies[0]
    hr = actor(market, "factory_x")
    rows = list(shortlist(actor=hr, vacancy=vacancy))
    assert rows and not any(row.identity_visible for row in rows)
    applicant, sharer, suggested, waiting = (row.worker for row in rows[:4])
    application_apply(worker=applicant, vacancy=vacancy)
    # A suggestion the factory invited to apply stays pseudonymous; once the worker applies it is not.
    moved = application_suggest(worker=suggested, vacancy=vacancy, score=0.5, features={})
    application_move(application=moved, to="invited", actor=actor_for(market["users"]["factory_x"]))
    ConsentRecord.objects.create(
        worker=sharer,
        purpose="share_enterprise",
        enterprise=market["factory_x"],
        granted_at="2026-01-01T00:00Z",
    )

    def visible():
        return {row.worker_id for row in shortlist(actor=hr, vacancy=vacancy) if row.identity_visible}

    assert visible() == {applicant.pk, sharer.pk}
    application_suggest(worker=waiting, vacancy=vacancy, score=0.4, features={})
    application_apply(worker=waiting, vacancy=vacancy)
    assert visible() == {applicant.pk, sharer.pk, waiting.pk}


def test_another_factory_cannot_open_the_shortlist(market):
    with pytest.raises(type(market["small"].vacancies[0]).DoesNotExist):
        list(shortlist(actor=actor(market, "factory_y"), vacancy=market["small"].vacancies[0]))
    assert not vacancy_manageable_list(actor=actor(market, "agency_b")).exists()


def test_a_worker_sees_only_their_own_recommendations_and_applications(market):
    me = actor(market, "worker")
    assert {m.worker_id for m in recommendation_list(actor=me)} <= {me.worker_id}
    other = market["small"].workers[1]
    Application.objects.create(
        worker=other, vacancy=market["small"].vacancies[0], source="applied", stage="applied"
    )
    assert not application_list(actor=me).filter(worker=other).exists()
    assert application_list(actor=actor(market, "factory_x")).filter(worker=other).exists()
    assert not application_list(actor=actor(market, "factory_y")).exists()
    assert not application_list(actor=actor(market, "city")).exists()
