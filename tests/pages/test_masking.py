"""No masked identity on any page or in any URL, and invite to apply through the pages: the factory
invites, the worker accepts or declines, and only then (on accepting) does the factory learn who they are."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from agencies.models import Placement
from matching.masking import HANDLE_LENGTH, candidate_handle
from matching.models import Application, Match

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = re.compile(r'(?:href|action|hx-post|hx-get|src)="([^"]*)"')
CANDIDATE_SEGMENT = re.compile(r"/candidates/([^/\"\s<>?]+)/")


@pytest.fixture(autouse=True)
def english(client):
    """The assertions read English labels."""
    client.cookies["django_language"] = "en"


def shortlist_workers(vacancy):
    return [m.worker for m in Match.objects.filter(vacancy=vacancy, direction="s").select_related("worker")]


def assert_no_identity(html: str, workers, vacancy) -> None:
    """None of these workers' names, mobiles or ids occurs in the page: not in its text, not in any URL,
    element id or form value."""
    for worker in workers:
        assert worker.full_name not in html, worker.full_name
        assert worker.mobile not in html, worker.mobile
        assert f'candidate-{worker.pk}"' not in html
        assert f'value="{worker.pk}"' not in html
    ids = {str(worker.pk) for worker in workers}
    for url in URL_ATTRIBUTES.findall(html):
        parts = urlsplit(url.replace("&amp;", "&"))
        for name, value in parse_qsl(parts.query):
            assert not (name in ("w", "worker", "worker_id") and value in ids), url
        assert not any(f"/workers/{pk}/" in parts.path for pk in ids), url
    for segment in CANDIDATE_SEGMENT.findall(html):
        assert len(segment) == HANDLE_LENGTH and not segment.isdigit(), segment


def masked_candidate(market):
    """The signed-in worker's row on the first vacancy's shortlist: they never applied."""
    vacancy = market.small.vacancies[0]
    match = Match.objects.get(vacancy=vacancy, direction="s", worker=market.worker)
    return vacancy, match


def test_the_factory_shortlist_names_no_masked_worker_in_text_ids_checkboxes_or_urls(client, market):
    vacancy = market.small.vacancies[0]
    client.force_login(market.factory_user)

    html = client.get(reverse("matching:candidates", args=[vacancy.pk])).content.decode()

    assert "Candidate #1" in html
    assert_no_identity(html, shortlist_workers(vacancy), vacancy)
    assert f'id="candidate-{candidate_handle(vacancy.pk, market.worker.pk)}"' in html


def test_the_agency_shortlist_masks_workers_outside_its_pool_but_names_its_own(client, market):
    vacancy = market.small.vacancies[0]
    client.force_login(market.agency_user)
    workers = shortlist_workers(vacancy)
    outsiders = [w for w in workers if w.managing_agency_id != market.agency.pk]
    own = [w for w in workers if w.managing_agency_id == market.agency.pk]

    html = client.get(reverse("matching:candidates", args=[vacancy.pk])).content.decode()

    assert outsiders and own
    assert_no_identity(html, outsiders, vacancy)
    assert any(w.full_name in html for w in own)


def test_an_old_worker_id_url_no_longer_moves_anyone(client, market):
    vacancy, match = masked_candidate(market)
    client.force_login(market.factory_user)

    response = client.post(
        f"/workspace/vacancies/{vacancy.pk}/candidates/{match.worker_id}/move/", {"to": "invited"}
    )

    assert response.status_code == 404
    assert not Application.objects.filter(vacancy=vacancy, worker_id=match.worker_id).exists()


def test_a_handle_of_one_vacancy_does_not_reach_the_same_worker_on_another(client, market):
    vacancy, match = masked_candidate(market)
    other = market.small.vacancies[1]
    client.force_login(market.factory_user)

    handle = candidate_handle(vacancy.pk, match.worker_id)
    response = client.post(reverse("matching:move", args=[other.pk, handle]), {"to": "invited"})

    assert response.status_code == 404


def test_the_comparison_takes_handles_and_shows_no_identity(client, market):
    vacancy = market.small.vacancies[0]
    workers = shortlist_workers(vacancy)[:2]
    client.force_login(market.factory_user)
    query = "&".join(f"w={candidate_handle(vacancy.pk, w.pk)}" for w in workers)

    html = client.get(reverse("matching:compare", args=[vacancy.pk]) + "?" + query).content.decode()

    assert html.count('<section class="card">') == 2
    assert_no_identity(html, shortlist_workers(vacancy), vacancy)


def test_the_factory_can_only_invite_a_masked_candidate_and_the_board_still_masks_them(client, market):
    vacancy, match = masked_candidate(market)
    client.force_login(market.factory_user)
    url = reverse("matching:move", args=[vacancy.pk, candidate_handle(vacancy.pk, match.worker_id)])

    for stage in ("shortlisted", "interviewing", "offered", "hired"):
        client.post(url, {"to": stage}, HTTP_HX_REQUEST="true")
    assert (
        not Application.objects.filter(vacancy=vacancy, worker_id=match.worker_id)
        .exclude(stage="suggested")
        .exists()
    )
    response = client.post(url, {"to": "invited"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert Application.objects.get(vacancy=vacancy, worker_id=match.worker_id).stage == "invited"
    assert not Placement.objects.exists()
    board = client.get(reverse("matching:board", args=[vacancy.pk])).content.decode()
    assert "Anonymous candidate" in board
    assert_no_identity(board, shortlist_workers(vacancy), vacancy)


def test_the_worker_sees_the_invitation_accepts_it_and_the_factory_then_sees_their_name(client, market):
    vacancy, match = masked_candidate(market)
    client.force_login(market.factory_user)
    client.post(
        reverse("matching:move", args=[vacancy.pk, candidate_handle(vacancy.pk, match.worker_id)]),
        {"to": "invited"},
    )
    application = Application.objects.get(vacancy=vacancy, worker=market.worker)

    client.force_login(market.worker_user)
    assert "Answer the invitations" in client.get(reverse("matching:recommendations")).content.decode()
    mine = client.get(reverse("matching:my-applications")).content.decode()
    assert vacancy.title in mine and reverse("matching:invitation-accept", args=[application.pk]) in mine
    client.post(reverse("matching:invitation-accept", args=[application.pk]))

    application.refresh_from_db()
    assert application.stage == "applied"
    client.force_login(market.factory_user)
    html = client.get(reverse("matching:candidates", args=[vacancy.pk])).content.decode()
    assert market.worker.full_name in html


def test_the_worker_declines_and_the_factory_never_learns_who_they_were(client, market):
    vacancy, match = masked_candidate(market)
    client.force_login(market.factory_user)
    handle = candidate_handle(vacancy.pk, match.worker_id)
    client.post(reverse("matching:move", args=[vacancy.pk, handle]), {"to": "invited"})
    application = Application.objects.get(vacancy=vacancy, worker=market.worker)

    client.force_login(market.worker_user)
    client.post(reverse("matching:invitation-decline", args=[application.pk]))

    application.refresh_from_db()
    assert application.stage == "declined"
    client.force_login(market.factory_user)
    html = client.get(reverse("matching:candidates", args=[vacancy.pk])).content.decode()
    assert handle not in html and market.worker.full_name not in html
    board = client.get(reverse("matching:board", args=[vacancy.pk])).content.decode()
    assert market.worker.full_name not in board


def test_another_worker_cannot_answer_someone_elses_invitation(client, market):
    vacancy, _match = masked_candidate(market)
    other = market.small.workers[2]
    application = Application.objects.create(
        worker=other, vacancy=vacancy, source="suggested", stage="invited"
    )
    client.force_login(market.worker_user)

    response = client.post(reverse("matching:invitation-accept", args=[application.pk]))

    assert response.status_code == 404
    application.refresh_from_db()
    assert application.stage == "invited"


def test_the_agency_placement_form_refuses_a_worker_who_did_not_apply(client, market):
    vacancy = market.small.vacancies[0]
    pool_worker = market.small.workers[1]
    client.force_login(market.agency_user)

    response = client.post(
        reverse("agencies:placement-create"),
        {
            "worker": pool_worker.pk,
            "vacancy": vacancy.pk,
            "employment_form": "direct",
            "started_on": "2026-12-01",
        },
    )

    assert response.status_code == 200
    assert "has no application to this vacancy" in response.content.decode()
    assert not Placement.objects.exists()
