"""The demo worker's interview: they applied to a job of the demo factory, which set an interview time,
so the worker's bell and applications page and the factory's pipeline show the flow on first sign-in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth.models import User
from django.utils import timezone

from enterprises.models import EnterpriseMembership, Vacancy
from hrmatch.actors import actor_for
from matching.models import Application, Interview
from matching.services import interviews, pipeline
from talent.models import WorkerProfile


def interview_build(*, say: Callable[[str], None]) -> None:
    """Idempotent: nothing happens when the demo worker already has an interview (or a login is missing)."""
    worker = WorkerProfile.objects.filter(user__username="worker").select_related("user").first()
    factory_user = User.objects.filter(username="factory").first()
    if worker is None or factory_user is None:
        return
    if Interview.objects.filter(application__worker=worker).exists():
        return
    enterprise_ids = EnterpriseMembership.objects.filter(user=factory_user).values("enterprise_id")
    taken = Application.objects.filter(worker=worker).values("vacancy_id")
    vacancy = (
        Vacancy.objects.filter(enterprise_id__in=enterprise_ids, status=Vacancy.Status.OPEN)
        .exclude(pk__in=taken)
        .order_by("id")
        .first()
    )
    if vacancy is None:
        return
    hr = actor_for(factory_user)
    application = pipeline.application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))
    pipeline.application_shortlist(application=application, actor=hr)
    pipeline.application_interview(application=application, actor=hr)
    day = timezone.localdate() + dt.timedelta(days=3)
    terms = interviews.InterviewTerms(
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))),
        place=f"{(vacancy.enterprise.address or vacancy.enterprise.name)[:180]} 人事部",
        contact_name=(factory_user.get_full_name() or "李") + "经理",
        contact_phone="0574-87654321",
        note="请带身份证和技能证书原件。",
    )
    interviews.interview_schedule(application=application, terms=terms, actor=hr)
    say(f"Demo interview: the demo worker is invited to interview for {vacancy.title}.")
