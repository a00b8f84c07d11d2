"""The agency workspace's navigation: every daily room is one tap away, and the page's own room is marked."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db


def nav_links(html: str) -> list[tuple[str, str, bool]]:
    """(href, label, current) of each link of the header's main navigation."""
    nav = re.search(r'<nav[^>]*class="main-nav"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "the page has no main navigation"
    return [
        (href, label.strip(), bool(current))
        for href, current, label in re.findall(
            r'<a href="([^"]+)"( aria-current="page")?>([^<]*)</a>', nav.group(1)
        )
    ]


def test_agency_staff_reach_their_client_factories_from_the_navigation(client, agency_staff):
    client.force_login(agency_staff)
    with translation.override("en"):
        html = client.get(reverse("agencies:workspace"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    links = nav_links(html)
    assert (reverse("agencies:client-list"), "Client factories", False) in links
    assert links[0] == (reverse("agencies:workspace"), "Overview", True)


def test_the_navigation_names_client_factories_in_chinese(client, agency_staff):
    client.force_login(agency_staff)
    with translation.override("zh-hans"):
        html = client.get(reverse("agencies:workspace"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert (reverse("agencies:client-list"), "客户企业", False) in nav_links(html)


def test_a_client_factorys_pages_mark_client_factories_as_the_current_room(
    client, agency, agency_staff, city
):
    enterprise = factories.EnterpriseFactory(city=city)
    factories.AgencyClientFactory(agency=agency, enterprise=enterprise)
    client.force_login(agency_staff)
    for url in (
        reverse("agencies:client-list"),
        reverse("agencies:client-create"),
        reverse("agencies:client-edit", args=[enterprise.pk]),
    ):
        current = [
            href for href, _label, is_current in nav_links(client.get(url).content.decode()) if is_current
        ]
        assert current == [reverse("agencies:client-list")], url


def test_the_overview_claims_only_its_own_page(client, agency_staff):
    client.force_login(agency_staff)
    links = nav_links(client.get(reverse("agencies:placement-create")).content.decode())
    assert [href for href, _label, is_current in links if is_current] == [reverse("agencies:placement-list")]
