import io
import itertools

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Max

from enterprises.services import vacancy_publish
from matching.models import CurrentRun, Match, MatchChunk, MatchRun
from matching.services import runs
from matching.services.partitions import match_table
from matching.tasks import run_city_matching
from talent.models import ConsentRecord, WorkerProfile
from talent.services import consent_revoke, worker_set_skills
from tests import factories
from tests.matching.city import build_small_city

pytestmark = pytest.mark.django_db


def published_scores(run_id: int) -> dict[tuple[str, int, int], float]:
    return {
        (m.direction, m.vacancy_id, m.worker_id): round(m.score, 6)
        for m in Match.objects.filter(run_id=run_id).only("direction", "vacancy_id", "worker_id", "score")
    }


def rows_written(run_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {match_table(run_id)} WHERE run_id = %s", [run_id])
        return int(cursor.fetchone()[0])


def test_a_city_run_publishes_shortlists_and_recommendations_with_reasons():
    small = build_small_city()
    run_id = run_city_matching.delay(small.city.pk).get()
    run = MatchRun.objects.get(pk=run_id)
    assert run.status == MatchRun.Status.PUBLISHED
    assert run.chunks_done == run.chunks_total == 1
    assert CurrentRun.objects.get(city=small.city).run_id == run_id
    shortlist = list(
        Match.objects.filter(run=run, direction="s", vacancy=small.vacancies[0]).order_by("rank")
    )
    assert shortlist, "the welding vacancy has candidates"
    assert [m.rank for m in shortlist] == list(range(len(shortlist)))
    assert all(a.score >= b.score for a, b in itertools.pairwise(shortlist))
    top = shortlist[0]
    assert top.required_total == 3 and 0 <= top.matched_required <= 3
    parts = sum(getattr(top, name) for name in Match.PART_FIELDS)
    assert parts == pytest.approx(top.score, abs=1e-5)
    # Welders lead the welding shortlist: the CNC workers hold none of its skills.
    assert top.worker.primary_occupation.code == "6-18-02-04"
    per_worker = (
        Match.objects.filter(run=run, direction="r").values("worker").annotate(n=Count("id"), top=Max("rank"))
    )
    assert per_worker and all(row["n"] <= 20 and row["top"] == row["n"] - 1 for row in per_worker)


def test_a_second_start_for_the_same_city_answers_that_one_is_running():
    small = build_small_city(workers=4)
    first = runs.match_run_start(city_id=small.city.pk)
    with pytest.raises(runs.RunAlreadyActive) as info:
        runs.match_run_start(city_id=small.city.pk)
    assert info.value.run == first
    assert run_city_matching.delay(small.city.pk).get() == first.pk


def test_scoring_a_chunk_twice_writes_its_rows_once():
    small = build_small_city(workers=8)
    run = runs.match_run_start(city_id=small.city.pk)
    chunk = MatchChunk.objects.get(run=run)
    assert runs.match_chunk_score(chunk_id=chunk.pk) is True
    rows = rows_written(run.pk)  # read from the run's own table: it joins the match table at publish
    assert rows > 0
    assert runs.match_chunk_score(chunk_id=chunk.pk) is False
    assert rows_written(run.pk) == rows
    assert runs.match_run_publish(run_id=run.pk) is True
    assert Match.objects.filter(run=run).count() == rows
    assert runs.match_run_publish(run_id=run.pk) is False


def test_a_delivery_that_finds_its_chunk_stored_while_it_scored_writes_nothing(monkeypatch):
    """Two deliveries of one chunk score it side by side: the one that claims it second, after its
    shortlists are ready, writes no row and stops the engine's second stage."""
    small = build_small_city(workers=8)
    run = runs.match_run_start(city_id=small.city.pk)
    chunk = MatchChunk.objects.get(run=run)
    real, closed = runs.matching_stages, []

    def stored_meanwhile(*args, **kwargs):
        stages = real(*args, **kwargs)
        try:
            shortlists = next(stages)
            MatchChunk.objects.filter(pk=chunk.pk).update(status=MatchChunk.Status.DONE)  # the other one
            yield shortlists
            yield next(stages)
        finally:
            stages.close()
            closed.append(True)

    monkeypatch.setattr(runs, "matching_stages", stored_meanwhile)
    assert runs.match_chunk_score(chunk_id=chunk.pk) is False
    assert rows_written(run.pk) == 0
    assert closed == [True]
    assert MatchRun.objects.get(pk=run.pk).chunks_done == 0


def test_readers_keep_the_old_run_until_the_new_one_is_whole_and_old_runs_are_pruned():
    small = build_small_city(workers=8)
    first = run_city_matching.delay(small.city.pk).get()
    second = runs.match_run_start(city_id=small.city.pk)
    assert runs.match_run_publish(run_id=second.pk) is False  # its chunk is not scored yet
    assert CurrentRun.objects.get(city=small.city).run_id == first
    for chunk in second.chunks.all():
        runs.match_chunk_score(chunk_id=chunk.pk)
    assert runs.match_run_publish(run_id=second.pk)
    assert CurrentRun.objects.get(city=small.city).run_id == second.pk
    assert MatchRun.objects.get(pk=first).status == MatchRun.Status.SUPERSEDED
    third = run_city_matching.delay(small.city.pk).get()
    assert set(MatchRun.objects.filter(city=small.city).values_list("id", flat=True)) == {second.pk, third}
    assert not Match.objects.filter(run_id=first).exists()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("gender", ("male", "female")),
        ("birth_year", (1975, 2000)),
        ("ethnicity", ("汉族", "维吾尔族")),
        ("birthplace", ("河南省", "四川省")),
        ("household_registration", ("浙江省宁波市", "贵州省毕节市")),
    ],
)
def test_protected_attributes_never_change_a_score(field, values):
    small = build_small_city(workers=12)
    WorkerProfile.objects.update(**{field: values[0]})
    before = published_scores(run_city_matching.delay(small.city.pk).get())
    for i, worker in enumerate(small.workers):
        WorkerProfile.objects.filter(pk=worker.pk).update(**{field: values[i % 2 - 1]})
    after = published_scores(run_city_matching.delay(small.city.pk).get())
    assert before and before == after


def test_workers_under_the_legal_working_age_or_without_consent_are_not_matched():
    small = build_small_city(workers=10)
    young, withdrawn = small.workers[0], small.workers[2]
    WorkerProfile.objects.filter(pk=young.pk).update(birth_year=2015)
    record = ConsentRecord.objects.create(
        worker=withdrawn, purpose="matching", granted_at="2026-01-01T00:00Z"
    )
    consent_revoke(record=record)
    run_id = run_city_matching.delay(small.city.pk).get()
    matched = set(Match.objects.filter(run_id=run_id).values_list("worker_id", flat=True))
    assert matched and young.pk not in matched and withdrawn.pk not in matched


def test_publishing_a_vacancy_refreshes_its_shortlist_after_commit(django_capture_on_commit_callbacks):
    small = build_small_city(workers=10)
    run_id = run_city_matching.delay(small.city.pk).get()
    draft = factories.VacancyFactory(
        enterprise=small.vacancies[0].enterprise, occupation=small.vacancies[0].occupation, status="draft"
    )
    factories.VacancySkillFactory(vacancy=draft, skill=small.welding[0])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        vacancy_publish(vacancy=draft)
    # The shortlist refresh, retiring the city's cached job-board answers, and (registered by the refresh
    # itself) retiring the run's cached "before training" figure.
    assert len(callbacks) == 3
    assert Match.objects.filter(run_id=run_id, vacancy=draft, direction="s").exists()
    assert Match.objects.filter(run_id=run_id, vacancy=draft, direction="r").exists()
    per_worker = Match.objects.filter(run_id=run_id, direction="r").values("worker").annotate(n=Count("id"))
    assert all(row["n"] <= 20 for row in per_worker)


def test_a_changed_worker_gets_new_recommendations(django_capture_on_commit_callbacks):
    small = build_small_city(workers=10)
    run_id = run_city_matching.delay(small.city.pk).get()
    cnc_worker = small.workers[1]
    with django_capture_on_commit_callbacks(execute=True):
        worker_set_skills(worker=cnc_worker, skills=[(s.pk, 4) for s in small.welding])
    recommended = set(
        Match.objects.filter(run_id=run_id, worker=cnc_worker, direction="r").values_list(
            "vacancy_id", flat=True
        )
    )
    assert small.vacancies[0].pk in recommended


def test_run_matching_without_wait_starts_the_run_it_announces():
    small = build_small_city()
    out = io.StringIO()
    call_command("run_matching", city=small.city.code, stdout=out)
    assert "matching started" in out.getvalue()
    assert MatchRun.objects.filter(city=small.city, status=MatchRun.Status.PUBLISHED).count() == 1
