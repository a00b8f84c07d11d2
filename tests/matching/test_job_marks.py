"""Saved jobs and "not interested": a worker's marks on jobs, the recommendations that hide a dismissed job
at once, and the refit that reads a dismissal as a negative example."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hrmatch.actors import actor_for
from matching.feedback import FEATURE_NAMES, feedback_labels
from matching.models import Application, JobMark, Match
from matching.selectors import recommendation_list
from matching.services import job_marks, weights
from tests import factories
from tests.pages.conftest import build_market

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(db):
    return build_market()


def recommended(market) -> list[int]:
    return list(recommendation_list(actor=actor_for(market.worker_user)).values_list("vacancy_id", flat=True))


def a_recommended_vacancy(market):
    vacancy_ids = recommended(market)
    assert vacancy_ids, "the small city recommends jobs to its first worker"
    applied = set(Application.objects.filter(worker=market.worker).values_list("vacancy_id", flat=True))
    return next(v for v in market.small.vacancies if v.pk in vacancy_ids and v.pk not in applied)


def test_not_interested_hides_the_job_at_once_and_keeps_the_engines_parts(market):
    vacancy = a_recommended_vacancy(market)
    match = Match.objects.get(worker=market.worker, vacancy=vacancy, direction="r")

    mark = job_marks.job_not_interested(actor=None, worker=market.worker, vacancy=vacancy)

    assert vacancy.pk not in recommended(market)
    assert mark.kind == "not_interested" and mark.match_score == pytest.approx(match.score)
    assert mark.match_features["skills"] == pytest.approx(match.skills_part)
    job_marks.job_interest_restore(actor=None, worker=market.worker, vacancy=vacancy)
    assert vacancy.pk in recommended(market)


def test_not_interested_is_refused_while_the_worker_is_a_candidate(market):
    vacancy = market.small.vacancies[2]
    factories.ApplicationFactory(worker=market.worker, vacancy=vacancy, stage="applied")

    with pytest.raises(ValidationError) as excinfo:
        job_marks.job_not_interested(actor=None, worker=market.worker, vacancy=vacancy)

    assert "vacancy" in excinfo.value.message_dict
    assert not JobMark.objects.exists()


def test_saving_a_dismissed_job_makes_it_saved_and_one_mark_per_job(market):
    vacancy = a_recommended_vacancy(market)
    job_marks.job_not_interested(actor=None, worker=market.worker, vacancy=vacancy)
    job_marks.job_save(actor=None, worker=market.worker, vacancy=vacancy)
    job_marks.job_save(actor=None, worker=market.worker, vacancy=vacancy)

    mark = JobMark.objects.get()
    assert (mark.kind, mark.match_features) == ("saved", {})
    assert vacancy.pk in recommended(market)


def test_a_dismissal_is_a_negative_row_of_the_refits_input(market):
    vacancy = a_recommended_vacancy(market)
    _features, before_labels = feedback_labels()

    job_marks.job_not_interested(actor=None, worker=market.worker, vacancy=vacancy)

    features, labels = feedback_labels()
    assert len(labels) == len(before_labels) + 1
    assert labels[-1] == 0
    match = Match.objects.get(worker=market.worker, vacancy=vacancy, direction="r")
    assert features[-1, FEATURE_NAMES.index("skills")] == pytest.approx(match.skills_part)
    assert len(feedback_labels(city_id=market.small.city.pk + 1000)[1]) == 0
    job_marks.job_save(actor=None, worker=market.worker, vacancy=vacancy)  # saving is no negative
    assert len(feedback_labels()[1]) == len(before_labels)


def test_the_refit_is_fitted_on_the_dismissals_too(market, monkeypatch):
    seen: dict = {}
    vacancy = a_recommended_vacancy(market)
    job_marks.job_not_interested(actor=None, worker=market.worker, vacancy=vacancy)
    monkeypatch.setattr(
        weights, "fit_weights", lambda features, labels, **kw: _Captured(seen, features, labels)
    )

    assert weights.scoring_model_refit() is None
    assert list(seen["labels"]) == [0]
    assert seen["features"].shape == (1, len(FEATURE_NAMES))


class _Captured:
    """What fit_weights returns when there was too little to fit: n_train 0 (the refit then records nothing)."""

    n_train = 0

    def __init__(self, seen: dict, features: np.ndarray, labels: np.ndarray) -> None:
        seen["features"], seen["labels"] = features, labels


# --- pages ------------------------------------------------------------------------------------------


def test_the_recommendations_offer_save_and_not_interested_and_hide_at_once(client, market):
    vacancy = a_recommended_vacancy(market)
    client.force_login(market.worker_user)
    page = client.get(reverse("matching:recommendations")).content.decode()
    assert f'id="marks-{vacancy.pk}"' in page

    response = client.post(
        reverse("matching:job-mark", args=[vacancy.pk]),
        {"action": "not_interested", "next": reverse("matching:recommendations")},
    )

    assert response.status_code == 302 and response.url == reverse("matching:recommendations")
    page = client.get(reverse("matching:recommendations")).content.decode()
    assert f'id="marks-{vacancy.pk}"' not in page
    saved_page = client.get(reverse("matching:saved-jobs")).content.decode()
    assert f'id="hidden-{vacancy.pk}"' in saved_page


def test_a_worker_saves_a_job_on_its_page_and_finds_it_in_saved_jobs(client, market):
    vacancy = market.small.vacancies[2]
    client.force_login(market.worker_user)
    job_page = reverse("enterprises:job-detail", args=[vacancy.pk])
    assert 'data-mark="save"' in client.get(job_page).content.decode()

    client.post(reverse("matching:job-mark", args=[vacancy.pk]), {"action": "save", "next": job_page})

    assert 'data-mark="unsave"' in client.get(job_page).content.decode()
    saved = client.get(reverse("matching:saved-jobs")).content.decode()
    assert f'id="saved-{vacancy.pk}"' in saved and vacancy.title in saved
    client.post(reverse("matching:job-mark", args=[vacancy.pk]), {"action": "unsave"})
    assert not JobMark.objects.filter(worker=market.worker).exists()


def test_job_marks_refuse_junk_and_other_roles(client, market):
    vacancy = market.small.vacancies[2]
    client.force_login(market.worker_user)
    assert (
        client.post(reverse("matching:job-mark", args=[vacancy.pk]), {"action": "delete-all"}).status_code
        == 404
    )
    assert client.post(reverse("matching:job-mark", args=[999999]), {"action": "save"}).status_code == 404
    assert client.get(reverse("matching:job-mark", args=[vacancy.pk])).status_code == 405
    client.force_login(market.agency_user)
    assert client.post(reverse("matching:job-mark", args=[vacancy.pk]), {"action": "save"}).status_code == 403
    assert client.get(reverse("matching:saved-jobs")).status_code == 403
    assert not JobMark.objects.exists()


def test_a_closed_job_cannot_be_saved_but_a_saved_one_stays_listed_as_closed(client, market):
    vacancy = market.small.vacancies[2]
    client.force_login(market.worker_user)
    client.post(reverse("matching:job-mark", args=[vacancy.pk]), {"action": "save"})
    vacancy.status = "closed"
    vacancy.save(update_fields=["status"])
    other = market.small.vacancies[1]
    other.status = "closed"
    other.save(update_fields=["status"])

    client.post(reverse("matching:job-mark", args=[other.pk]), {"action": "save"})

    assert list(JobMark.objects.values_list("vacancy_id", flat=True)) == [vacancy.pk]
    assert f'id="saved-{vacancy.pk}"' in client.get(reverse("matching:saved-jobs")).content.decode()


def test_the_saved_jobs_page_keeps_its_query_count_as_marks_grow(
    client, market, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(market.worker_user)
    job_marks.job_save(actor=None, worker=market.worker, vacancy=market.small.vacancies[2])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("matching:saved-jobs")).status_code == 200
    for i in range(8):
        vacancy = factories.VacancyFactory(enterprise=market.enterprise, title=f"岗位{i}")
        job_marks.job_save(actor=None, worker=market.worker, vacancy=vacancy)
        dismissed = factories.VacancyFactory(enterprise=market.enterprise, title=f"不要{i}")
        job_marks.job_not_interested(actor=None, worker=market.worker, vacancy=dismissed)
    with django_assert_max_num_queries(len(ctx.captured_queries) + 2):
        assert client.get(reverse("matching:saved-jobs")).status_code == 200


def test_the_api_lists_marks_and_takes_one_back(market):
    from rest_framework.test import APIClient

    vacancy = a_recommended_vacancy(market)
    api = APIClient()
    api.force_authenticate(market.worker_user)

    created = api.post("/api/v1/job-marks/", {"vacancy": vacancy.pk, "kind": "not_interested"}, format="json")

    assert created.status_code == 201 and created.json()["kind"] == "not_interested"
    assert vacancy.pk not in recommended(market)
    listed = api.get("/api/v1/job-marks/", {"kind": "not_interested"}).json()
    assert [row["vacancy"] for row in listed["results"]] == [vacancy.pk]
    assert api.delete(f"/api/v1/job-marks/{created.json()['id']}/").status_code == 204
    assert vacancy.pk in recommended(market)
    bad = api.post("/api/v1/job-marks/", {"vacancy": 0, "kind": "loved"}, format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"vacancy", "kind"}


def test_the_workers_data_export_lists_their_marks(market):
    from talent.services import worker_data_export

    vacancy = market.small.vacancies[2]
    job_marks.job_save(actor=None, worker=market.worker, vacancy=vacancy)

    data = worker_data_export(actor=actor_for(market.worker_user), worker=market.worker)

    assert [(row["vacancy"], row["mark"]) for row in data["job_marks"]] == [(vacancy.title, "saved")]
