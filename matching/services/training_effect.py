"""What training would change: if these workers completed a programme, how many more of the city's open
posts could be filled, of which occupations, and at what subsidy per extra placement.

A post can be filled from a vacancy's shortlist by a candidate who holds every required skill at the
level asked (a *qualified* shortlist line). The posts a city can fill are the largest assignment of
qualified candidates to open posts (each worker one post, each vacancy at most its open headcount).

The counterfactual re-runs the engine for the affected workers only, with the programme's skills (and
certificate) added: their new candidate lines are scored by the engine against every open vacancy with
the city's skill basis, merged into the current run's shortlists by score and cut at each shortlist's
length, exactly as a run would place them. Everyone else's lines are the current run's. The result is
tested against a real re-run of the whole city on the changed profiles (tests/training/test_effect.py).

The posts fillable before training are the same for every programme of one run and scope: they are
counted once and cached per run, scope and shortlist generation (matching/services/baselines.py).
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db import models

from enterprises.models import Vacancy, VacancySkill
from matching.columns import Column, read_columns
from matching.engine.arrays import WorkerArrays
from matching.engine.effect import (
    FillablePosts,
    Lines,
    fillable_posts,
    prepared_subset,
    touched_vacancies,
    with_skills,
)
from matching.engine.prepare import PreparedVacancies, prepare_workers
from matching.engine.scoring import run_matching
from matching.loaders import TaxonomyIndex, load_workers
from matching.models import Match
from matching.selectors import current_run_id
from matching.services.baselines import cached_baseline
from matching.services.runs import _city_state, _city_vacancies, _CityState, _current_run, engine_params
from matching.services.weights import active_weights
from talent.models import Importance, WorkerProfile
from training.models import Programme


@dataclass(frozen=True)
class ProgrammeEffect:
    """Before and after a programme's completion by a set of workers, with the subsidy it costs."""

    programme_id: int
    trainees: int
    before: FillablePosts
    after: FillablePosts
    subsidy: int
    seconds: dict[str, float] = field(default_factory=dict)
    before_cached: bool = False  # "before" came from the run's cached baseline

    @property
    def extra_posts(self) -> int:
        return self.after.total - self.before.total

    @property
    def extra_by_occupation(self) -> dict[str, int]:
        codes = set(self.before.by_occupation) | set(self.after.by_occupation)
        delta = {c: self.after.by_occupation.get(c, 0) - self.before.by_occupation.get(c, 0) for c in codes}
        return {c: d for c, d in sorted(delta.items(), key=lambda item: (-item[1], item[0])) if d}

    @property
    def subsidy_per_extra_post(self) -> float | None:
        return self.subsidy / self.extra_posts if self.extra_posts > 0 else None

    @property
    def posts_per_10k_yuan(self) -> float:
        return 10_000 * self.extra_posts / self.subsidy if self.subsidy else float(self.extra_posts)


def stored_lines(run_id: int, park_id: int | None = None) -> Lines:
    """A run's shortlist lines as arrays (one query); with a park, only those of its enterprises' vacancies."""
    matches = Match.objects.filter(run_id=run_id, direction=Match.Direction.SHORTLIST)
    if park_id is not None:
        matches = matches.filter(vacancy__enterprise__park_id=park_id)
    columns = read_columns(
        matches,
        {
            "vacancy": Column("vacancy_id", "int"),
            "worker": Column("worker_id", "int"),
            "score": Column("score", "float"),
            "met": Column("matched_required", "int"),
            "total": Column("required_total", "int"),
        },
    )
    return Lines(columns["vacancy"], columns["worker"], columns["score"], columns["met"] >= columns["total"])


def programme_columns(index: TaxonomyIndex, programme: Programme) -> tuple[np.ndarray, np.ndarray]:
    """The engine's skill columns a programme teaches and the levels it reaches."""
    links = list(programme.skill_links.values_list("skill_id", "level"))
    columns = index.skill_columns(np.array([skill for skill, _level in links], dtype=np.int64))
    return columns, np.array([level for _skill, level in links], dtype=np.float32)


def _engine_lines(arrays: WorkerArrays, state: _CityState, vacancies: PreparedVacancies) -> Lines:
    """The engine's shortlist lines of these workers against the city's vacancies, on the city's basis."""
    weights, _model = active_weights()
    prepared = prepare_workers(arrays, state.index.taxonomy, basis=state.workers.basis)
    params = dataclasses.replace(engine_params(), n_jobs=1)
    pairs = run_matching(prepared, vacancies, state.index.taxonomy, weights, params=params).shortlists
    return Lines.from_pairs(pairs, vacancies.arrays.ids, arrays.ids)


def _park_subset(vacancies: PreparedVacancies, city_id: int, park_id: int | None) -> PreparedVacancies:
    """The city's prepared vacancies, or only those of a park's enterprises."""
    if park_id is None:
        return vacancies
    ids = Vacancy.objects.filter(city_id=city_id, enterprise__park_id=park_id).values_list("pk", flat=True)
    wanted = np.fromiter(ids, dtype=np.int64)
    return prepared_subset(vacancies, np.flatnonzero(np.isin(vacancies.arrays.ids, wanted)))


def _posts(state: _CityState, vacancies: PreparedVacancies) -> tuple[dict[int, int], dict[int, str]]:
    """Each vacancy's open posts and its occupation code."""
    codes = state.index.taxonomy.occupation_codes
    open_posts = dict(zip(vacancies.arrays.ids.tolist(), vacancies.arrays.headcount.tolist(), strict=True))
    occupation_of = {
        int(v): (str(codes[o]) if o >= 0 else "")
        for v, o in zip(vacancies.arrays.ids, vacancies.arrays.occupation, strict=True)
    }
    return open_posts, occupation_of


def programme_effect(
    *, programme: Programme, worker_ids: Iterable[int], city_id: int, park_id: int | None = None
) -> ProgrammeEffect:
    """If these workers of the city completed the programme: the posts fillable before and after, of the
    whole city or (`park_id`) of the open posts of a park's enterprises only."""
    clock = time.perf_counter()
    run = _current_run(city_id)
    if run is None:
        raise ValueError("the city has no published match run yet")
    state = _city_state(run)
    vacancies = _park_subset(_city_vacancies(run, state), city_id, park_id)
    loaded = time.perf_counter()
    ids = np.unique(np.fromiter(worker_ids, dtype=np.int64))
    trainees = load_workers(
        WorkerProfile.objects.filter(pk__in=ids.tolist(), home_city_id=city_id), state.index
    )
    lines = stored_lines(run.pk, park_id)
    open_posts, occupation_of = _posts(state, vacancies)
    sizes = dict(
        zip(
            vacancies.arrays.ids.tolist(),
            engine_params().shortlist_sizes(vacancies.arrays.headcount).tolist(),
            strict=True,
        )
    )
    read = time.perf_counter()
    # Only the vacancies that ask for a taught skill can see a trainee's qualification change: the
    # engine re-scores the trainees against those, with the programme's skills and certificate added.
    columns, levels = programme_columns(state.index, programme)
    touched = prepared_subset(vacancies, touched_vacancies(vacancies.arrays, columns))
    trained = with_skills(trainees, columns, levels, programme.certificate_level)
    new = _engine_lines(trained, state, touched) if len(touched) and len(trained) else Lines.empty()
    after = lines.replacing(trainees.ids, touched.arrays.ids, new, sizes)
    scored = time.perf_counter()
    # "Before" is the same for every programme of this run and scope: counted once, then cached.
    before, cached = cached_baseline(run, park_id, lambda: fillable_posts(lines, open_posts, occupation_of))
    counted = time.perf_counter()
    effect = ProgrammeEffect(
        programme_id=programme.pk,
        trainees=len(trainees),
        before=before,
        after=fillable_posts(after, open_posts, occupation_of),
        subsidy=len(trainees) * programme.subsidy_per_trainee,
    )
    done = time.perf_counter()
    return dataclasses.replace(
        effect,
        seconds={
            "city_state": round(loaded - clock, 3),
            "read_lines": round(read - loaded, 3),
            "engine": round(scored - read, 3),
            "assignment_before": round(counted - scored, 3),
            "assignment_after": round(done - counted, 3),
        },
        before_cached=cached,
    )


def run_fillable_posts(city_id: int, park_id: int | None = None) -> FillablePosts:
    """The posts fillable from the city's current run as stored (what a real re-run gives); with a park,
    its enterprises' open posts only."""
    run = _current_run(city_id)
    if run is None:
        return FillablePosts(0, {})
    state = _city_state(run)
    vacancies = _park_subset(_city_vacancies(run, state), city_id, park_id)
    open_posts, occupation_of = _posts(state, vacancies)
    return fillable_posts(stored_lines(run.pk, park_id), open_posts, occupation_of)


def likely_trainees(
    *, programme: Programme, city_id: int, limit: int, park_id: int | None = None
) -> list[int]:
    """The workers a programme would help most: those on the current shortlists (of a park's vacancies,
    with `park_id`) whose whole gap for a line it closes, by the number of such lines (then by worker id).

    In arrays, so that it stays in seconds at a million workers: only the lines of vacancies requiring a
    skill the programme teaches at their level are read, a line missing more required skills than those
    cannot be closed, and one whose vacancy requires nothing else is closed by the programme whatever the
    worker holds; only the remaining lines are compared skill by skill with the worker's profile."""
    from training.selectors import pair_gaps

    run_id = current_run_id(city_id)
    taught = dict(programme.skill_links.values_list("skill_id", "level"))
    if run_id is None or not taught:
        return []
    requirements = VacancySkill.objects.filter(skill_id__in=list(taught), importance=Importance.REQUIRED)
    if park_id is not None:
        requirements = requirements.filter(vacancy__enterprise__park_id=park_id)
    closable: Counter[int] = Counter()
    for vacancy_id, skill_id, level in requirements.values_list("vacancy_id", "skill_id", "min_level"):
        closable[vacancy_id] += taught[skill_id] >= level
    vacancies = sorted(v for v, n in closable.items() if n)
    if not vacancies:
        return []
    columns = read_columns(
        Match.objects.filter(
            run_id=run_id,
            direction=Match.Direction.SHORTLIST,
            matched_required__lt=models.F("required_total"),
            vacancy_id__in=vacancies,
        ),
        {
            "vacancy": Column("vacancy_id", "int"),
            "worker": Column("worker_id", "int"),
            "met": Column("matched_required", "int"),
            "total": Column("required_total", "int"),
        },
    )
    ids = np.array(vacancies, dtype=np.int64)
    can = np.array([closable[v] for v in vacancies], dtype=np.int64)[np.searchsorted(ids, columns["vacancy"])]
    keep = columns["total"] - columns["met"] <= can
    sure = keep & (can >= columns["total"])
    closed: Counter[int] = Counter(columns["worker"][sure].tolist())
    maybe = np.flatnonzero(keep & ~sure)
    pairs = zip(columns["vacancy"][maybe].tolist(), columns["worker"][maybe].tolist(), strict=True)
    for (_vacancy, worker), gap in pair_gaps(pairs).items():
        if gap and all(taught.get(skill, 0) >= level for skill, level in gap.items()):
            closed[worker] += 1
    return [worker for worker, _n in sorted(closed.items(), key=lambda item: (-item[1], item[0]))[:limit]]


def programme_ranking(
    *, city_id: int, trainees: int | None = None, park_id: int | None = None
) -> list[ProgrammeEffect]:
    """Every open programme of the city, trained to the workers it would help most (its next cohort's
    seats, or `trainees`), ranked by extra posts filled per 10,000 yuan of subsidy; with `park_id`, the
    workers it would help most on that park's vacancies, and the extra posts of that park only."""
    from training.models import Cohort

    effects = []
    for programme in Programme.objects.filter(is_active=True, provider__city_id=city_id).order_by("pk"):
        seats = trainees or (
            Cohort.objects.filter(programme=programme)
            .order_by("-starts_on")
            .values_list("seats", flat=True)
            .first()
            or 30
        )
        workers = likely_trainees(programme=programme, city_id=city_id, limit=seats, park_id=park_id)
        effects.append(
            programme_effect(programme=programme, worker_ids=workers, city_id=city_id, park_id=park_id)
        )
    return sorted(effects, key=lambda e: (-e.posts_per_10k_yuan, -e.extra_posts, e.programme_id))
