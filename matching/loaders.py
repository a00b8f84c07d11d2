"""Turning a city's workers, vacancies and the taxonomy into the engine's arrays.

Only columns are read (see matching/columns.py); no model object is built for a worker or a vacancy.
Protected attributes (gender, ethnicity, birthplace, household registration) are never read; the birth
year is read only to apply the legal working age, and is not passed to the engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from enterprises.models import Vacancy, VacancySkill
from matching.columns import Column, read_columns
from matching.engine.arrays import Taxonomy, VacancyArrays, WorkerArrays
from matching.engine.occupations import learned_strength
from matching.models import Application
from talent.identity import MINIMUM_WORKING_AGE
from talent.models import (
    CURRENT_EDITION,
    Importance,
    Occupation,
    OccupationSkill,
    RelatedOccupation,
    Skill,
    WorkerProfile,
    WorkerSkill,
    WorkHistory,
)
from talent.work_terms import FORM_BITS, SHIFT_BITS

ACTIVE_WORKER_STATUSES = (WorkerProfile.Status.SEEKING, WorkerProfile.Status.OPEN)
PREFERRED_WEIGHT = 0.5


def _bit_case(field: str, bits: dict[str, int]) -> Case:
    return Case(
        *[When(**{field: value}, then=Value(bit)) for value, bit in bits.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class TaxonomyIndex:
    """The taxonomy as the engine sees it, with the maps from database ids to array positions."""

    taxonomy: Taxonomy
    skill_ids: np.ndarray  # sorted Skill ids; position = engine skill column
    occupation_ids: np.ndarray  # sorted Occupation ids; position = engine occupation index

    def skill_columns(self, ids: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.skill_ids, ids).astype(np.int32)

    def occupation_positions(self, ids: np.ndarray) -> np.ndarray:
        """Occupation ids to positions; 0 (none) or an id of another edition becomes -1."""
        pos = np.searchsorted(self.occupation_ids, ids)
        pos = np.minimum(pos, max(len(self.occupation_ids) - 1, 0))
        found = (
            (len(self.occupation_ids) > 0) & (self.occupation_ids[pos] == ids)
            if len(ids)
            else np.zeros(0, bool)
        )
        return np.where(found, pos, -1).astype(np.int32)


def load_taxonomy(edition: str = CURRENT_EDITION, *, city_id: int | None = None) -> TaxonomyIndex:
    """Every skill and every occupation of an edition, with the occupation–skill links (and their levels)
    as sparse matrices, the parent links, the related-occupation list (national rows and ``city_id``'s)
    and what hires taught about related trades (engine/occupations.py)."""
    skills = read_columns(
        Skill.objects.order_by("id"), {"id": Column("id", "int"), "category": Column("category_id", "int")}
    )
    occupations = Occupation.objects.filter(edition=edition).order_by("id")
    occupation_ids = np.fromiter(occupations.values_list("id", flat=True), dtype=np.int64)
    codes = np.array(list(occupations.values_list("code", flat=True)), dtype=str)
    parent_ids = np.fromiter(
        (p or 0 for p in occupations.values_list("parent_id", flat=True)), dtype=np.int64, count=len(codes)
    )
    order = np.argsort(skills["id"])
    skill_ids = skills["id"][order]
    links = read_columns(
        OccupationSkill.objects.filter(occupation__edition=edition),
        {
            "skill": Column("skill_id", "int"),
            "occupation": Column("occupation_id", "int"),
            "required": Column(
                ExpressionWrapper(Q(importance=Importance.REQUIRED), output_field=BooleanField()), "bool"
            ),
            "level": Column("level", "int"),
        },
    )
    rows = np.searchsorted(skill_ids, links["skill"])
    cols = np.searchsorted(occupation_ids, links["occupation"])
    weights = np.where(links["required"], 1.0, PREFERRED_WEIGHT).astype(np.float32)
    shape = (max(len(skill_ids), 1), len(occupation_ids))
    skill_occupation = sp.csr_matrix((weights, (rows, cols)), shape=shape)
    index = TaxonomyIndex(taxonomy=_empty_taxonomy(), skill_ids=skill_ids, occupation_ids=occupation_ids)
    taxonomy = Taxonomy(
        occupation_codes=codes,
        skill_count=max(len(skill_ids), 1),
        skill_occupation=skill_occupation,
        skill_category=skills["category"][order].astype(np.int32)
        if len(skill_ids)
        else np.zeros(1, np.int32),
        occupation_parent=index.occupation_positions(parent_ids),
        skill_level=sp.csr_matrix((links["level"].astype(np.float32), (rows, cols)), shape=shape),
        related=imported_relations(index, edition, city_id),
        learned=learned_relations(index, city_id),
    )
    return TaxonomyIndex(taxonomy=taxonomy, skill_ids=skill_ids, occupation_ids=occupation_ids)


def _empty_taxonomy() -> Taxonomy:
    return Taxonomy(
        occupation_codes=np.zeros(0, dtype=str), skill_count=1, skill_occupation=sp.csr_matrix((1, 0))
    )


def imported_relations(index: TaxonomyIndex, edition: str, city_id: int | None) -> sp.csr_matrix:
    """(O × O) strengths of the imported related occupations: every city's rows, and ``city_id``'s."""
    scope = Q(city__isnull=True) | (Q(city_id=city_id) if city_id is not None else Q(pk__in=[]))
    rows = RelatedOccupation.objects.filter(scope, occupation__edition=edition).values_list(
        "occupation_id", "related_id", "strength"
    )
    return _pair_matrix(index, list(rows))


def learned_relations(index: TaxonomyIndex, city_id: int | None) -> sp.csr_matrix:
    """(O × O) strengths learnt from hires: worker's primary occupation (row) hired into a vacancy of
    another occupation (column), counted over the city's hires (every city's without one)."""
    hires = Application.objects.filter(stage=Application.Stage.HIRED)
    if city_id is not None:
        hires = hires.filter(vacancy__city_id=city_id)
    pairs = (
        hires.exclude(worker__primary_occupation=None)
        .exclude(vacancy__occupation_id=F("worker__primary_occupation_id"))
        .values_list("worker__primary_occupation_id", "vacancy__occupation_id")
        .annotate(n=Count("id"))
    )
    rows = [(a, b, float(learned_strength(np.array([n]))[0])) for a, b, n in pairs]
    return _pair_matrix(index, rows)


def _pair_matrix(index: TaxonomyIndex, rows: list[tuple[int, int, float]]) -> sp.csr_matrix:
    o = len(index.occupation_ids)
    if not rows:
        return sp.csr_matrix((o, o), dtype=np.float32)
    a = index.occupation_positions(np.array([r[0] for r in rows], dtype=np.int64))
    b = index.occupation_positions(np.array([r[1] for r in rows], dtype=np.int64))
    v = np.array([r[2] for r in rows], dtype=np.float32)
    ok = (a >= 0) & (b >= 0) & (a != b)
    mat = sp.coo_matrix((v[ok], (a[ok], b[ok])), shape=(o, o)).tocsr()
    mat.sum_duplicates()
    mat.data = np.minimum(mat.data, 1.0)
    return mat


def _skill_matrix(
    links: dict[str, np.ndarray], owner_ids: np.ndarray, index: TaxonomyIndex, mask: np.ndarray | None = None
) -> sp.csr_matrix:
    owners, skills, levels = links["owner"], links["skill"], links["level"]
    if mask is not None:
        owners, skills, levels = owners[mask], skills[mask], levels[mask]
    rows = np.searchsorted(owner_ids, owners)
    return sp.csr_matrix(
        (levels.astype(np.float32), (rows, index.skill_columns(skills))),
        shape=(len(owner_ids), index.taxonomy.skill_count),
    )


def worker_queryset(city_id: int) -> QuerySet[WorkerProfile]:
    """The workers a city's matching considers: everyone whose home is in the city."""
    return WorkerProfile.objects.filter(home_city_id=city_id)


def load_workers(
    queryset: QuerySet[WorkerProfile], index: TaxonomyIndex, *, today: dt.date | None = None
) -> WorkerArrays:
    """The engine's arrays for these workers, sorted by id."""
    today = today or timezone.localdate()
    columns = read_columns(
        queryset.order_by(),
        {
            "id": Column("id", "int"),
            "occupation": Column("primary_occupation_id", "int"),
            "cert": Column("highest_certificate", "int"),
            "years": Column("years_experience", "int"),
            "lat": Column("latitude", "float"),
            "lon": Column("longitude", "float"),
            "max_commute_km": Column("max_commute_km", "int"),
            "relocate": Column("willing_to_relocate", "bool", False),
            "desired_pay": Column("desired_pay", "int"),
            "shifts": Column("shift_mask", "int"),
            "forms": Column("form_mask", "int"),
            "preferred_form": Column(_bit_case("preferred_form", FORM_BITS), "int"),
            "available_from": Column("available_from", "date"),
            "consent": Column("consent_to_matching", "bool", False),
            "active": Column(
                ExpressionWrapper(Q(status__in=ACTIVE_WORKER_STATUSES), output_field=BooleanField()),
                "bool",
                False,
            ),
            "birth_year": Column("birth_year", "int"),
        },
    )
    order = np.argsort(columns["id"], kind="stable")
    c = {name: values[order] for name, values in columns.items()}
    links = read_columns(
        WorkerSkill.objects.filter(worker__in=queryset.order_by().values("id")),
        {
            "owner": Column("worker_id", "int"),
            "skill": Column("skill_id", "int"),
            "level": Column("level", "int"),
        },
    )
    eligible = c["consent"] & c["active"] & (c["birth_year"] <= today.year - MINIMUM_WORKING_AGE)
    history = work_history(queryset, c["id"], index, today)
    return WorkerArrays(
        ids=c["id"],
        skills=_skill_matrix(links, c["id"], index),
        occupation=index.occupation_positions(c["occupation"]),
        cert=c["cert"].astype(np.int8),
        years=c["years"].astype(np.float32),
        lat=c["lat"],
        lon=c["lon"],
        max_commute_km=c["max_commute_km"].astype(np.float32),
        relocate=c["relocate"],
        desired_pay=c["desired_pay"].astype(np.float32),
        shifts=c["shifts"].astype(np.uint8),
        forms=c["forms"].astype(np.uint8),
        preferred_form=c["preferred_form"].astype(np.uint8),
        available_from=c["available_from"],
        eligible=eligible,
        history=history,
    )


def work_history(
    queryset: QuerySet[WorkerProfile], worker_ids: np.ndarray, index: TaxonomyIndex, today: dt.date
) -> sp.csr_matrix:
    """(N × O) years each worker spent in each occupation of their work history (open jobs run to
    ``today``); rows follow ``worker_ids``."""
    jobs = read_columns(
        WorkHistory.objects.filter(worker__in=queryset.order_by().values("id"), occupation__isnull=False),
        {
            "worker": Column("worker_id", "int"),
            "occupation": Column("occupation_id", "int"),
            "start": Column("started_on", "date"),
            "end": Column("ended_on", "date", today),
        },
    )
    shape = (len(worker_ids), len(index.occupation_ids))
    rows = np.searchsorted(worker_ids, jobs["worker"])
    cols = index.occupation_positions(jobs["occupation"])
    years = np.maximum(jobs["end"] - jobs["start"], 0).astype(np.float32) / np.float32(365.25)
    ok = cols >= 0
    mat = sp.coo_matrix((years[ok], (rows[ok], cols[ok])), shape=shape).tocsr()
    mat.sum_duplicates()
    mat.data = np.minimum(mat.data, 80.0)
    return mat


def vacancy_queryset(city_id: int) -> QuerySet[Vacancy]:
    """The vacancies a city's matching scores: open ones with headcount left."""
    return Vacancy.objects.filter(city_id=city_id, status=Vacancy.Status.OPEN)


def load_vacancies(queryset: QuerySet[Vacancy], index: TaxonomyIndex) -> VacancyArrays:
    """The engine's arrays for these vacancies, sorted by id."""
    columns = read_columns(
        queryset.order_by(),
        {
            "id": Column("id", "int"),
            "occupation": Column("occupation_id", "int"),
            "min_cert": Column("min_certificate_level", "int"),
            "min_years": Column("min_years_experience", "int"),
            "pay_min": Column("pay_min", "int"),
            "pay_max": Column("pay_max", "int"),
            "lat": Column("latitude", "float"),
            "lon": Column("longitude", "float"),
            "dormitory": Column("dormitory", "bool", False),
            "shift": Column(_bit_case("shift_pattern", SHIFT_BITS), "int"),
            "form": Column(_bit_case("employment_form", FORM_BITS), "int"),
            "start": Column("start_date", "date"),
            "headcount": Column("headcount", "int"),
            "filled": Column("filled_count", "int"),
        },
    )
    order = np.argsort(columns["id"], kind="stable")
    c = {name: values[order] for name, values in columns.items()}
    links = read_columns(
        VacancySkill.objects.filter(vacancy__in=queryset.order_by().values("id")),
        {
            "owner": Column("vacancy_id", "int"),
            "skill": Column("skill_id", "int"),
            "level": Column("min_level", "int"),
            "required": Column(
                ExpressionWrapper(Q(importance=Importance.REQUIRED), output_field=BooleanField()),
                "bool",
                False,
            ),
        },
    )
    return VacancyArrays(
        ids=c["id"],
        required=_skill_matrix(links, c["id"], index, links["required"]),
        preferred=_skill_matrix(links, c["id"], index, ~links["required"]),
        occupation=index.occupation_positions(c["occupation"]),
        min_cert=c["min_cert"].astype(np.int8),
        min_years=c["min_years"].astype(np.float32),
        pay_min=c["pay_min"].astype(np.float32),
        pay_max=c["pay_max"].astype(np.float32),
        lat=c["lat"],
        lon=c["lon"],
        dormitory=c["dormitory"],
        shift=c["shift"].astype(np.uint8),
        form=c["form"].astype(np.uint8),
        start=c["start"],
        headcount=np.maximum(c["headcount"] - c["filled"], 1).astype(np.int32),
    )
