"""A small matched city with one persona per role, shared by the page tests and the browser journeys."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from matching.services import runs
from tests import factories
from tests.matching.city import SmallCity, build_small_city


def run_matching(city) -> None:
    """Score and publish a city's run in-process."""
    run = runs.match_run_start(city_id=city.pk)
    for chunk in run.chunks.all():
        runs.match_chunk_score(chunk_id=chunk.pk)
    runs.match_run_publish(run_id=run.pk)


@dataclass
class Market:
    small: SmallCity
    agency: object
    agency_user: object
    factory_user: object
    worker_user: object
    worker: object
    enterprise: object


def build_market(workers: int = 24) -> Market:
    """build_small_city plus an agency serving its factory, logins for each role, and a published run."""
    small = build_small_city(workers=workers)
    enterprise = small.vacancies[0].enterprise
    agency = factories.AgencyFactory(city=small.city)
    factories.AgencyClientFactory(agency=agency, enterprise=enterprise)
    agency_user = factories.AgencyMembershipFactory(agency=agency, user__username="agency_staff").user
    factory_user = factories.EnterpriseMembershipFactory(
        enterprise=enterprise, user__username="factory_hr"
    ).user
    worker = small.workers[0]
    worker_user = factories.UserFactory(username="13900000000")
    worker.user = worker_user
    worker.save(update_fields=["user"])
    for w in small.workers[1::2]:
        w.managing_agency = agency
        w.save(update_fields=["managing_agency"])
    factories.DistrictFactory(city=small.city, code="330206", name_zh="北仑区", name_en="Beilun")
    run_matching(small.city)
    return Market(small, agency, agency_user, factory_user, worker_user, worker, enterprise)


@pytest.fixture
def market(db) -> Market:
    return build_market()
