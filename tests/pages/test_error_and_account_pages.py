"""Error pages in both languages, never Django's debug page; signing in, signing up and resetting a password."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from talent.models import WorkerProfile
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"), [("zh-hans", "这个页面不存在"), ("en", "This page does not exist")]
)
def test_a_missing_page_is_our_own_404_in_the_visitors_language(client, city, language, heading):
    response = client.get("/jobs/999999/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    page = response.content.decode()
    assert heading in page and 'class="error-code">404' in page
    assert "URLconf" not in page and "Using the URLconf" not in page


def test_a_page_of_another_role_is_our_own_403(client, city):
    worker = factories.WorkerProfileFactory(home_city=city, user=factories.UserFactory())
    client.force_login(worker.user)
    response = client.get(reverse("agencies:workspace"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 403
    page = response.content.decode()
    assert "您无权打开此页面" in page and "403 Forbidden" not in page


def test_the_500_page_renders_in_chinese_without_a_request_context():
    with translation.override("zh-hans"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()


def test_a_nul_character_is_refused_in_the_visitors_language(client):
    response = client.get("/jobs/?q=a%00b", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_login_says_mobile_or_username_and_links_to_signup_and_reset(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "手机号或用户名" in page
    assert f'href="{reverse("talent:signup")}' in page
    assert f'href="{reverse("password_reset")}"' in page


def test_matching_consent_is_not_ticked_in_advance_and_signup_works_without_it(client, city):
    page = client.get(reverse("talent:signup")).content.decode()
    box = re.search(r'<input type="checkbox" name="consent_to_matching"[^>]*>', page).group(0)
    assert "checked" not in box
    assert f'href="{reverse("privacy-notice")}"' in page
    response = client.post(
        reverse("talent:signup"),
        {
            "full_name": "刘洋",
            "mobile": "13700001111",
            "password": "welder-on-the-night-shift-2026",
            "birth_year": "1996",
            "home_city": city.pk,
        },
    )
    assert response.status_code == 302
    assert WorkerProfile.objects.get(mobile="13700001111").consent_to_matching is False


def test_the_privacy_notice_is_public_in_both_languages(client):
    assert (
        "隐私声明" in client.get(reverse("privacy-notice"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    )
    assert (
        "Privacy notice" in client.get(reverse("privacy-notice"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_a_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = factories.UserFactory(username="agency_staff", email="staff@example.com")
    response = client.post(reverse("password_reset"), {"email": "staff@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    response = client.post(
        form_url, {"new_password1": "a-much-better-secret-2026", "new_password2": "a-much-better-secret-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-much-better-secret-2026")
