"""A worker says no on their phone and the agency's candidate list changes on its next load; the
worker sees who has seen their data."""

from __future__ import annotations

import pytest

from matching.models import Match
from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.pages.conftest import build_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_a_worker_turns_matching_off_and_leaves_the_agencys_candidate_list_at_once(page, phone, live_server):
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

    sign_in(page, live_server, "agency_staff", PASSWORD)
    page.goto(f"{live_server.url}/workspace/vacancies/{vacancy.pk}/candidates/?page={match.rank // 20 + 1}")
    assert page.locator("#shortlist").get_by_text(name, exact=True).count() == 1

    sign_in(phone, live_server, "13911119999", PASSWORD)
    phone.goto(f"{live_server.url}/me/privacy/")
    assert market.agency.name in phone.locator("#seen-by-table").inner_text()
    screenshot(phone, "worker-privacy-seen-by-phone")
    with phone.expect_response(lambda response: "/me/privacy/consent/" in response.url):
        phone.locator("#consents form:has(input[name=purpose][value=matching]) button").click()
    worker.refresh_from_db()
    assert worker.consent_to_matching is False

    page.reload()
    assert page.locator("#shortlist").get_by_text(name, exact=True).count() == 0
    assert not Match.objects.filter(worker=worker).exists()
