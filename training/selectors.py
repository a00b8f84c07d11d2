"""Reads of training: programmes, cohorts and enrolments scoped to the asking actor, and the programmes
that would close a worker's skill gap for a vacancy."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from enterprises.models import VacancySkill
from hrmatch.actors import Actor
from talent.models import Importance, WorkerProfile, WorkerSkill
from training.models import (
    Cohort,
    CohortCommitment,
    Drive,
    DriveInvitation,
    Enrolment,
    Programme,
    Provider,
    ProviderMembership,
)


def provider_ids_of(actor: Actor) -> frozenset[int]:
    """The providers whose staff this actor is (one query; none when signed out)."""
    if not actor.is_authenticated:
        return frozenset()
    user_id: int = getattr(actor.user, "pk", 0) or 0
    return frozenset(ProviderMembership.objects.filter(user_id=user_id).values_list("provider_id", flat=True))


def provider_list(*, actor: Actor) -> QuerySet[Provider]:
    """Training providers: public reference data, like the programmes they offer."""
    return Provider.objects.select_related("city", "enterprise", "agency")


def programme_list(*, actor: Actor) -> QuerySet[Programme]:
    """Programmes open for enrolment, plus every programme of the actor's own providers."""
    programmes = Programme.objects.select_related("provider__city", "occupation").prefetch_related(
        "skill_links__skill"
    )
    if actor.is_admin:
        return programmes
    return programmes.filter(Q(is_active=True) | Q(provider_id__in=provider_ids_of(actor)))


def programme_manageable_list(*, actor: Actor) -> QuerySet[Programme]:
    """Programmes an actor runs (provider staff) and may record trainees' progress in."""
    programmes = Programme.objects.select_related("provider")
    if actor.is_admin:
        return programmes
    return programmes.filter(provider_id__in=provider_ids_of(actor))


def cohort_list(*, actor: Actor) -> QuerySet[Cohort]:
    """Cohorts of the programmes the actor may read, with their seats taken (`taken`)."""
    return (
        Cohort.objects.filter(programme__in=programme_list(actor=actor).values("pk"))
        .select_related("programme__provider")
        .annotate(taken=Count("enrolments", filter=~Q(enrolments__status=Enrolment.Status.DROPPED)))
    )


def enrolment_list(*, actor: Actor) -> QuerySet[Enrolment]:
    """Enrolments an actor takes part in: a worker's own, a provider's trainees, an agency's pool, and
    every enrolment in an official's city."""
    enrolments = Enrolment.objects.select_related("cohort__programme__provider", "worker")
    if actor.is_admin or actor.is_national_official:
        return enrolments
    visible = Q(cohort__programme__provider_id__in=provider_ids_of(actor))
    if actor.worker_id is not None:
        visible |= Q(worker_id=actor.worker_id)
    if actor.agency_ids:
        visible |= Q(worker__managing_agency_id__in=actor.agency_ids)
    if actor.official_city_id is not None:
        visible |= Q(cohort__programme__provider__city_id=actor.official_city_id)
    return enrolments.filter(visible)


# --- From gap to programme -----------------------------------------------------------------------------

Gap = Mapping[int, int]  # skill id → level the vacancy requires


@dataclass(frozen=True)
class ProgrammeSuggestion:
    """A programme that closes part of a gap, with its next cohort; ordered by `sort_key`."""

    programme: Programme
    cohort: Cohort
    closes: int  # missing skills the programme teaches at the required level or above
    gap_size: int
    distance_km: float | None  # None for online programmes or without a place

    @property
    def cost_after_subsidy(self) -> int:
        return self.programme.cost_after_subsidy

    @property
    def summary(self) -> str:
        """One line: "Teaches 2 of the 3 missing skills · 40 hours · free after subsidy · starts 15 Dec"."""
        parts = [
            ngettext(
                "Teaches %(closes)s of the %(gap)s missing skill",
                "Teaches %(closes)s of the %(gap)s missing skills",
                self.gap_size,
            )
            % {"closes": self.closes, "gap": self.gap_size},
            ngettext("%(hours)s hour", "%(hours)s hours", self.programme.hours)
            % {"hours": self.programme.hours},
            _("free after subsidy")
            if self.cost_after_subsidy == 0
            else _("¥%(cost)s after subsidy") % {"cost": f"{self.cost_after_subsidy:,}"},
            _("starts %(date)s") % {"date": date_format(self.cohort.starts_on, "MONTH_DAY_FORMAT")},
        ]
        if self.distance_km is not None:
            parts.append(_("%(km)s km") % {"km": self.distance_km})
        elif self.programme.mode == Programme.Mode.ONLINE:
            parts.append(_("online"))
        return " · ".join(parts)

    @property
    def sort_key(self) -> tuple[float, ...]:
        return (
            -self.closes,
            self.cost_after_subsidy,
            self.cohort.starts_on.toordinal(),
            self.distance_km or 0.0,
            self.programme.pk,
        )


def pair_gaps(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], dict[int, int]]:
    """For (vacancy id, worker id) pairs, the required skills the worker lacks or holds below the level,
    as {skill id: required level} (two queries)."""
    pairs = list(pairs)
    required: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for vacancy_id, skill_id, level in VacancySkill.objects.filter(
        vacancy_id__in={pair[0] for pair in pairs}, importance=Importance.REQUIRED
    ).values_list("vacancy_id", "skill_id", "min_level"):
        required[vacancy_id].append((skill_id, level))
    held: dict[int, dict[int, int]] = defaultdict(dict)
    for worker_id, skill_id, level in WorkerSkill.objects.filter(
        worker_id__in={pair[1] for pair in pairs}
    ).values_list("worker_id", "skill_id", "level"):
        held[worker_id][skill_id] = level
    return {
        (v, w): {skill: level for skill, level in required[v] if held[w].get(skill, 0) < level}
        for v, w in pairs
    }


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def programmes_for_gaps(
    gaps: Mapping[tuple[int, int], Gap],
    *,
    workers: Mapping[int, WorkerProfile] | None = None,
    limit: int = 3,
    today: dt.date | None = None,
) -> dict[tuple[int, int], list[ProgrammeSuggestion]]:
    """For each (vacancy id, worker id) gap, the open programmes of the worker's city that teach at least
    one missing skill at the required level, with a cohort not yet started and a seat left; ranked by how
    much of the gap they close, then cost after subsidy, start date and distance (a few queries)."""
    today = today or timezone.localdate()
    wanted = {skill for gap in gaps.values() for skill in gap}
    if not wanted:
        return {key: [] for key in gaps}
    if workers is None:
        workers = WorkerProfile.objects.only("home_city_id", "latitude", "longitude").in_bulk(
            {key[1] for key in gaps}
        )
    cities = {worker.home_city_id for worker in workers.values()}
    programmes = list(
        Programme.objects.filter(
            is_active=True, provider__city_id__in=cities, skill_links__skill_id__in=wanted
        )
        .distinct()
        .select_related("provider")
        .prefetch_related("skill_links")
    )
    next_cohort: dict[int, Cohort] = {}
    for open_cohort in (
        Cohort.objects.filter(programme__in=programmes, starts_on__gte=today)
        .annotate(taken=Count("enrolments", filter=~Q(enrolments__status=Enrolment.Status.DROPPED)))
        .order_by("starts_on", "id")
    ):
        if open_cohort.taken < open_cohort.seats and open_cohort.programme_id not in next_cohort:
            next_cohort[open_cohort.programme_id] = open_cohort
    taught = {p.pk: {link.skill_id: link.level for link in p.skill_links.all()} for p in programmes}
    result: dict[tuple[int, int], list[ProgrammeSuggestion]] = {}
    for key, gap in gaps.items():
        worker = workers.get(key[1])
        found = []
        for programme in programmes:
            cohort = next_cohort.get(programme.pk)
            if cohort is None or worker is None or programme.provider.city_id != worker.home_city_id:
                continue
            closes = sum(1 for skill, level in gap.items() if taught[programme.pk].get(skill, 0) >= level)
            if not closes:
                continue
            distance = None
            if (
                programme.mode != Programme.Mode.ONLINE
                and programme.latitude is not None
                and programme.longitude is not None
            ):
                distance = round(
                    _km((worker.latitude, worker.longitude), (programme.latitude, programme.longitude)), 1
                )
            found.append(ProgrammeSuggestion(programme, cohort, closes, len(gap), distance))
        result[key] = sorted(found, key=lambda s: s.sort_key)[:limit]
    return result


# --- Joint recruitment drives ---------------------------------------------------------------------------


def drive_list(*, actor: Actor) -> QuerySet[Drive]:
    """Drives an actor organises or takes part in: an official's city, an agency's own or joined drives,
    an enterprise's drives with its vacancies."""
    drives = Drive.objects.select_related("city", "park", "organiser_agency")
    if actor.is_admin or actor.is_national_official:
        return drives
    visible = Q(pk__in=[])
    if actor.official_city_id is not None:
        visible |= Q(city_id=actor.official_city_id)
    if actor.agency_ids:
        visible |= Q(organiser_agency_id__in=actor.agency_ids) | Q(agencies__in=actor.agency_ids)
    if actor.enterprise_ids:
        visible |= Q(vacancies__enterprise_id__in=actor.enterprise_ids)
    return drives.filter(pk__in=Drive.objects.filter(visible).values("pk"))


def drive_manageable_list(*, actor: Actor) -> QuerySet[Drive]:
    """Drives an actor may change and plan: its city's (officials) or its agency's own (agency staff)."""
    drives = Drive.objects.select_related("city", "park", "organiser_agency")
    if actor.is_admin:
        return drives
    visible = Q(organiser_agency_id__in=actor.agency_ids)
    if actor.official_city_id is not None:
        visible |= Q(city_id=actor.official_city_id)
    return drives.filter(visible)


def drive_invitation_list(*, actor: Actor, drive: Drive) -> QuerySet[DriveInvitation]:
    """A drive's invitations, each with `identity_visible`: an agency sees the names of its own pool
    (it sends them their invitations); everyone else sees pseudonymous candidates."""
    invitations = (
        DriveInvitation.objects.filter(drive=drive)
        .select_related("vacancy__enterprise", "worker__managing_agency")
        .order_by("vacancy__enterprise__name", "vacancy_id", "rank")
    )
    if actor.is_admin:
        return invitations.annotate(identity_visible=Value(True))
    if actor.enterprise_ids and not actor.agency_ids and not actor.is_official:
        invitations = invitations.filter(vacancy__enterprise_id__in=actor.enterprise_ids)
    visible = Q(worker__managing_agency_id__in=actor.agency_ids)
    return invitations.annotate(identity_visible=ExpressionWrapper(visible, output_field=BooleanField()))


def commitment_list(*, actor: Actor) -> QuerySet[CohortCommitment]:
    """Order-based training an actor follows: its enterprises' (or managed vacancies') commitments, its
    programmes' (provider staff), its city's (officials); each with the cohort's progress counts."""
    from enterprises.selectors import vacancy_manageable_list

    commitments = CohortCommitment.objects.select_related(
        "vacancy__enterprise", "cohort__programme__provider"
    ).annotate(
        enrolled=Count("cohort__enrolments", distinct=True),
        attending=Count(
            "cohort__enrolments",
            filter=Q(cohort__enrolments__status=Enrolment.Status.ATTENDING),
            distinct=True,
        ),
        graduated=Count(
            "cohort__enrolments",
            filter=Q(
                cohort__enrolments__status=Enrolment.Status.COMPLETED,
                cohort__enrolments__assessment_passed=True,
            ),
            distinct=True,
        ),
        dropped=Count(
            "cohort__enrolments", filter=Q(cohort__enrolments__status=Enrolment.Status.DROPPED), distinct=True
        ),
    )
    if actor.is_admin or actor.is_national_official:
        return commitments
    visible = Q(vacancy__in=vacancy_manageable_list(actor=actor).values("pk")) | Q(
        cohort__programme__provider_id__in=provider_ids_of(actor)
    )
    if actor.official_city_id is not None:
        visible |= Q(vacancy__city_id=actor.official_city_id)
    return commitments.filter(visible)


# --- Outcomes -------------------------------------------------------------------------------------------

PLACEMENT_WINDOW_DAYS = 90


@dataclass(frozen=True)
class ProgrammeOutcome:
    """What a programme's trainees achieved: enrolments, passes, placements within 90 days of completion,
    desired pay at enrolment against the pay of the job they were placed in, subsidy per placement."""

    programme: Programme
    enrolments: int
    completions: int
    placed: int
    pay_before: float | None
    pay_after: float | None
    subsidy: int

    @property
    def subsidy_per_placement(self) -> float | None:
        return self.subsidy / self.placed if self.placed else None


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def programme_outcome_list(*, actor: Actor) -> list[ProgrammeOutcome]:
    """Outcomes of the programmes an actor oversees: an official's city, a provider's own, all (admin and
    national officials). A few queries, whatever the number of trainees."""
    from agencies.models import Placement

    programmes = Programme.objects.select_related("provider", "occupation").order_by(
        "provider__name", "title"
    )
    if not (actor.is_admin or actor.is_national_official):
        scope = Q(provider_id__in=provider_ids_of(actor))
        if actor.official_city_id is not None:
            scope |= Q(provider__city_id=actor.official_city_id)
        programmes = programmes.filter(scope)
    programmes_list = list(programmes)
    enrolments = list(
        Enrolment.objects.filter(cohort__programme__in=programmes_list).values(
            "cohort__programme_id", "worker_id", "status", "assessment_passed", "finished_at", "pay_before"
        )
    )
    passed = [e for e in enrolments if e["status"] == Enrolment.Status.COMPLETED and e["assessment_passed"]]
    placements: dict[int, list[tuple[dt.date, int | None]]] = defaultdict(list)
    for worker_id, started_on, pay_min, pay_max in Placement.objects.filter(
        worker_id__in={e["worker_id"] for e in passed}
    ).values_list("worker_id", "started_on", "vacancy__pay_min", "vacancy__pay_max"):
        pay = (pay_min + pay_max) // 2 if pay_min and pay_max else (pay_min or pay_max)
        placements[worker_id].append((started_on, pay))
    outcomes = []
    for programme in programmes_list:
        mine = [e for e in enrolments if e["cohort__programme_id"] == programme.pk]
        graduates = [e for e in passed if e["cohort__programme_id"] == programme.pk]
        before, after, placed = [], [], 0
        for e in graduates:
            finished: dt.datetime | None = e["finished_at"]
            if finished is None:
                continue
            done = finished.date()
            window = [
                pay
                for start, pay in placements[e["worker_id"]]
                if done <= start <= done + dt.timedelta(days=PLACEMENT_WINDOW_DAYS)
            ]
            if window:
                placed += 1
                if e["pay_before"] and window[0]:
                    before.append(e["pay_before"])
                    after.append(window[0])
        outcomes.append(
            ProgrammeOutcome(
                programme=programme,
                enrolments=len(mine),
                completions=len(graduates),
                placed=placed,
                pay_before=_mean(before),
                pay_after=_mean(after),
                subsidy=len(graduates) * programme.subsidy_per_trainee,
            )
        )
    return outcomes


def drive_outcome_list(*, actor: Actor) -> QuerySet[Drive]:
    """Drives an actor may read, with their invitations, attendance and hires counted."""
    return drive_list(actor=actor).annotate(
        invited=Count("invitations", distinct=True),
        attended_count=Count("invitations", filter=Q(invitations__attended=True), distinct=True),
        hired_count=Count("invitations", filter=Q(invitations__hired=True), distinct=True),
    )
