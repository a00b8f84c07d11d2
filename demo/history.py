"""Sixty days of demo history for the dashboards' trends: applications moving through the pipeline at
past times, placements and filled vacancies.

Drawn from its own generator (the rest of the demo does not shift), and skipped when the seed's history
exists, so a second run adds nothing. Engineering posts (2-xx) take 25–55 days to fill, production
posts 3–25.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from agencies.models import Placement
from enterprises.models import Vacancy, VacancyStatusChange
from matching.models import Application, ApplicationEvent
from talent.models import WorkerProfile

Step = tuple[str, dt.datetime, str]  # stage, when, reason


@dataclass
class History:
    """What the history adds, collected before it is written in bulk."""

    applications: list[Application] = field(default_factory=list)
    plans: list[tuple[Application, list[Step]]] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    filled: list[Vacancy] = field(default_factory=list)


def history_build(*, seed: int, say: Callable[[str], None]) -> None:
    """Add the seed's history unless it exists (see the module's docstring)."""
    prefix = f"demo:{seed}:"
    if Placement.objects.filter(vacancy__external_ref__startswith=prefix).exists():
        return
    rng = random.Random(seed * 7919 + 17)
    now = timezone.now()
    _redate_workers(prefix, rng, now)
    seekers = _seeker_pools(prefix, rng)
    vacancies = list(
        Vacancy.objects.filter(external_ref__startswith=prefix, status=Vacancy.Status.OPEN)
        .select_related("occupation")
        .order_by("id")
    )
    history = History()
    for vacancy in vacancies:
        _vacancy_history(vacancy, seekers[vacancy.city_id], rng, now, history)
    events = _write(history)
    say(
        f"history: {len(history.applications)} applications, {len(events)} events, "
        f"{len(history.placements)} placements"
    )


def _redate_workers(prefix: str, rng: random.Random, now: dt.datetime) -> None:
    """Workers registered over the last four months, not all today, so the seekers' trend is believable."""
    registered = list(WorkerProfile.objects.filter(external_ref__startswith=prefix).order_by("id").only("id"))
    for worker in registered:
        worker.created_at = now - dt.timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 1439))
    WorkerProfile.objects.bulk_update(registered, ["created_at"], batch_size=1000)


def _seeker_pools(prefix: str, rng: random.Random) -> dict[int, list[int]]:
    """The seed's seeking workers per home city, shuffled."""
    seekers: dict[int, list[int]] = defaultdict(list)
    for worker_id, city_id in (
        WorkerProfile.objects.filter(external_ref__startswith=prefix, status__in=["seeking", "open"])
        .order_by("id")
        .values_list("id", "home_city_id")
    ):
        seekers[city_id].append(worker_id)
    for pool in seekers.values():
        rng.shuffle(pool)
    return seekers


def _vacancy_history(
    vacancy: Vacancy, pool: list[int], rng: random.Random, now: dt.datetime, history: History
) -> None:
    """Applicants from the pool for one vacancy; those hired fill it at its fill time."""
    published = vacancy.published_at or now
    age = (now - published).days
    slow = vacancy.occupation.code.startswith("2-")
    days_to_fill = rng.randint(25, 55) if slow else rng.randint(3, 25)
    fills = age > days_to_fill and rng.random() < 0.55 and len(pool) > vacancy.headcount + 4
    hires = vacancy.headcount if fills else 0
    others = rng.randint(1, 4) if age > 1 else 0
    if len(pool) < hires + others:
        return
    fill_time = published + dt.timedelta(days=days_to_fill, hours=rng.randint(0, 8))
    for n in range(hires + others):
        worker_id = pool.pop()
        applied = published + dt.timedelta(hours=rng.randint(2, 24 * max(1, min(age, days_to_fill) - 1)))
        applied = min(applied, now - dt.timedelta(hours=1))
        steps = _hired_steps(applied, fill_time) if n < hires else _other_steps(applied, rng, now)
        application = Application(
            worker_id=worker_id,
            vacancy=vacancy,
            source=Application.Source.APPLIED,
            stage=steps[-1][0],
            reason=steps[-1][2],
        )
        history.applications.append(application)
        history.plans.append((application, steps))
        if n < hires:
            history.placements.append(
                Placement(
                    worker_id=worker_id,
                    vacancy=vacancy,
                    agency_id=vacancy.agency_id,
                    employment_form=vacancy.employment_form,
                    started_on=timezone.localdate(fill_time) + dt.timedelta(days=7),
                    created_at=fill_time,
                )
            )
    if hires:
        vacancy.status = Vacancy.Status.FILLED
        vacancy.filled_count = vacancy.headcount
        vacancy.filled_at = fill_time
        history.filled.append(vacancy)


def _hired_steps(applied: dt.datetime, fill_time: dt.datetime) -> list[Step]:
    """Applied, then shortlisted, interviewing, offered and hired evenly up to the fill time."""
    steps: list[Step] = [("applied", applied, "")]
    span = max((fill_time - applied).total_seconds(), 3600 * 4)
    for i, stage in enumerate(("shortlisted", "interviewing", "offered", "hired"), start=1):
        steps.append((stage, applied + dt.timedelta(seconds=span * i / 4), ""))
    return steps


def _other_steps(applied: dt.datetime, rng: random.Random, now: dt.datetime) -> list[Step]:
    """Applied, perhaps shortlisted and interviewed, perhaps rejected; nothing after now."""
    steps: list[Step] = [("applied", applied, "")]
    for stage in ("shortlisted", "interviewing")[: rng.randint(0, 2)]:
        at = steps[-1][1] + dt.timedelta(hours=rng.randint(6, 72))
        if at < now:
            steps.append((stage, at, ""))
    if rng.random() < 0.4:
        at = steps[-1][1] + dt.timedelta(hours=rng.randint(6, 72))
        if at < now:
            steps.append(("rejected", at, "不符合岗位要求"))
    return steps


def _write(history: History) -> list[ApplicationEvent]:
    """Write the history in bulk, then put back the past times that auto_now_add overwrote."""
    Application.objects.bulk_create(history.applications, batch_size=1000)
    events = []
    for application, steps in history.plans:
        application.created_at = steps[0][1]
        previous = ""
        for stage, at, reason in steps:
            events.append(
                ApplicationEvent(
                    application=application, from_stage=previous, to_stage=stage, reason=reason, created_at=at
                )
            )
            previous = stage
    event_times = [event.created_at for event in events]
    ApplicationEvent.objects.bulk_create(events, batch_size=2000)
    for created, at in zip(events, event_times, strict=True):
        created.created_at = at
    ApplicationEvent.objects.bulk_update(events, ["created_at"], batch_size=2000)
    Application.objects.bulk_update(history.applications, ["created_at"], batch_size=1000)
    placements = history.placements
    times = [placement.created_at for placement in placements]
    Placement.objects.bulk_create(placements, batch_size=1000)
    for placement, at in zip(placements, times, strict=True):
        placement.created_at = at
    Placement.objects.bulk_update(placements, ["created_at"], batch_size=1000)
    Vacancy.objects.bulk_update(history.filled, ["status", "filled_count", "filled_at"], batch_size=1000)
    VacancyStatusChange.objects.bulk_create(
        [VacancyStatusChange(vacancy=v, from_status="open", to_status="filled") for v in history.filled]
    )
    return events
