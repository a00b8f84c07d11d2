"""Client factories from the agency workspace: registering one with its credit code checked, editing it,
and no agency touching a factory it does not serve, on the pages and in the API."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from agencies.models import AgencyClient
from enterprises.models import Enterprise
from tests import factories

pytestmark = pytest.mark.django_db

GOOD_CODE = factories.credit_code(4242)
BAD_CODE = GOOD_CODE[:17] + ("0" if GOOD_CODE[17] != "0" else "1")


@pytest.fixture
def beilun(city):
    return factories.DistrictFactory(
        city=city, code="330206", name_zh="北仑区", latitude=29.9, longitude=121.8
    )


@pytest.fixture
def client_factory(agency, city):
    enterprise = factories.EnterpriseFactory(city=city, name="宁波精密铸造有限公司")
    factories.AgencyClientFactory(agency=agency, enterprise=enterprise)
    return enterprise


@pytest.fixture
def other_agency_staff(other_city):
    agency = factories.AgencyFactory(city=other_city)
    return factories.AgencyMembershipFactory(agency=agency, user__username="other_agency").user


def _form(**changes) -> dict:
    data = {
        "name": "宁波新材料有限公司",
        "credit_code": GOOD_CODE.lower(),
        "industry": "C34",
        "address": "北仑区长江路1号",
        "contract_headcount": 450,
        "dispatched_headcount": 20,
    }
    data.update(changes)
    return data


def test_staff_register_a_client_factory_in_their_city(client, agency, agency_staff, beilun):
    client.force_login(agency_staff)
    assert client.get(reverse("agencies:client-create")).status_code == 200
    response = client.post(reverse("agencies:client-create"), _form(district=beilun.pk))
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(credit_code=GOOD_CODE)
    assert (enterprise.city_id, enterprise.latitude, enterprise.longitude) == (agency.city_id, 29.9, 121.8)
    assert AgencyClient.objects.filter(agency=agency, enterprise=enterprise).exists()
    page = client.get(reverse("agencies:client-list")).content.decode()
    assert "宁波新材料有限公司" in page and reverse("agencies:client-edit", args=[enterprise.pk]) in page


def test_a_wrong_check_character_is_refused_naming_the_right_one_in_chinese(client, agency_staff):
    client.force_login(agency_staff)
    with translation.override("zh-hans"):
        response = client.post(
            reverse("agencies:client-create"), _form(credit_code=BAD_CODE), HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    assert response.status_code == 200
    errors = response.context["form"].errors["credit_code"]
    assert f"校验码应为 {GOOD_CODE[17]}，" in errors[0]
    assert not Enterprise.objects.filter(name="宁波新材料有限公司").exists()


def test_bad_input_on_the_register_page_is_a_field_error_never_a_500(client, agency_staff, other_city):
    client.force_login(agency_staff)
    foreign = factories.DistrictFactory(city=other_city)
    for changes, field in (
        ({"credit_code": "123"}, "credit_code"),
        ({"name": ""}, "name"),
        ({"district": foreign.pk}, "district"),
        ({"district": "9" * 40}, "district"),
        ({"contract_headcount": -1}, "contract_headcount"),
        ({"industry": "X99"}, "industry"),
    ):
        response = client.post(reverse("agencies:client-create"), _form(**changes))
        assert response.status_code == 200, changes
        assert field in response.context["form"].errors, changes
    assert not Enterprise.objects.exists()


def test_staff_edit_their_client_and_a_new_district_moves_it(client, agency_staff, client_factory, beilun):
    client.force_login(agency_staff)
    url = reverse("agencies:client-edit", args=[client_factory.pk])
    page = client.get(url).content.decode()
    assert client_factory.credit_code in page
    data = _form(name="宁波精密铸造股份有限公司", credit_code=client_factory.credit_code, district=beilun.pk)
    assert client.post(url, data).status_code == 302
    client_factory.refresh_from_db()
    assert (client_factory.name, client_factory.latitude) == ("宁波精密铸造股份有限公司", 29.9)
    response = client.post(url, _form(credit_code=BAD_CODE))
    assert response.status_code == 200 and "credit_code" in response.context["form"].errors


def test_no_one_edits_a_factory_their_agency_does_not_serve(
    client, client_factory, other_agency_staff, factory_hr, enterprise
):
    url = reverse("agencies:client-edit", args=[client_factory.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(other_agency_staff)
    assert client.get(url).status_code == 404
    assert client.post(url, _form(name="篡改")).status_code == 404
    assert "宁波精密铸造" not in client.get(reverse("agencies:client-list")).content.decode()
    client.force_login(factory_hr)  # a factory's HR has no agency workspace
    assert client.get(url).status_code in (403, 404)
    assert client.get(reverse("agencies:client-create")).status_code in (403, 404)
    client_factory.refresh_from_db()
    assert client_factory.name == "宁波精密铸造有限公司"


def test_the_api_edits_a_client_and_refuses_bad_codes_with_the_check_character(
    agency_staff, other_agency_staff, client_factory
):
    api = APIClient()
    url = f"/api/v1/enterprises/{client_factory.pk}/"
    api.force_authenticate(other_agency_staff)
    assert api.patch(url, {"name": "篡改"}, format="json").status_code == 404
    api.force_authenticate(agency_staff)
    response = api.patch(url, {"credit_code": BAD_CODE}, format="json")
    assert response.status_code == 400
    assert f"校验码应为 {GOOD_CODE[17]}，" in response.json()["errors"]["credit_code"][0]
    for body in ({"contract_headcount": -5}, {"latitude": 30.0}, {"district": "000000"}, {"name": ""}):
        assert api.patch(url, body, format="json").status_code == 400, body
    response = api.patch(url, {"name": "宁波精密铸造股份有限公司", "contract_headcount": 1800}, format="json")
    assert response.status_code == 200
    assert response.json()["dispatch_capacity"] == 200


def test_the_client_list_keeps_its_query_count_as_clients_grow(
    client, agency, agency_staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(agency_staff)
    url = reverse("agencies:client-list")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    for _ in range(15):
        enterprise = factories.EnterpriseFactory(city=agency.city)
        factories.AgencyClientFactory(agency=agency, enterprise=enterprise)
        factories.VacancyFactory(enterprise=enterprise)
    with django_assert_max_num_queries(len(ctx.captured_queries) + 2):
        assert client.get(url).status_code == 200
