"""Reads of training: programmes, cohorts and enrolments scoped to the asking actor, and the programmes
that would close a worker's skill gap for a vacancy."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from enterprises.models import VacancySkill
from hrmatch.actors import Actor
from talent.models import Importance, Occupation, WorkerProfile, WorkerSkill
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


def provider_membership_actor_fields(user: Any) -> dict[str, Any]:
    """The Actor field provider staff memberships decide: the providers whose staff the user is."""
    return {
        "provider_ids": frozenset(
            ProviderMembership.objects.filter(user=user).values_list("provider_id", flat=True)
        )
    }


def provider_ids_of(actor: Actor) -> frozenset[int]:
    """The providers whose staff this actor is (read with the actor's other memberships)."""
    return actor.provider_ids


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


def cohort_progress_list(*, actor: Actor) -> QuerySet[Cohort]:
    """Cohorts of the programmes an actor runs (provider staff), each with its trainees counted by status:
    `enrolled`, `attending`, `passed`, `failed`, `dropped`."""
    status = "enrolments__status"
    completed = Q(**{status: Enrolment.Status.COMPLETED})
    return (
        Cohort.objects.filter(programme__in=programme_manageable_list(actor=actor).values("pk"))
        .select_related("programme__provider")
        .annotate(
            enrolled=Count("enrolments", filter=Q(**{status: Enrolment.Status.ENROLLED})),
            attending=Count("enrolments", filter=Q(**{status: Enrolment.Status.ATTENDING})),
            passed=Count("enrolments", filter=completed & Q(enrolments__assessment_passed=True)),
            failed=Count("enrolments", filter=completed & Q(enrolments__assessment_passed=False)),
            dropped=Count("enrolments", filter=Q(**{status: Enrolment.Status.DROPPED})),
        )
    )


def enrolment_to_record_list(*, actor: Actor) -> QuerySet[Enrolment]:
    """Trainees of the actor's own programmes still enrolled or attending: those whose progress, and then
    assessment, the provider records."""
    programmes = programme_manageable_list(actor=actor).values("pk")
    return enrolment_list(actor=actor).filter(
        cohort__programme__in=programmes, status__in=Enrolment.ACTIVE_STATUSES
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
class Outcome:
    """What trainees achieved: enrolments, passes, placements starting within 90 days of a pass, desired pay
    at enrolment against the pay of the job they were placed in (over the placed graduates whose both pays
    are known: `paid`), and the subsidy their passes cost. Sums add up across programmes."""

    enrolments: int
    completions: int
    placed: int
    paid: int
    pay_before_total: int
    pay_after_total: int
    subsidy: int

    @property
    def pay_before(self) -> float | None:
        return self.pay_before_total / self.paid if self.paid else None

    @property
    def pay_after(self) -> float | None:
        return self.pay_after_total / self.paid if self.paid else None

    @property
    def subsidy_per_placement(self) -> float | None:
        return self.subsidy / self.placed if self.placed else None


GroupOutcome = TypeVar("GroupOutcome", bound=Outcome)


@dataclass(frozen=True)
class ProgrammeOutcome(Outcome):
    """A programme's outcome."""

    programme: Programme


@dataclass(frozen=True)
class ProviderOutcome(Outcome):
    """The outcome of all of a provider's programmes."""

    provider: Provider


@dataclass(frozen=True)
class OccupationOutcome(Outcome):
    """The outcome of the programmes certifying an occupation (None: programmes without a certificate)."""

    occupation: Occupation | None


def _summed(cls: type[GroupOutcome], outcomes: list[ProgrammeOutcome], **key: Any) -> GroupOutcome:
    """A group's outcome: each figure summed over its programmes' outcomes."""
    values: dict[str, Any] = {
        name: sum(getattr(outcome, name) for outcome in outcomes) for name in Outcome.__dataclass_fields__
    }
    return cls(**values, **key)


def outcome_programme_queryset(*, actor: Actor, city_id: int | None = None) -> QuerySet[Programme]:
    """The programmes whose outcomes an actor oversees: a provider's own, an official's city, all (admin
    and national officials); `city_id` narrows to one city."""
    programmes = Programme.objects.select_related("provider__city", "occupation").order_by(
        "provider__name", "title", "id"
    )
    if city_id is not None:
        programmes = programmes.filter(provider__city_id=city_id)
    if actor.is_admin or actor.is_national_official:
        return programmes
    scope = Q(provider_id__in=provider_ids_of(actor))
    if actor.official_city_id is not None:
        scope |= Q(provider__city_id=actor.official_city_id)
    return programmes.filter(scope)


def _placements_of(worker_ids: set[int]) -> dict[int, list[tuple[dt.date, int | None]]]:
    """Each worker's placements: start date and the placed job's pay (middle of its range)."""
    from agencies.models import Placement

    placements: dict[int, list[tuple[dt.date, int | None]]] = defaultdict(list)
    for worker_id, started_on, pay_min, pay_max in (
        Placement.objects.filter(worker_id__in=worker_ids)
        .order_by("started_on", "id")
        .values_list("worker_id", "started_on", "vacancy__pay_min", "vacancy__pay_max")
    ):
        pay = (pay_min + pay_max) // 2 if pay_min and pay_max else (pay_min or pay_max)
        placements[worker_id].append((started_on, pay))
    return placements


def programme_outcome_list(*, actor: Actor, city_id: int | None = None) -> list[ProgrammeOutcome]:
    """Outcomes of the programmes an actor oversees (see `outcome_programme_queryset`). Three queries,
    whatever the number of programmes and trainees."""
    programmes = list(outcome_programme_queryset(actor=actor, city_id=city_id))
    enrolments = list(
        Enrolment.objects.filter(cohort__programme__in=programmes).values_list(
            "cohort__programme_id", "worker_id", "status", "assessment_passed", "finished_at", "pay_before"
        )
    )
    by_programme: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in enrolments:
        by_programme[row[0]].append(row)
    passed = {row[1] for row in enrolments if row[2] == Enrolment.Status.COMPLETED and row[3]}
    placements = _placements_of(passed)
    window = dt.timedelta(days=PLACEMENT_WINDOW_DAYS)
    outcomes = []
    for programme in programmes:
        mine = by_programme[programme.pk]
        graduates = [row for row in mine if row[2] == Enrolment.Status.COMPLETED and row[3]]
        placed = paid = before = after = 0
        for _programme, worker_id, _status, _passed, finished, pay_before in graduates:
            if finished is None:
                continue
            done = finished.date()
            pays = [pay for start, pay in placements[worker_id] if done <= start <= done + window]
            if pays:
                placed += 1
                if pay_before and pays[0]:
                    paid, before, after = paid + 1, before + pay_before, after + pays[0]
        outcomes.append(
            ProgrammeOutcome(
                programme=programme,
                enrolments=len(mine),
                completions=len(graduates),
                placed=placed,
                paid=paid,
                pay_before_total=before,
                pay_after_total=after,
                subsidy=len(graduates) * programme.subsidy_per_trainee,
            )
        )
    return outcomes


def by_provider(outcomes: Iterable[ProgrammeOutcome]) -> list[ProviderOutcome]:
    """Programme outcomes summed per provider, by provider name."""
    groups: dict[int, list[ProgrammeOutcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.programme.provider_id].append(outcome)
    ordered = sorted(
        groups.values(), key=lambda g: (g[0].programme.provider.name, g[0].programme.provider_id)
    )
    return [_summed(ProviderOutcome, group, provider=group[0].programme.provider) for group in ordered]


def by_occupation(outcomes: Iterable[ProgrammeOutcome]) -> list[OccupationOutcome]:
    """Programme outcomes summed per certified occupation, by code; programmes without a certificate last."""
    groups: dict[int | None, list[ProgrammeOutcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.programme.occupation_id].append(outcome)
    ordered = sorted(
        groups.values(),
        key=lambda g: (g[0].programme.occupation is None, getattr(g[0].programme.occupation, "code", "")),
    )
    return [_summed(OccupationOutcome, group, occupation=group[0].programme.occupation) for group in ordered]


def provider_outcome_list(*, actor: Actor, city_id: int | None = None) -> list[ProviderOutcome]:
    """Outcomes summed over each provider's programmes (of those the actor oversees)."""
    return by_provider(programme_outcome_list(actor=actor, city_id=city_id))


def occupation_outcome_list(*, actor: Actor, city_id: int | None = None) -> list[OccupationOutcome]:
    """Outcomes summed over the programmes certifying each occupation (of those the actor oversees)."""
    return by_occupation(programme_outcome_list(actor=actor, city_id=city_id))


def drive_outcome_list(*, actor: Actor) -> QuerySet[Drive]:
    """Drives an actor may read, with their invitations, attendance and hires counted."""
    return drive_list(actor=actor).annotate(
        invited=Count("invitations", distinct=True),
        attended_count=Count("invitations", filter=Q(invitations__attended=True), distinct=True),
        hired_count=Count("invitations", filter=Q(invitations__hired=True), distinct=True),
    )
