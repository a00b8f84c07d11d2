"""Reads of matches, applications and runs, scoped to what the asking actor may see.

Whether a reader may know who a candidate is follows one rule, matching.masking.with_identity: until
then the candidate is pseudonymous (skills, levels, experience and distance; no name, mobile, worker id
or ID number).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from enterprises.models import Vacancy, VacancySkill
from enterprises.selectors import vacancy_manageable_list, vacancy_workable_list
from hrmatch.actors import Actor
from matching.masking import with_identity
from matching.models import Application, CurrentRun, Interview, JobMark, Match, MatchRun
from talent.models import MATCHABLE_STATUSES, Importance, Skill, WorkerSkill

# Every read of matches also requires a worker who may be matched right now: a revocation, an erasure
# or a worker leaving the market takes effect on the next read even if a run was published meanwhile.
ELIGIBLE_WORKER = {"worker__consent_to_matching": True, "worker__status__in": MATCHABLE_STATUSES}


def current_run_id(city_id: int) -> int | None:
    """The run a city's readers see, or None before the first run is published."""
    return CurrentRun.objects.filter(city_id=city_id).values_list("run_id", flat=True).first()


def shortlist_waiting_counts(*, vacancies: Iterable[Vacancy]) -> dict[int, int]:
    """For each vacancy, how many of its current shortlist's candidates are not in its pipeline yet
    (the engine's suggestions a factory has not acted on), counted as `shortlist` lists them: eligible
    workers only. Two queries for a page of vacancies, whatever their cities."""
    vacancies = list(vacancies)
    runs = CurrentRun.objects.filter(city_id__in={v.city_id for v in vacancies}).values_list(
        "run_id", flat=True
    )
    in_pipeline = Application.objects.filter(
        vacancy_id=OuterRef("vacancy_id"), worker_id=OuterRef("worker_id")
    )
    rows = (
        Match.objects.filter(
            run_id__in=list(runs),  # a city's run holds only its own vacancies
            vacancy_id__in=[v.pk for v in vacancies],
            direction=Match.Direction.SHORTLIST,
            **ELIGIBLE_WORKER,
        )
        .exclude(Exists(in_pipeline))
        .values("vacancy_id")
        .annotate(waiting=Count("pk"))
        .values_list("vacancy_id", "waiting")
    )
    return dict(rows)


def shortlist(*, actor: Actor, vacancy: Vacancy) -> QuerySet[Match]:
    """A worked vacancy's ranked candidates from its city's current run, each with `identity_visible`
    (managed, or granted to the actor's agency: enterprises.selectors.vacancy_workable_list).

    Raises Vacancy.DoesNotExist when the actor does not work the vacancy (a 404 for the caller).
    """
    vacancy = vacancy_workable_list(actor=actor).get(pk=vacancy.pk)
    matches = (
        Match.objects.filter(
            run_id=current_run_id(vacancy.city_id),
            vacancy=vacancy,
            direction=Match.Direction.SHORTLIST,
            **ELIGIBLE_WORKER,
        )
        .select_related("worker", "worker__home_district", "worker__primary_occupation", "trade_occupation")
        .order_by("rank")
    )
    matches = matches.exclude(
        Exists(
            Application.objects.filter(
                vacancy=vacancy, worker_id=OuterRef("worker_id"), stage=Application.Stage.DECLINED
            )
        )
    )
    return with_identity(matches, actor=actor)


def recommendation_list(*, actor: Actor) -> QuerySet[Match]:
    """A worker's own recommended vacancies from their city's current run, best first (open ones only,
    without the jobs the worker marked "not interested")."""
    if actor.worker_id is None:
        return Match.objects.none()
    runs = CurrentRun.objects.filter(city__workers__pk=actor.worker_id).values("run_id")
    dismissed = JobMark.objects.filter(
        worker_id=actor.worker_id, vacancy_id=OuterRef("vacancy_id"), kind=JobMark.Kind.NOT_INTERESTED
    )
    return (
        Match.objects.exclude(Exists(dismissed))
        .filter(
            run_id__in=runs,
            worker_id=actor.worker_id,
            direction=Match.Direction.RECOMMENDATION,
            vacancy__status=Vacancy.Status.OPEN,
            **ELIGIBLE_WORKER,
        )
        .select_related(
            "vacancy__enterprise",
            "vacancy__occupation",
            "vacancy__district",
            "vacancy__city",
            "trade_occupation",
        )
        .order_by("rank")
    )


def application_list(*, actor: Actor) -> QuerySet[Application]:
    """Applications an actor takes part in: a worker's own, its enterprise's vacancies', its agency's."""
    applications = Application.objects.select_related(
        "worker__primary_occupation", "vacancy__enterprise", "vacancy__occupation", "referred_by"
    )
    if actor.is_admin:
        return applications
    visible = Q(vacancy__enterprise_id__in=actor.enterprise_ids)
    if actor.agency_ids:
        visible |= Q(referred_by_id__in=actor.agency_ids) | Q(
            vacancy__in=vacancy_manageable_list(actor=actor).values("pk")
        )
    if actor.worker_id is not None:
        visible |= Q(worker_id=actor.worker_id)
    return applications.filter(visible)


def application_manageable_list(*, actor: Actor) -> QuerySet[Application]:
    """Applications to the vacancies an actor manages: those whose candidates it may move."""
    return application_list(actor=actor).filter(vacancy__in=vacancy_manageable_list(actor=actor).values("pk"))


def interview_list(*, actor: Actor) -> QuerySet[Interview]:
    """Interviews of the applications an actor takes part in: the worker's own, the vacancy staff's."""
    return Interview.objects.filter(
        application__in=application_list(actor=actor).values("pk")
    ).select_related("application__vacancy__enterprise", "application__worker")


def open_interviews() -> Prefetch[str, QuerySet[Interview], str]:
    """Prefetch an application's open interview as `open_interviews` (a list of at most one)."""
    return Prefetch(
        "interviews",
        queryset=Interview.objects.filter(status__in=Interview.OPEN_STATUSES),
        to_attr="open_interviews",
    )


def interview_manageable_list(*, actor: Actor) -> QuerySet[Interview]:
    """Interviews an actor may move or cancel: those of the vacancies it manages."""
    return interview_list(actor=actor).filter(
        application__vacancy__in=vacancy_manageable_list(actor=actor).values("pk")
    )


def interview_own_list(*, actor: Actor) -> QuerySet[Interview]:
    """A worker's own interviews, the ones they confirm or ask to move."""
    if actor.worker_id is None:
        return Interview.objects.none()
    return Interview.objects.filter(application__worker_id=actor.worker_id).select_related(
        "application__vacancy__enterprise", "application__worker"
    )


def match_run_list(*, actor: Actor) -> QuerySet[MatchRun]:
    """Runs of the cities an actor works in (agency staff, officials) or all (admin)."""
    runs = MatchRun.objects.select_related("city", "scoring_model")
    if actor.is_admin or actor.is_national_official:
        return runs
    from agencies.models import Agency

    cities = set(Agency.objects.filter(pk__in=actor.agency_ids).values_list("city_id", flat=True))
    if actor.official_city_id is not None:
        cities.add(actor.official_city_id)
    return runs.filter(city_id__in=cities)


@dataclass(frozen=True)
class SkillGap:
    """A required skill a candidate lacks (held 0) or holds below the vacancy's level."""

    skill: Skill
    held: int
    required: int

    @property
    def below_level(self) -> bool:
        return self.held > 0

    @property
    def name_zh(self) -> str:
        return self.skill.name_zh

    @property
    def name_en(self) -> str:
        return self.skill.name_en

    def __str__(self) -> str:
        return str(self.skill)


def missing_skills(matches: list[Match]) -> dict[tuple[int, int], list[SkillGap]]:
    """For a page of matches, the required skills each candidate lacks or holds below the level (2 queries)."""
    vacancy_ids = {m.vacancy_id for m in matches}
    worker_ids = {m.worker_id for m in matches}
    required: dict[int, list[tuple[Skill, int]]] = defaultdict(list)
    for link in VacancySkill.objects.filter(
        vacancy_id__in=vacancy_ids, importance=Importance.REQUIRED
    ).select_related("skill"):
        required[link.vacancy_id].append((link.skill, link.min_level))
    held: dict[int, dict[int, int]] = defaultdict(dict)
    for worker_id, skill_id, level in WorkerSkill.objects.filter(worker_id__in=worker_ids).values_list(
        "worker_id", "skill_id", "level"
    ):
        held[worker_id][skill_id] = level
    return {
        (m.vacancy_id, m.worker_id): [
            SkillGap(skill, held[m.worker_id].get(skill.pk, 0), level)
            for skill, level in required[m.vacancy_id]
            if held[m.worker_id].get(skill.pk, 0) < level
        ]
        for m in matches
    }


def application_identity_list(*, actor: Actor) -> QuerySet[Application]:
    """application_list with `identity_visible`: whether the actor may see the candidate (matching.masking)."""
    return with_identity(application_list(actor=actor), actor=actor)


Stage = Application.Stage


def with_application_ids(matches: QuerySet[Match], *, actor: Actor) -> QuerySet[Match]:
    """Matches annotated with the id of the pair's application (`application_id`), if one exists that the
    actor takes part in: an agency working the vacancy by a grant sees only the applications it made."""
    from django.db.models import Subquery

    return matches.annotate(
        application_id=Subquery(
            application_list(actor=actor)
            .filter(vacancy_id=OuterRef("vacancy_id"), worker_id=OuterRef("worker_id"))
            .values("pk")[:1]
        )
    )


def job_mark_list(*, actor: Actor, kind: str | None = None) -> QuerySet[JobMark]:
    """A worker's own marks on jobs (saved, not interested), newest first, with what a job card shows."""
    if actor.worker_id is None:
        return JobMark.objects.none()
    marks = JobMark.objects.filter(worker_id=actor.worker_id).select_related(
        "vacancy__enterprise", "vacancy__city", "vacancy__district", "vacancy__occupation"
    )
    if kind is not None:
        marks = marks.filter(kind=kind)
    return marks.order_by("-updated_at", "-id")
