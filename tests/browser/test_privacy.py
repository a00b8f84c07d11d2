"""A worker turns matching off on their phone and the agency's candidate list changes on its next load;
the worker sees who has seen their data. In Chinese and English, on a phone and a desktop."""

from __future__ import annotations

import pytest

from matching.models import Match
from tests import factories
from tests.browser.conftest import every_variant
from tests.pages.conftest import build_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@every_variant
def test_a_worker_turns_matching_off_and_leaves_the_agencys_candidate_list_at_once(journey):
    market = build_market()
    vacancy = market.small.vacancies[0]
    match = (
        Match.objects.filter(vacancy=vacancy, direction="s", worker__managing_agency=market.agency)
        .order_by("rank")
        .first()
    )
    worker = match.worker
    worker.user = factories.UserFactory(username="13911119999")
    worker.save(update_fields=["user"])
    name = worker.full_name

    page = journey.open()
    journey.sign_in(page, "agency_staff")
    journey.go(page, f"/workspace/vacancies/{vacancy.pk}/candidates/?page={match.rank // 20 + 1}")
    assert page.locator("#shortlist").get_by_text(name, exact=True).count() == 1
    journey.step(page, "privacy-1-agency-shortlist")

    phone = journey.open()
    journey.sign_in(phone, "13911119999")
    journey.go(phone, "/me/privacy/")
    assert market.agency.name in phone.locator("#seen-by-table").inner_text()
    journey.step(phone, "privacy-2-worker-seen-by")
    matching = "#consents form:has(input[name=purpose][value=matching])"
    with phone.expect_response(lambda response: "/me/privacy/consent/" in response.url):
        phone.locator(f"{matching}:has(input[name=action][value=revoke]) button").click()
    phone.locator(f"{matching}:has(input[name=action][value=grant])").wait_for()
    journey.step(phone, "privacy-3-worker-matching-off")
    worker.refresh_from_db()
    assert worker.consent_to_matching is False

    page.reload()
    assert page.locator("#shortlist").get_by_text(name, exact=True).count() == 0
    assert not Match.objects.filter(worker=worker).exists()
