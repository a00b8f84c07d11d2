"""A candidate who applied, as the vacancy's factory (or its agency) reads them: profile, skills against
the vacancy's requirements, certificates, work history and the application's history.

Only applicants reach it: an application with an event into `applied` (the worker applied, or an agency
referred them with their agreement). A masked candidate — suggested by matching, never come forward —
has no such event, so the page and the API answer 404, and a factory never reads another enterprise's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q

from enterprises.models import VacancySkill
from enterprises.selectors import vacancy_manageable_list, vacancy_workable_list
from hrmatch.actors import Actor
from matching.models import Application, ApplicationEvent
from talent.models import Certificate, Skill, WorkerSkill, WorkHistory

Stage = Application.Stage


def applicant_get(*, actor: Actor, application_id: int) -> Application:
    """An application whose worker came forward, to a vacancy the actor manages or, for an agency
    working a vacancy by its enterprise's grant, one the agency made; else DoesNotExist."""
    came_forward = Exists(ApplicationEvent.objects.filter(application=OuterRef("pk"), to_stage=Stage.APPLIED))
    scope = Q(vacancy__in=vacancy_manageable_list(actor=actor).values("pk"))
    if actor.agency_ids:
        scope |= Q(
            vacancy__in=vacancy_workable_list(actor=actor).values("pk"), referred_by_id__in=actor.agency_ids
        )
    return (
        Application.objects.filter(scope)
        .filter(came_forward)
        .select_related(
            "worker__home_city",
            "worker__home_district",
            "worker__primary_occupation",
            "vacancy__enterprise",
            "vacancy__occupation",
            "referred_by",
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.select_related("actor").order_by("created_at", "id"),
            )
        )
        .get(pk=application_id)
    )


@dataclass(frozen=True)
class SkillFit:
    """One required or preferred skill of the vacancy against the level the candidate holds (0: none)."""

    skill: Skill
    importance: str
    required: int
    held: int

    @property
    def status(self) -> str:
        """ "meets", "below" (held at a lower level) or "missing"."""
        if self.held >= self.required:
            return "meets"
        return "below" if self.held else "missing"


@dataclass
class CandidateDetail:
    """Everything the candidate page and its API show, read in a fixed number of queries."""

    application: Application
    fits: list[SkillFit]
    other_skills: list[WorkerSkill]
    certificates: list[Certificate] = field(default_factory=list)
    history: list[WorkHistory] = field(default_factory=list)

    @property
    def met_required(self) -> int:
        return sum(1 for fit in self.fits if fit.importance == "required" and fit.status == "meets")

    @property
    def total_required(self) -> int:
        return sum(1 for fit in self.fits if fit.importance == "required")


def candidate_detail(application: Application) -> CandidateDetail:
    """The candidate of an application with their skills held against the vacancy's requirements."""
    worker = application.worker
    held = {
        ws.skill_id: ws
        for ws in WorkerSkill.objects.filter(worker=worker)
        .select_related("skill")
        .order_by("-level", "skill__code")
    }
    requirements = VacancySkill.objects.filter(vacancy_id=application.vacancy_id).select_related("skill")
    fits = [
        SkillFit(
            skill=link.skill,
            importance=link.importance,
            required=link.min_level,
            held=held[link.skill_id].level if link.skill_id in held else 0,
        )
        for link in requirements.order_by("importance", "skill__code")
    ]
    required_ids = {fit.skill.pk for fit in fits}
    return CandidateDetail(
        application=application,
        fits=fits,
        other_skills=[ws for skill_id, ws in held.items() if skill_id not in required_ids],
        certificates=list(
            Certificate.objects.filter(worker=worker)
            .select_related("occupation")
            .order_by("-issued_on", "-id")
        ),
        history=list(
            WorkHistory.objects.filter(worker=worker)
            .select_related("occupation")
            .order_by("-started_on", "-id")
        ),
    )


def detail_as_data(detail: CandidateDetail) -> dict[str, Any]:
    """The candidate detail as plain data, for the API."""
    app = detail.application
    worker = app.worker
    return {
        "application": app.pk,
        "vacancy": app.vacancy_id,
        "stage": app.stage,
        "worker": {
            "id": worker.pk,
            "full_name": worker.full_name,
            "mobile": worker.mobile,
            "birth_year": worker.birth_year,
            "home_district": worker.home_district.code if worker.home_district else None,
            "primary_occupation": worker.primary_occupation.code if worker.primary_occupation else None,
            "years_experience": worker.years_experience,
            "highest_certificate": worker.highest_certificate,
            "desired_pay": worker.desired_pay,
            "available_from": worker.available_from,
        },
        "skills": [
            {
                "skill": fit.skill.code,
                "importance": fit.importance,
                "required_level": fit.required,
                "held_level": fit.held,
                "status": fit.status,
            }
            for fit in detail.fits
        ],
        "other_skills": [{"skill": ws.skill.code, "level": ws.level} for ws in detail.other_skills],
        "certificates": [
            {
                "occupation": cert.occupation.code,
                "level": cert.level,
                "issuer": cert.issuer,
                "issued_on": cert.issued_on,
            }
            for cert in detail.certificates
        ],
        "work_history": [
            {
                "employer_name": entry.employer_name,
                "job_title": entry.job_title,
                "started_on": entry.started_on,
                "ended_on": entry.ended_on,
            }
            for entry in detail.history
        ],
        "events": [
            {"from_stage": e.from_stage, "to_stage": e.to_stage, "reason": e.reason, "at": e.created_at}
            for e in app.events.all()
        ],
    }
