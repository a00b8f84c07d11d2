import datetime as dt

import numpy as np
import pytest

from matching.services.drives import drive_plan, drive_scores
from tests import factories
from tests.matching.city import build_small_city
from training.models import DriveInvitation
from training.services import drive_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def drive():
    small = build_small_city(workers=24)
    enterprise = factories.EnterpriseFactory(city=small.city)
    extra = []
    for i in range(4):  # more welding vacancies than strong welders: their tops overlap
        vacancy = factories.VacancyFactory(
            enterprise=enterprise, title=f"焊工{i}", occupation=small.vacancies[0].occupation, headcount=2
        )
        for skill in small.welding[:3]:
            factories.VacancySkillFactory(vacancy=vacancy, skill=skill, importance="required", min_level=2)
        extra.append(vacancy)
    return drive_create(
        data={
            "title": "北仑产业园春季联合招聘",
            "city": small.city,
            "held_on": dt.date.today() + dt.timedelta(days=10),
            "venue": "北仑人才市场",
            "max_interviews_per_worker": 2,
            "candidates_per_post": 2,
        },
        vacancy_ids=[v.pk for v in [*small.vacancies, *extra]],
    )


def test_the_drive_plan_respects_k_and_headcounts_and_beats_the_greedy_plan(drive):
    drive = drive_plan(drive=drive)
    invitations = list(DriveInvitation.objects.filter(drive=drive))
    per_worker = np.bincount([i.worker_id for i in invitations])
    assert invitations and per_worker.max() <= drive.max_interviews_per_worker
    for vacancy in drive.vacancies.all():
        invited = [i for i in invitations if i.vacancy_id == vacancy.pk]
        assert len(invited) <= vacancy.headcount * drive.candidates_per_post
        assert [i.rank for i in sorted(invited, key=lambda i: -i.score)] == list(range(len(invited)))
    summary = drive.plan_summary
    plan, greedy, naive = summary["plan"], summary["greedy_in_turn"], summary["each_takes_its_top"]
    assert plan["workers_over_k"] == 0 < naive["workers_over_k"]
    assert plan["total_score"] >= greedy["total_score"] - 1e-9
    assert plan["distinct_workers"] > naive["distinct_workers"]
    assert plan["invitations"] == len(invitations)
    assert drive.status == "planned"


def test_the_plan_uses_the_engines_scores_for_the_invited_pairs(drive):
    scores = drive_scores(drive)
    engine = {
        (int(scores.vacancy_ids[v]), int(scores.worker_ids[w])): float(s)
        for v, w, s in zip(
            scores.pairs.vacancy_index, scores.pairs.worker_index, scores.pairs.score, strict=True
        )
    }
    drive_plan(drive=drive, scores=scores)
    for invitation in DriveInvitation.objects.filter(drive=drive):
        assert invitation.score == pytest.approx(engine[(invitation.vacancy_id, invitation.worker_id)])


def test_agencies_bringing_workers_limit_the_invitations_to_their_pools(drive):
    agency = factories.AgencyFactory(city=drive.city)
    pool = list(drive.city.workers.order_by("id")[:6])
    for worker in pool:
        worker.managing_agency = agency
        worker.save(update_fields=["managing_agency"])
    drive.agencies.set([agency])
    drive_plan(drive=drive)
    invited = set(DriveInvitation.objects.filter(drive=drive).values_list("worker_id", flat=True))
    assert invited and invited <= {w.pk for w in pool}
