"""Registering a client enterprise through the API: agency staff's new enterprise is their agency's client."""

from __future__ import annotations

import pytest

from agencies.models import AgencyClient
from enterprises.models import Enterprise
from tests import factories

pytestmark = pytest.mark.django_db


def body(world, n: int) -> dict:
    return {
        "name": f"宁波新材料有限公司{n}",
        "credit_code": factories.credit_code(700 + n),
        "industry": "C34",
        "city": world["city"].code,
        "address": "北仑区1号",
        "contract_headcount": 100,
    }


def test_an_enterprise_agency_staff_register_becomes_their_agencys_client(world):
    response = world.client("agency_a").post("/api/v1/enterprises/", body(world, 1), format="json")

    assert response.status_code == 201, response.content
    enterprise = Enterprise.objects.get(pk=response.json()["id"])
    assert list(AgencyClient.objects.filter(enterprise=enterprise).values_list("agency", flat=True)) == [
        world["agency_a"].pk
    ]


def test_an_enterprise_an_admin_registers_for_no_agency_is_nobodys_client(world):
    response = world.client("admin").post("/api/v1/enterprises/", body(world, 2), format="json")

    assert response.status_code == 201, response.content
    assert not AgencyClient.objects.filter(enterprise_id=response.json()["id"]).exists()
