"""Who is told what when a candidate moves or a run ends: the recipients and facts of matching's notifications.

Workers hear about their own candidacies (once they applied or were referred: a candidate the engine only
suggested has not asked for anything and is not told of a factory's moves on them). Staff hear about the
vacancies they run: the enterprise's HR and the agency that posted the vacancy or referred the candidate.
Staff messages carry no worker name: the link leads to the pipeline, where the masking rules apply.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import translation

from agencies.models import Agency, AgencyMembership
from enterprises.models import EnterpriseMembership, Vacancy
from hrmatch.actors import Actor
from matching.masking import candidate_handle
from matching.models import Application, ApplicationEvent, Interview, MatchRun
from notifications.models import Notification
from notifications.services import notify

Stage = Application.Stage
Kind = Notification.Kind

# What the worker is told when a person moves their candidacy to each stage.
WORKER_KINDS: dict[str, str] = {
    Stage.SHORTLISTED: Kind.SHORTLISTED,
    Stage.INTERVIEWING: Kind.INTERVIEW_STAGE,
    Stage.OFFERED: Kind.OFFERED,
    Stage.HIRED: Kind.HIRED,
    Stage.REJECTED: Kind.REJECTED,
}


def vacancy_staff_ids(vacancy: Vacancy, *, agency_ids: Iterable[int | None] = ()) -> list[int]:
    """Users who run a vacancy: its enterprise's HR, and the staff of its agency and of `agency_ids`."""
    agencies = {a for a in (vacancy.agency_id, *agency_ids) if a is not None}
    users = list(
        EnterpriseMembership.objects.filter(enterprise_id=vacancy.enterprise_id).values_list(
            "user_id", flat=True
        )
    )
    if agencies:
        users += AgencyMembership.objects.filter(agency_id__in=agencies).values_list("user_id", flat=True)
    return users


def application_staff_ids(application: Application) -> list[int]:
    return vacancy_staff_ids(application.vacancy, agency_ids=[application.referred_by_id])


def worker_user_id(application: Application) -> int | None:
    """The login of the application's worker, when they have one and asked for the job themselves."""
    asked = ApplicationEvent.objects.filter(application=application, to_stage=Stage.APPLIED).exists()
    if not asked:
        return None
    return application.worker.user_id


def facts(application: Application) -> dict[str, object]:
    """The vacancy and enterprise named in the sentence, and the application (found again at an erasure)."""
    vacancy = application.vacancy
    return {"vacancy": vacancy.title, "enterprise": vacancy.enterprise.name, "application": application.pk}


def worker_url(application: Application) -> str:
    return f"{reverse('matching:my-applications')}#application-{application.pk}"


def staff_url(application: Application) -> str:
    """The pipeline board, at the candidate's card (named by its opaque handle, never the worker id)."""
    handle = candidate_handle(application.vacancy_id, application.worker_id)
    return f"{reverse('matching:board', kwargs={'pk': application.vacancy_id})}#board-{handle}"


def tell_new_candidate(application: Application, actor: Actor | None) -> None:
    """A worker applied, or an agency referred one: the vacancy's staff hear of it (not the referrer)."""
    params = facts(application)
    kind = Kind.NEW_APPLICANT
    if application.referred_by_id is not None:
        kind = Kind.NEW_REFERRAL
        params["agency"] = Agency.objects.values_list("name", flat=True).get(pk=application.referred_by_id)
    notify(
        recipients=application_staff_ids(application),
        kind=kind,
        params=params,
        url=staff_url(application),
        actor=actor,
    )


def tell_moved(application: Application, actor: Actor | None, reason: str = "") -> None:
    """A person moved a candidate: the worker hears of shortlists, interviews, offers, hires and rejections;
    the vacancy's staff hear of a withdrawal."""
    if application.stage == Stage.WITHDRAWN:
        notify(
            recipients=application_staff_ids(application),
            kind=Kind.WITHDRAWN,
            params={**facts(application), "reason": reason},
            url=staff_url(application),
            actor=actor,
        )
        return
    if application.stage == Stage.INVITED:
        # The invitation is to the worker themself: they have not asked for anything yet, so this is
        # the one move on a mere suggestion they hear of (their applications page shows it to answer).
        notify(
            recipients=[application.worker.user_id],
            kind=Kind.INVITED,
            params=facts(application),
            url=worker_url(application),
            actor=actor,
        )
        return
    kind = WORKER_KINDS.get(application.stage)
    if kind is None:
        return
    notify(
        recipients=[worker_user_id(application)],
        kind=kind,
        params={**facts(application), "reason": reason} if reason else facts(application),
        url=worker_url(application),
        actor=actor,
    )


TO_STAFF = frozenset({Kind.INTERVIEW_CONFIRMED, Kind.INTERVIEW_RESCHEDULE})


def interview_url(interview: Interview) -> str:
    return reverse("interviews:manage", kwargs={"pk": interview.application_id})


def tell_interview(interview: Interview, kind: str, actor: Actor | None, **extra: object) -> None:
    """An interview was set, moved or cancelled (the worker is told) or answered (the staff are told).

    The worker hears of an interview whether or not they applied: an interview set for them is
    something they must be able to answer.
    """
    application = interview.application
    params: dict[str, object] = {**facts(application), "when": interview.starts_at, **extra}
    if interview.place:
        params["place"] = interview.place
    else:  # by phone or video: the mode is the place, in both languages
        label = Interview.Mode(interview.mode).label
        with translation.override("zh-hans"):
            params["place"] = str(label)
        with translation.override("en"):
            params["place_en"] = str(label)
    if kind in TO_STAFF:
        recipients = [*application_staff_ids(application), interview.scheduled_by_id]
        url = interview_url(interview)
    else:
        recipients = [application.worker.user_id]
        url = worker_url(application)
    notify(recipients=recipients, kind=kind, params=params, url=url, actor=actor)


def run_staff_ids(run: MatchRun) -> list[int]:
    """Who hears that a city's run ended: whoever started it and the staff of the city's agencies."""
    users = list(
        AgencyMembership.objects.filter(agency__city_id=run.city_id).values_list("user_id", flat=True)
    )
    return [run.requested_by_id, *users] if run.requested_by_id else users


def tell_run_ended(run: MatchRun) -> None:
    """A run was published (or failed): its requester and the city's agency staff are told."""
    published = run.status == MatchRun.Status.PUBLISHED
    notify(
        recipients=run_staff_ids(run) if published else [run.requested_by_id],
        kind=Kind.RUN_FINISHED if published else Kind.RUN_FAILED,
        params={"city": run.city.name_zh, "city_en": run.city.name_en, "vacancies": run.vacancies_count},
        url=reverse("matching:run-list"),
    )
