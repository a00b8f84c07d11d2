"""Signing up through the API: the page's form and service, the same answer for a registered mobile."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from talent.models import WorkerProfile

pytestmark = pytest.mark.django_db


def _signup(city, **changes):
    body = {
        "full_name": "李娜",
        "mobile": "13805740001",
        "password": "a long enough passphrase 2026",
        "birth_year": 1995,
        "home_city": city.pk,
        "consent_to_matching": False,
        **changes,
    }
    return APIClient().post("/api/v1/workers/signup/", body, format="json")


def test_a_worker_signs_up_through_the_api_and_can_then_get_a_token(city):
    response = _signup(city)

    assert response.status_code == 202
    worker = WorkerProfile.objects.get(mobile="13805740001")
    assert worker.full_name == "李娜" and worker.user.username == "13805740001"
    assert not worker.consent_to_matching
    token = APIClient().post(
        "/api/v1/tokens/",
        {"username": "13805740001", "password": "a long enough passphrase 2026"},
        format="json",
    )
    assert token.status_code in (200, 201)


def test_signing_up_with_a_registered_mobile_answers_alike_and_changes_nothing(city):
    first = _signup(city)
    second = _signup(city, full_name="冒名者", password="another long passphrase 2026")

    assert second.status_code == first.status_code == 202
    assert second.json() == first.json()
    assert WorkerProfile.objects.get(mobile="13805740001").full_name == "李娜"
    assert (
        get_user_model().objects.get(username="13805740001").check_password("a long enough passphrase 2026")
    )


def test_bad_sign_up_input_answers_400_per_field_and_creates_nothing(city):
    response = _signup(city, mobile="12", birth_year=1800, home_city=999999)

    assert response.status_code == 400
    assert {"mobile", "birth_year", "home_city"} <= set(response.json()["errors"])
    assert not WorkerProfile.objects.exists()


def test_sign_up_is_throttled_per_client_address(city, monkeypatch):
    cache.clear()
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "signup": "2/hour"}
    )

    answers = [_signup(city, mobile=f"1380574000{i}").status_code for i in range(3)]

    assert answers == [202, 202, 429]
    assert WorkerProfile.objects.count() == 2
