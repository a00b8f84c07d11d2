"""Schemathesis against the live schema, as every role (token auth): no server errors, every answer
conforms to the schema (status codes and bodies).

Bounded: HRMATCH_SCHEMATHESIS_EXAMPLES examples per operation and role (default 4), no shrinking, no
example database. Run with `pytest -m slow tests/api/test_schemathesis.py`.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hrmatch.wsgi import application
from tests.api.conftest import ROLES

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.api_contract]

EXAMPLES = int(os.environ.get("HRMATCH_SCHEMATHESIS_EXAMPLES", "4"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]


@pytest.fixture
def test_transaction_survives_requests():
    """Schemathesis calls the WSGI app directly, not through Django's test client, so Django would close
    the test's database connection (and its transaction) at the end of every request, as the client
    prevents by the same disconnection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(monkeypatch, test_transaction_survives_requests):
    """Generated traffic far exceeds the real rates; throttling has its own test."""
    from rest_framework.throttling import SimpleRateThrottle

    # Every configured scope (a scope missing here would be a server error, not an unthrottled call).
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {scope: "100000/minute" for scope in SimpleRateThrottle.THROTTLE_RATES},
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_every_generated_request_within_its_contract(role, world, unthrottled):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    headers = {}
    if role != "anonymous":
        headers["Authorization"] = f"Token {Token.objects.get_or_create(user=world.users[role])[0].key}"
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/v1/tokens/revoke/":
            continue  # it would sign this role out for the remaining operations

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except BaseExceptionGroup as exc:  # collect, so one run reports every operation that fails
                failures.append(f"{case.method} {case.path}: {str(exc)[:600]}")

        check()
    assert not failures, "\n\n".join(failures[:20])
