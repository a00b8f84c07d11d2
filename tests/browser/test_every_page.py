"""Every role's daily pages in headless Chromium, on a 360 px phone and on a desktop, in Chinese and in
English: no 4xx or 5xx, no console error, no sideways scroll, no request leaving 127.0.0.1, and no string
of our own catalogue left in the other language."""

from __future__ import annotations

import pytest

from tests.browser.conftest import every_variant
from tests.pages.conftest import build_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# A long unbroken line in a job description once stretched /jobs/<id>/ to 189,419 px on a phone.
LONG_WORD = "焊" * 400 + "x" * 2000
MISSING_PAGE = "/no-such-page/"


def _walk(journey, walks: dict) -> None:
    """Each role signs in in a browser of its own and opens its pages; the first two are photographed."""
    journey.expected_console.append(MISSING_PAGE)  # the 404 of the page we open to see our 404 page
    for username, paths in walks.items():
        page = journey.open()
        if username:
            journey.sign_in(page, username)
        for number, path in enumerate(paths):
            response = journey.go(page, path)
            if page.locator("[hx-trigger*=load]").count():  # a part fetched once the page is there
                page.wait_for_load_state("networkidle")
            if response.status >= 400 and path != MISSING_PAGE:
                journey.problems.append(f"{journey.variant} {path}: {response.status}")
            if number < 2:
                journey.step(page, f"every-page-{username or 'visitor'}-{number + 1}")
            else:
                journey.check(page, path)
        page.context.close()


def _training_provider(market, trainee) -> None:
    """A college with a running programme, one attending trainee, and its staff login `provider_staff`."""
    from tests.training.factories import (
        EnrolmentFactory,
        ProviderFactory,
        ProviderMembershipFactory,
        programme_teaching,
    )

    college = ProviderFactory(city=market.small.city, name="宁波技师学院")
    course = programme_teaching(college, market.small.welding[:2], title="氩弧焊速成班")
    EnrolmentFactory(cohort=course.cohorts.get(), worker=trainee, status="attending")
    ProviderMembershipFactory(provider=college, user__username="provider_staff")


def _interview_for(market, vacancy):
    """The worker applied and has an interview set (their applications page shows it, the bell counts)."""
    import datetime as dt

    from django.utils import timezone

    from hrmatch.actors import actor_for
    from matching.services import interviews, pipeline

    hr = actor_for(market.factory_user)
    application = pipeline.application_apply(
        worker=market.worker, vacancy=vacancy, actor=actor_for(market.worker_user)
    )
    pipeline.application_shortlist(application=application, actor=hr)
    pipeline.application_interview(application=application, actor=hr)
    terms = interviews.InterviewTerms(
        starts_at=timezone.now() + dt.timedelta(days=2),
        place="宁波市北仑区黄山西路1号 2号门 人事部三楼会议室",
        contact_name="王经理",
        contact_phone="0574-87654321",
        note="请带身份证和焊工证",
    )
    interviews.interview_schedule(application=application, terms=terms, actor=hr)
    return application


@pytest.fixture
def walks():
    market = build_market()
    vacancy = market.small.vacancies[0]
    vacancy.description = LONG_WORD
    vacancy.save(update_fields=["description"])
    pooled = market.small.workers[1]
    _training_provider(market, pooled)
    interviewing = _interview_for(market, vacancy)
    return {
        None: [
            "/jobs/",
            f"/jobs/?city={market.small.city.code}",
            f"/jobs/{vacancy.pk}/",
            "/signup/",
            "/accounts/login/",
            "/accounts/password-reset/",
            "/privacy-notice/",
            "/cities/",
            MISSING_PAGE,
        ],
        "13900000000": [
            "/me/",
            "/me/applications/",
            "/me/profile/",
            "/me/saved/",
            "/me/privacy/",
            "/notifications/",
        ],
        "agency_staff": [
            "/agency/",
            "/agency/workers/",
            f"/agency/workers/{pooled.pk}/",
            "/agency/workers/new/",
            "/agency/clients/",
            "/agency/clients/new/",
            f"/agency/clients/{market.enterprise.pk}/",
            "/agency/workers/import/",
            "/agency/placements/",
            "/agency/placements/new/",
            "/agency/runs/",
            "/workspace/vacancies/",
            "/workspace/vacancies/new/",
            f"/workspace/vacancies/{vacancy.pk}/",
            f"/workspace/vacancies/{vacancy.pk}/edit/",
            f"/workspace/vacancies/{vacancy.pk}/candidates/",
        ],
        "provider_staff": ["/training/provider/", "/training/enrolments/", "/training/outcomes/"],
        "factory_hr": [
            "/factory/",
            "/workspace/vacancies/",
            f"/workspace/vacancies/{vacancy.pk}/candidates/",
            f"/workspace/vacancies/{vacancy.pk}/board/",
            f"/workspace/applications/{interviewing.pk}/interview/",
            "/notifications/",
            f"/workspace/applications/{interviewing.pk}/",  # the candidate page of an applicant
        ],
    }


@every_variant
def test_every_roles_pages_render_cleanly(journey, walks):
    _walk(journey, walks)
