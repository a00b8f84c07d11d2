"""Shared fixtures: named personas, and the rule that tests needing a missing service are skipped with a
clear notice — or fail, when CI sets HRMATCH_REQUIRE_SERVICES because it provides every service."""

from __future__ import annotations

import importlib.util
import os

import pytest
from django.conf import settings

from tests import factories

REQUIRE_SERVICES = os.environ.get("HRMATCH_REQUIRE_SERVICES", "") not in ("", "0", "false")
CHROMIUM = os.environ.get("HRMATCH_CHROMIUM", "/usr/bin/chromium")


def _missing_services() -> dict[str, str]:
    """Which of the services a marker needs this run lacks, with the reason."""
    missing = {}
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing["postgres"] = "DATABASE_URL does not point at PostgreSQL"
    if not settings.REDIS_URL:
        missing["redis"] = "REDIS_URL is not set"
    if not os.path.exists(CHROMIUM):
        missing["browser"] = f"no Chromium at {CHROMIUM}"
    elif importlib.util.find_spec("playwright") is None:
        missing["browser"] = "the playwright package is not installed"
    return missing


def pytest_report_header(config: pytest.Config) -> list[str]:
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    celery = (
        "eager"
        if settings.CELERY_TASK_ALWAYS_EAGER
        else f"broker {settings.CELERY_BROKER_URL.split('@')[-1]}"
    )
    lines = [f"hrmatch: database {db}, celery {celery}, require services: {REQUIRE_SERVICES}"]
    for marker, reason in _missing_services().items():
        lines.append(f"hrmatch: NOTICE tests marked '{marker}' are skipped: {reason}")
    return lines


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = _missing_services()
    if REQUIRE_SERVICES and missing:
        raise pytest.UsageError(
            "HRMATCH_REQUIRE_SERVICES is set but services are missing: " + "; ".join(missing.values())
        )
    for item in items:
        for marker, reason in missing.items():
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=f"needs {marker}: {reason}"))


@pytest.fixture
def city(db):
    return factories.PilotCityFactory(code="330200", name_zh="宁波", name_en="Ningbo")


@pytest.fixture
def other_city(db):
    return factories.PilotCityFactory(
        code="320500", name_zh="苏州", name_en="Suzhou", latitude=31.3, longitude=120.6
    )


@pytest.fixture
def enterprise(city):
    return factories.EnterpriseFactory(city=city)


@pytest.fixture
def agency(city):
    return factories.AgencyFactory(city=city)


@pytest.fixture
def agency_staff(agency):
    return factories.AgencyMembershipFactory(agency=agency, user__username="agency_staff").user


@pytest.fixture
def factory_hr(enterprise):
    return factories.EnterpriseMembershipFactory(enterprise=enterprise, user__username="factory_hr").user


@pytest.fixture
def city_official(city):
    return factories.OfficialScopeFactory(city=city, level="city", user__username="city_official").user


@pytest.fixture
def national_official(db):
    return factories.OfficialScopeFactory(
        city=None, level="national", user__username="national_official"
    ).user


@pytest.fixture(autouse=True, scope="session")
def eager_celery():
    """Tasks run in-process in tests, even when REDIS_URL is set; the real-worker test turns this off."""
    from hrmatch.celery import app

    previous = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that create many personas use a fast hasher instead."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_messages_in_test_bodies():
    """Messages built outside a request read in English, so tests can quote them; pages still follow the
    visitor's language (zh-hans by default) through LocaleMiddleware. tests/test_i18n.py checks Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a board answer cached by one test's data never reaches another."""
    from django.core.cache import cache

    cache.clear()
    yield
