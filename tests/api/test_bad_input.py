"""Input the database cannot store answers 400 in the API's error shape, whichever way it arrives."""

from __future__ import annotations

import json

import pytest
from django.db import DataError
from django.test import Client
from rest_framework.authtoken.models import Token

from hrmatch.api.errors import exception_handler
from tests.training.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

BOUNDARY = "b0undary"


def multipart(field: str, value: bytes) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n'.encode()
        + value
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def token_client(world, role: str = "agency_a") -> tuple[Client, dict[str, str]]:
    key = Token.objects.get_or_create(user=world.users[role])[0].key
    return Client(raise_request_exception=False), {"HTTP_AUTHORIZATION": f"Token {key}"}


def assert_nul_refused(response) -> None:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail", "errors"}


def bodies_with_a_nul() -> list[tuple[str, bytes, str]]:
    """The bodies Django does not parse (so the middleware never sees them) but DRF does."""
    return [
        ("POST", json.dumps({"home_city": "33\x000200"}).encode(), "application/json"),
        ("POST", json.dumps({"full_name": "x", "skills": [{"skill": "\x00"}]}).encode(), "application/json"),
        ("POST", multipart("home_city", b"33\x000200"), f"multipart/*; boundary={BOUNDARY}"),
        ("PATCH", multipart("home_city", b"33\x000200"), f"multipart/form-data; boundary={BOUNDARY}"),
        ("PATCH", b"home_city=33%000200", "application/x-www-form-urlencoded"),
    ]


@pytest.mark.postgres
@pytest.mark.parametrize(("method", "body", "content_type"), bodies_with_a_nul())
def test_a_nul_in_a_body_drf_parses_is_a_400_not_a_database_error(world, method, body, content_type):
    client, auth = token_client(world)
    path = "/api/v1/workers/" if method == "POST" else f"/api/v1/workers/{world['pool_a'].pk}/"
    assert_nul_refused(client.generic(method, path, data=body, content_type=content_type, **auth))
    assert client.get("/api/v1/workers/", **auth).status_code == 200  # the connection is still usable


@pytest.mark.parametrize(("method", "body", "content_type"), bodies_with_a_nul()[:1])
def test_a_nul_is_refused_on_sqlite_too(world, method, body, content_type):
    client, auth = token_client(world)
    assert_nul_refused(
        client.generic(method, "/api/v1/workers/", data=body, content_type=content_type, **auth)
    )


def test_an_uploaded_file_may_hold_nul_bytes_but_not_its_name():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hrmatch.api.parsers import contains_nul

    assert not contains_nul({"file": SimpleUploadedFile("sheet.xlsx", b"PK\x03\x04\x00\x00")})
    assert contains_nul({"file": SimpleUploadedFile("sheet\x00.xlsx", b"")})
    assert contains_nul({"a": [1, {"b\x00": 2}]})
    assert not contains_nul({"a": [1, {"b": None}]})


def test_a_database_data_error_is_a_400_in_the_error_shape():
    response = exception_handler(DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"), {})
    assert response is not None and response.status_code == 400
    assert set(response.data) == {"detail", "errors"}
    assert list(response.data["errors"]) == ["non_field_errors"]
    assert "NUL" not in response.data["detail"]  # the database's words are not shown


@pytest.mark.postgres
def test_a_data_error_raised_by_a_query_answers_400(world, monkeypatch):
    """The defence behind the parsers: when a NUL does reach PostgreSQL, still no 500."""
    monkeypatch.setattr("hrmatch.api.parsers.contains_nul", lambda value: False)
    client, auth = token_client(world)
    body = json.dumps({"home_city": "33\x000200"})
    assert_nul_refused(client.post("/api/v1/workers/", data=body, content_type="application/json", **auth))


def test_a_programme_without_a_certificate_occupation_lists_null_as_its_schema_allows(world):
    programme = ProgrammeFactory(occupation=None)
    client, auth = token_client(world, "worker")
    rows = client.get("/api/v1/programmes/", {"page_size": 100}, **auth).json()["results"]
    assert next(row for row in rows if row["id"] == programme.pk)["occupation"] is None
    schema = client.get("/api/schema/?format=json").json()
    assert schema["components"]["schemas"]["ProgrammeOutput"]["properties"]["occupation"].get("nullable")
