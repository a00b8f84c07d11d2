"""Bad input answers 4xx in the API's error shape; rate limits and the lockout cannot be lifted by a
forged X-Forwarded-For; sign-up keeps who is registered to itself; API tokens expire and rotate."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from hrmatch.client import client_address
from tests import factories

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def api() -> APIClient:
    """An API client reading English answers (the API follows Accept-Language, zh-hans by default)."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def error_shape(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    return body


# ---- bad input ------------------------------------------------------------------------------------


def test_json_nested_100000_deep_is_refused_with_400_not_a_recursion_error(db):
    body = "[" * 100_000 + "]" * 100_000
    response = api().post("/api/v1/tokens/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested deeper" in error_shape(response)["detail"]


def test_json_of_ordinary_depth_with_brackets_inside_strings_is_accepted(db):
    factories.UserFactory(username="deep")
    body = '{"username": "deep", "password": "correct horse battery staple", "x": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}'
    response = api().post("/api/v1/tokens/", body, content_type="application/json")
    assert response.status_code == 201


def test_a_nul_character_answers_400_in_the_error_shape_in_the_query_and_in_json(db):
    client = api()
    response = client.get("/api/v1/vacancies/?q=a%00b")
    assert response.status_code == 400
    assert "NUL" in error_shape(response)["detail"]
    response = client.post(
        "/api/v1/tokens/", '{"username": "a\\u0000b", "password": "x"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert "NUL" in error_shape(response)["detail"]


def test_an_unknown_api_path_answers_a_json_404(db):
    response = api().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert error_shape(response)["detail"]
    response = api().get("/api/v1/vacancies/99999999/nested/path/")
    assert response.status_code == 404
    error_shape(response)


def test_pages_keep_their_html_404(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


# ---- client address and rate limits --------------------------------------------------------------


class FakeRequest:
    def __init__(self, remote: str, forwarded: str | None = None) -> None:
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_client_address_ignores_x_forwarded_for_unless_proxies_are_trusted(settings):
    assert client_address(FakeRequest("10.0.0.9", "1.2.3.4")) == "10.0.0.9"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # One trusted proxy appended the address it saw: the client wrote "1.2.3.4" itself.
    assert client_address(FakeRequest("10.0.0.1", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_address(FakeRequest("10.0.0.1")) == "10.0.0.1"


def test_rotating_x_forwarded_for_does_not_lift_the_token_rate_limit(db, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"login": "3/minute", "anon": "100/minute"})
    client = api()
    codes = [
        client.post(
            "/api/v1/tokens/",
            {"username": "nobody", "password": "x"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(5)
    ]
    assert codes == [400, 400, 400, 429, 429]


def test_the_login_lockout_keys_on_the_real_address_not_x_forwarded_for(db, client):
    factories.UserFactory(username="floor")
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": "floor", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    response = client.post(reverse("login"), {"username": "floor", "password": PASSWORD})
    assert response.status_code in (403, 429)  # locked out, whatever the forwarded header said


def test_the_sign_in_page_is_throttled_per_address(db, client, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"login_page": "3/minute"})
    codes = [
        client.post(
            reverse("login"),
            {"username": f"someone{n}", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    assert client.get(reverse("login")).status_code == 200  # reading the form is not counted


def signup_form(city, mobile: str) -> dict:
    return {
        "full_name": "刘洋",
        "mobile": mobile,
        "password": "a-long-enough-passphrase",
        "birth_year": "1995",
        "home_city": city.pk,
        "consent_to_matching": "on",
    }


def test_sign_up_answers_alike_whether_or_not_the_mobile_is_registered(db, client, city):
    factories.UserFactory(username="13700002222")
    new = client.post(reverse("talent:signup"), signup_form(city, "13700001111"), follow=True)
    taken = client.post(reverse("talent:signup"), signup_form(city, "13700002222"), follow=True)
    assert new.status_code == taken.status_code == 200
    assert new.redirect_chain == taken.redirect_chain
    csrf = re.compile(r'csrf[^"]*": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', re.I)
    assert csrf.sub("", new.content.decode()) == csrf.sub("", taken.content.decode())
    from talent.models import WorkerProfile

    assert WorkerProfile.objects.filter(mobile="13700001111").exists()
    assert not WorkerProfile.objects.filter(mobile="13700002222").exists()


def test_sign_up_is_throttled_per_address(db, client, city, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"signup": "2/hour"})
    codes = [
        client.post(
            reverse("talent:signup"), signup_form(city, f"1370000{n:04d}"), HTTP_X_FORWARDED_FOR=f"1.1.1.{n}"
        ).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]


# ---- tokens --------------------------------------------------------------------------------------


def obtain(client: APIClient, username: str, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/tokens/", {"username": username, "password": password}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["token"]


def test_a_token_expires_after_the_configured_days(db, settings):
    settings.HRMATCH_TOKEN_TTL_DAYS = 30
    factories.UserFactory(username="integration")
    client = api()
    key = obtain(client, "integration")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 200
    Token.objects.filter(key=key).update(created=Token.objects.get(key=key).created - dt.timedelta(days=31))
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert "expired" in error_shape(response)["detail"]
    fresh = obtain(api(), "integration")
    assert fresh != key


def test_a_password_change_revokes_every_token(db):
    user = factories.UserFactory(username="integration")
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {obtain(client, 'integration')}")
    assert client.get("/api/v1/me/").status_code == 200
    user.set_password("another long passphrase 2026")
    user.save()
    assert client.get("/api/v1/me/").status_code == 401
    assert obtain(api(), "integration", "another long passphrase 2026")


def test_the_token_list_shows_expiry_and_last_use(db):
    factories.UserFactory(username="integration")
    client = api()
    key = obtain(client, "integration")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    [row] = client.get("/api/v1/tokens/").json()
    assert row["last_used"] is not None
    assert row["last_address"] == "127.0.0.1"
    token = Token.objects.get(key=key)
    assert dt.datetime.fromisoformat(row["expires"]) == token.created + dt.timedelta(days=30)
