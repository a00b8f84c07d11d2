"""Every page answers for its role, scopes to its tenant, keeps its query count flat and never answers 500."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import Vacancy
from matching.masking import candidate_handle
from matching.models import Application
from tests import factories
from tests.pages.conftest import run_matching

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_each_role_lands_on_its_own_workspace(client, market):
    assert client.get("/").url == reverse("enterprises:job-list")
    for user, target in (
        (market.agency_user, reverse("agencies:workspace")),
        (market.factory_user, reverse("matching:factory-workspace")),
        (market.worker_user, reverse("matching:recommendations")),
    ):
        client.force_login(user)
        assert client.get("/").url == target
        assert client.get(target).status_code == 200


def test_a_user_with_two_roles_switches_workspace(client, market):
    factories.AgencyMembershipFactory(agency=market.agency, user=market.factory_user)
    client.force_login(market.factory_user)
    assert client.get("/").url == reverse("agencies:workspace")
    client.post(reverse("switch-role"), {"role": "factory"})
    assert client.get("/").url == reverse("matching:factory-workspace")
    page = client.get(reverse("matching:factory-workspace")).content.decode()
    assert 'id="role-select"' in page


def test_officials_land_on_their_dashboards_or_the_city_list(client, market, city_official):
    client.force_login(city_official)
    assert client.get("/").status_code == 302


def test_another_tenants_vacancy_is_a_404_on_every_page(client, market):
    other = factories.VacancyFactory(title="别家的岗位")
    client.force_login(market.factory_user)
    for name in ("matching:candidates", "matching:board", "matching:compare", "enterprises:vacancy-manage"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert (
        client.post(
            reverse("matching:move", args=[other.pk, market.worker.pk]), {"to": "shortlisted"}
        ).status_code
        == 404
    )


def test_another_agencys_worker_is_a_404(client, market):
    stranger = factories.WorkerProfileFactory(home_city=market.small.city)
    client.force_login(market.agency_user)
    assert client.get(reverse("agencies:worker-edit", args=[stranger.pk])).status_code == 404


def test_masked_candidates_show_a_number_not_a_name_until_they_apply(client, market):
    vacancy = market.small.vacancies[0]
    client.force_login(market.factory_user)
    page = client.get(reverse("matching:candidates", args=[vacancy.pk])).content.decode()
    names = [w.full_name for w in market.small.workers]
    assert not any(name in page for name in names)
    assert "Candidate #1" in page or "候选人 #1" in page


def test_factory_invites_a_suggested_candidate_and_a_rejection_needs_a_reason(client, market):
    vacancy = market.small.vacancies[0]
    worker_id = vacancy.matches.filter(direction="s").order_by("rank").values_list("worker_id", flat=True)[0]
    client.force_login(market.factory_user)
    url = reverse("matching:move", args=[vacancy.pk, candidate_handle(vacancy.pk, worker_id)])
    response = client.post(url, {"to": "rejected"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert not Application.objects.filter(vacancy=vacancy, worker_id=worker_id, stage="rejected").exists()
    client.post(url, {"to": "invited"}, HTTP_HX_REQUEST="true")
    assert Application.objects.get(vacancy=vacancy, worker_id=worker_id).stage == "invited"
    client.post(url, {"to": "rejected", "reason_code": "commute"}, HTTP_HX_REQUEST="true")
    application = Application.objects.get(vacancy=vacancy, worker_id=worker_id)
    assert application.stage == "rejected" and application.reason
    assert application.events.filter(to_stage="rejected").get().actor == market.factory_user


def test_worker_applies_and_sees_the_application(client, market):
    vacancy = market.small.vacancies[2]
    client.force_login(market.worker_user)
    client.post(reverse("matching:apply", args=[vacancy.pk]))
    assert Application.objects.get(worker=market.worker, vacancy=vacancy).stage == "applied"
    assert vacancy.title in client.get(reverse("matching:my-applications")).content.decode()


def test_worker_downloads_their_data_and_deletes_the_profile(client, market):
    client.force_login(market.worker_user)
    data = client.get(reverse("talent:privacy-export")).json()
    assert data["profile"]["full_name"] == market.worker.full_name
    assert "id_number_hash" not in data["profile"]
    response = client.post(reverse("talent:privacy-delete"), {"confirm": "on"})
    assert response.status_code == 302
    market.worker.refresh_from_db()
    assert market.worker.full_name == "已删除" and market.worker.status == "inactive"
    assert market.worker.user is None and not market.worker.consent_to_matching


def test_worker_revokes_and_grants_matching_consent_in_one_click(client, market):
    client.force_login(market.worker_user)
    client.post(reverse("talent:privacy-consent"), {"purpose": "matching", "action": "revoke"})
    market.worker.refresh_from_db()
    assert not market.worker.consent_to_matching
    client.post(reverse("talent:privacy-consent"), {"purpose": "matching", "action": "grant"})
    market.worker.refresh_from_db()
    assert market.worker.consent_to_matching


def test_signup_creates_a_login_and_a_profile(client, market):
    response = client.post(
        reverse("talent:signup"),
        {
            "full_name": "刘洋",
            "mobile": "13700001111",
            "password": "a-long-enough-passphrase",
            "birth_year": "1995",
            "home_city": market.small.city.pk,
            "consent_to_matching": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    from talent.models import WorkerProfile

    profile = WorkerProfile.objects.get(mobile="13700001111")
    assert profile.user.username == "13700001111"
    assert profile.user.check_password("a-long-enough-passphrase")


def test_occupation_suggestions_answer_the_typed_title(client, market):
    response = client.get(reverse("enterprises:occupation-suggest"), {"title": "焊工"})
    assert "6-18-02-04" in response.content.decode()


def test_the_cny_filter_groups_thousands_and_names_the_month():
    from django.utils import translation

    from hrmatch.templatetags.hrmatch_pages import cny

    with translation.override("en"):
        assert cny(6000, 8000) == "¥6,000–8,000/month"


# --- query counts ----------------------------------------------------------------------------------

LIST_PAGES = [
    ("enterprises:job-list", None, {}),
    ("enterprises:vacancy-list", "agency", {}),
    ("agencies:worker-list", "agency", {}),
    ("agencies:workspace", "agency", {}),
    ("agencies:placement-list", "agency", {}),
    ("agencies:client-list", "agency", {}),
    ("matching:run-list", "agency", {}),
    ("matching:factory-workspace", "factory", {}),
    ("matching:recommendations", "worker", {}),
    ("matching:my-applications", "worker", {}),
    ("matching:candidates", "factory", {"vacancy": 0}),
    ("matching:board", "factory", {"vacancy": 0}),
]


def _user(market, who):
    return {"agency": market.agency_user, "factory": market.factory_user, "worker": market.worker_user}.get(
        who
    )


def _url(market, name, extra):
    if "vacancy" in extra:
        return reverse(name, args=[market.small.vacancies[extra["vacancy"]].pk])
    return reverse(name)


def _count(client, url) -> int:
    cache.clear()  # the database work of the page, not the job board's cached answer to anonymous readers
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(market, n: int) -> None:
    """More vacancies, workers, applications and matches of the same shapes."""
    small = market.small
    for i in range(n):
        vacancy = factories.VacancyFactory(
            enterprise=market.enterprise, title=f"岗位{i}", occupation=small.vacancies[0].occupation
        )
        factories.VacancySkillFactory(vacancy=vacancy, skill=small.welding[0])
        worker = factories.WorkerProfileFactory(home_city=small.city, managing_agency=market.agency)
        factories.WorkerSkillFactory(worker=worker, skill=small.welding[i % 4], level=3)
        factories.ApplicationFactory(worker=worker, vacancy=small.vacancies[0])
        factories.ApplicationFactory(worker=market.worker, vacancy=vacancy)
    run_matching(small.city)


@pytest.mark.parametrize(("name", "who", "extra"), LIST_PAGES, ids=[p[0] for p in LIST_PAGES])
def test_list_pages_keep_their_query_count_as_rows_grow(
    client, market, name, who, extra, django_assert_max_num_queries
):
    if who:
        client.force_login(_user(market, who))
    url = _url(market, name, extra)
    before = _count(client, url)
    _grow(market, 12)
    cache.clear()
    with django_assert_max_num_queries(before + 2):  # a page boundary may add a count query
        assert client.get(url).status_code == 200


# --- garbage in, never a 500 ------------------------------------------------------------------------

GARBAGE = [
    "",
    "'",
    '"><script>',
    "-1",
    "0",
    "9" * 40,
    "1e400",
    "nan",
    "%00",
    "\x00",
    "true",
    "[]",
    "2026-13-45",
    "字",
]
FILTERED_PAGES = {
    "enterprises:job-list": [
        "q",
        "city",
        "district",
        "occupation",
        "pay_min",
        "pay_max",
        "employment_form",
        "shift_pattern",
        "dormitory",
        "near_district",
        "within_km",
        "ordering",
        "page",
    ],
    "enterprises:vacancy-list": ["q", "status", "ordering", "page"],
    "agencies:worker-list": [
        "q",
        "status",
        "possible_duplicate",
        "willing_to_relocate",
        "skill",
        "skill_level",
        "accepts",
        "available_by",
        "ordering",
        "page",
    ],
    "agencies:worker-export": ["q", "status", "format"],
    "matching:factory-workspace": ["status", "page"],
    "matching:recommendations": ["page"],
    "matching:run-list": ["page"],
    "agencies:placement-list": ["page"],
    "agencies:client-list": ["q", "page"],
    "agencies:placement-check": ["vacancy", "employment_form", "worker"],
    "enterprises:occupation-suggest": ["title"],
    "talent:district-options": ["home_city"],
}
WHO = {
    "agencies:worker-list": "agency",
    "agencies:worker-export": "agency",
    "enterprises:vacancy-list": "agency",
    "matching:factory-workspace": "factory",
    "matching:recommendations": "worker",
    "matching:run-list": "agency",
    "agencies:placement-list": "agency",
    "agencies:client-list": "agency",
    "agencies:placement-check": "agency",
}


@pytest.mark.parametrize("name", list(FILTERED_PAGES))
def test_no_filter_value_makes_a_page_fail(client, market, name):
    if name in WHO:
        client.force_login(_user(market, WHO[name]))
    url = reverse(name)
    for param in FILTERED_PAGES[name]:
        for value in GARBAGE:
            response = client.get(url, {param: value})
            assert response.status_code < 500, (param, value)
    for value in GARBAGE:  # every filter at once
        assert client.get(url, dict.fromkeys(FILTERED_PAGES[name], value)).status_code < 500


FORMS = [
    ("talent:signup", None, ["full_name", "mobile", "password", "birth_year", "home_city", "home_district"]),
    (
        "enterprises:vacancy-create",
        "agency",
        [
            "enterprise",
            "title",
            "occupation_code",
            "headcount",
            "pay_min",
            "pay_max",
            "employment_form",
            "shift_pattern",
            "start_date",
            "skills-TOTAL_FORMS",
            "skills-0-skill",
            "skills-0-min_level",
        ],
    ),
    (
        "agencies:worker-create",
        "agency",
        [
            "full_name",
            "mobile",
            "birth_year",
            "home_district",
            "shifts",
            "forms_accepted",
            "available_from",
            "id_number",
            "skills-TOTAL_FORMS",
            "skills-0-skill",
            "skills-0-level",
        ],
    ),
    (
        "talent:profile",
        "worker",
        [
            "full_name",
            "desired_pay",
            "max_commute_km",
            "available_from",
            "occupation_code",
            "skills-TOTAL_FORMS",
            "skills-INITIAL_FORMS",
            "skills-0-level",
        ],
    ),
    ("agencies:placement-create", "agency", ["worker", "vacancy", "employment_form", "started_on"]),
    (
        "agencies:client-create",
        "agency",
        ["name", "credit_code", "industry", "district", "park", "address", "contract_headcount"],
    ),
    ("talent:privacy-consent", "worker", ["purpose", "action", "enterprise", "agency"]),
    ("talent:privacy-delete", "worker", ["confirm"]),
    ("agencies:worker-import-confirm", "agency", ["token"]),
    ("matching:run-start", "agency", []),
    ("switch-role", "agency", ["role"]),
]


@pytest.mark.parametrize(("name", "who", "fields"), FORMS, ids=[f[0] for f in FORMS])
def test_no_form_input_makes_a_page_fail(client, market, name, who, fields):
    if who:
        client.force_login(_user(market, who))
    url = reverse(name)
    for value in GARBAGE:
        response = client.post(url, dict.fromkeys(fields, value))
        assert response.status_code < 500, value
        if name == "talent:privacy-delete":
            client.force_login(_user(market, who))


def test_pipeline_actions_refuse_garbage(client, market):
    vacancy = market.small.vacancies[0]
    worker_id = market.small.workers[0].pk
    client.force_login(market.factory_user)
    for value in GARBAGE:
        response = client.post(
            reverse("matching:move", args=[vacancy.pk, worker_id]),
            {"to": value, "reason_code": value, "reason": value},
        )
        assert response.status_code < 500
        assert client.get(reverse("matching:compare", args=[vacancy.pk]), {"w": value}).status_code < 500
    assert Vacancy.objects.filter(pk=vacancy.pk).exists()
