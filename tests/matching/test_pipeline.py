import datetime as dt

import numpy as np
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from agencies.models import Placement
from hrmatch.actors import actor_for
from hrmatch.workflows import TransitionError
from matching.feedback import FEATURE_NAMES, feedback_labels
from matching.models import Application, ApplicationEvent, Match
from matching.services.pipeline import (
    TRANSITIONS,
    application_apply,
    application_hire,
    application_interview,
    application_move,
    application_offer,
    application_refer,
    application_reject,
    application_shortlist,
    application_shortlist_from_match,
    application_suggest,
    application_withdraw,
)
from tests import factories

Stage = Application.Stage
FEATURES = {name: 0.5 for name in FEATURE_NAMES}
LEGAL = [(start, target) for start, targets in TRANSITIONS.items() for target in sorted(targets)]
ILLEGAL = [
    (start, target) for start in Stage.values for target in Stage.values if target not in TRANSITIONS[start]
]


@pytest.fixture
def worker(city):
    """Li Na, a welder with a login, looking for work in Ningbo."""
    user = factories.UserFactory(username="worker")
    return factories.WorkerProfileFactory(home_city=city, user=user, full_name="李娜")


@pytest.fixture
def vacancy(enterprise):
    return factories.VacancyFactory(
        enterprise=enterprise, headcount=2, start_date=timezone.localdate() + dt.timedelta(days=10)
    )


def at_stage(stage: str, *, vacancy, worker) -> Application:
    """An application at a stage; past the engine's suggestion and invitation, the worker applied (an
    event into `applied`), as the pipeline guarantees."""
    reason = "不合适" if stage in ("rejected", "withdrawn") else ""
    application = factories.ApplicationFactory(worker=worker, vacancy=vacancy, stage=stage, reason=reason)
    if stage not in ("suggested", "invited", "declined"):
        factories.ApplicationEventFactory(application=application, to_stage="applied")
    return application


def test_a_worker_applies_to_an_open_vacancy_and_the_history_starts_at_applied(worker, vacancy):
    application = application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))

    assert (application.source, application.stage) == ("applied", "applied")
    assert list(application.events.values_list("from_stage", "to_stage", "actor")) == [
        ("", "applied", worker.user.pk)
    ]


@pytest.mark.parametrize("status", ["draft", "paused", "filled", "closed"])
def test_applying_to_a_vacancy_that_is_not_open_is_refused(worker, enterprise, status):
    vacancy = factories.VacancyFactory(enterprise=enterprise, status=status)

    with pytest.raises(ValidationError) as excinfo:
        application_apply(worker=worker, vacancy=vacancy)

    assert "vacancy" in excinfo.value.message_dict
    assert not Application.objects.exists()


def test_applying_after_the_closing_date_is_refused(worker, enterprise):
    vacancy = factories.VacancyFactory(
        enterprise=enterprise, closing_date=timezone.localdate() - dt.timedelta(days=1)
    )

    with pytest.raises(ValidationError):
        application_apply(worker=worker, vacancy=vacancy)


def test_a_worker_has_one_application_per_vacancy(worker, vacancy):
    application_apply(worker=worker, vacancy=vacancy)

    with pytest.raises(ValidationError) as excinfo:
        application_apply(worker=worker, vacancy=vacancy)

    assert excinfo.value.error_dict["worker"][0].code == "already_applied"
    assert Application.objects.count() == 1


def test_applying_to_a_suggested_vacancy_promotes_the_suggestion_and_keeps_where_it_came_from(
    worker, vacancy
):
    suggestion = application_suggest(worker=worker, vacancy=vacancy, score=0.8, features=FEATURES)

    application = application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))

    assert application.pk == suggestion.pk
    assert (application.source, application.stage) == ("suggested", "applied")
    assert application.match_features == FEATURES
    assert list(application.events.values_list("from_stage", "to_stage")) == [
        ("", "suggested"),
        ("suggested", "applied"),
    ]


def test_agency_staff_refer_a_worker_to_a_client_factory(worker, vacancy, agency, agency_staff, enterprise):
    factories.AgencyClientFactory(agency=agency, enterprise=enterprise)

    application = application_refer(
        worker=worker, vacancy=vacancy, agency=agency, actor=actor_for(agency_staff)
    )

    assert (application.source, application.stage, application.referred_by) == ("referred", "applied", agency)
    assert application.events.get().actor == agency_staff


def test_an_agency_managing_the_vacancy_may_refer_without_a_client_link(
    worker, enterprise, agency, agency_staff
):
    vacancy = factories.VacancyFactory(enterprise=enterprise, agency=agency)

    application = application_refer(
        worker=worker, vacancy=vacancy, agency=agency, actor=actor_for(agency_staff)
    )

    assert application.referred_by == agency


def test_an_agency_that_does_not_serve_the_factory_cannot_refer(worker, vacancy, agency, agency_staff):
    with pytest.raises(ValidationError) as excinfo:
        application_refer(worker=worker, vacancy=vacancy, agency=agency, actor=actor_for(agency_staff))

    assert excinfo.value.error_dict["agency"][0].code == "agency_not_serving"
    assert not Application.objects.exists()


def test_referring_a_worker_who_already_applied_is_refused(worker, vacancy, agency, agency_staff, enterprise):
    factories.AgencyClientFactory(agency=agency, enterprise=enterprise)
    application_apply(worker=worker, vacancy=vacancy)

    with pytest.raises(ValidationError):
        application_refer(worker=worker, vacancy=vacancy, agency=agency, actor=actor_for(agency_staff))


def test_referring_a_suggested_worker_promotes_the_suggestion_and_credits_the_agency(
    worker, vacancy, agency, agency_staff, enterprise
):
    factories.AgencyClientFactory(agency=agency, enterprise=enterprise)
    application_suggest(worker=worker, vacancy=vacancy, score=0.7, features=FEATURES)

    application = application_refer(
        worker=worker, vacancy=vacancy, agency=agency, actor=actor_for(agency_staff)
    )

    assert (application.stage, application.referred_by) == ("applied", agency)


def test_engine_suggestions_are_idempotent(worker, vacancy):
    first = application_suggest(worker=worker, vacancy=vacancy, score=0.8, features=FEATURES)
    again = application_suggest(worker=worker, vacancy=vacancy, score=0.9, features=FEATURES)

    assert first.pk == again.pk
    assert again.match_score == 0.8
    assert ApplicationEvent.objects.count() == 1


def test_a_suggestion_never_moves_an_application_back(worker, vacancy):
    application = at_stage("shortlisted", vacancy=vacancy, worker=worker)
    events = ApplicationEvent.objects.count()

    result = application_suggest(worker=worker, vacancy=vacancy, score=0.9, features=FEATURES)

    assert result.pk == application.pk
    assert result.stage == "shortlisted"
    assert ApplicationEvent.objects.count() == events


def test_a_suggestion_fills_in_the_match_parts_of_an_application_that_had_none(worker, vacancy):
    application_apply(worker=worker, vacancy=vacancy)

    result = application_suggest(worker=worker, vacancy=vacancy, score=0.6, features={"skills_part": 0.9})

    assert result.stage == "applied"
    assert (result.match_score, result.match_features) == (0.6, {"skills": 0.9})


def test_a_suggestion_with_unknown_features_is_refused(worker, vacancy):
    with pytest.raises(ValidationError):
        application_suggest(worker=worker, vacancy=vacancy, score=0.5, features={"gender": 1.0})


@pytest.mark.parametrize(("start", "target"), LEGAL)
def test_every_legal_move_changes_the_stage_and_writes_history(start, target, worker, vacancy, factory_hr):
    application = at_stage(start, vacancy=vacancy, worker=worker)
    reason = "薪资不符" if target in ("rejected", "withdrawn") else ""

    application_move(application=application, to=target, actor=actor_for(factory_hr), reason=reason)

    application.refresh_from_db()
    assert application.stage == target
    event = application.events.latest("id")
    assert (event.from_stage, event.to_stage, event.actor, event.reason) == (
        start,
        target,
        factory_hr,
        reason,
    )


@pytest.mark.parametrize(("start", "target"), [*ILLEGAL, ("applied", "teleported")])
def test_every_illegal_move_is_refused_and_changes_nothing(start, target, worker, vacancy, factory_hr):
    application = at_stage(start, vacancy=vacancy, worker=worker)

    with pytest.raises(TransitionError) as excinfo:
        application_move(application=application, to=target, actor=actor_for(factory_hr), reason="原因")

    assert excinfo.value.code == "transition"
    assert isinstance(excinfo.value, ValidationError)
    application.refresh_from_db()
    assert application.stage == start
    assert not application.events.exclude(to_stage="applied").exists()


@pytest.mark.parametrize("target", ["rejected", "withdrawn"])
@pytest.mark.parametrize("reason", ["", "   "])
def test_rejecting_or_withdrawing_needs_a_reason(target, reason, worker, vacancy, factory_hr):
    application = at_stage("shortlisted", vacancy=vacancy, worker=worker)

    with pytest.raises(ValidationError) as excinfo:
        application_move(application=application, to=target, actor=actor_for(factory_hr), reason=reason)

    assert excinfo.value.error_dict["reason"][0].code == "reason_required"
    application.refresh_from_db()
    assert application.stage == "shortlisted"


@pytest.mark.parametrize("actor", [None, actor_for(AnonymousUser())])
def test_only_a_person_moves_a_candidate(actor, worker, vacancy):
    application = at_stage("suggested", vacancy=vacancy, worker=worker)

    with pytest.raises(ValidationError) as excinfo:
        application_move(application=application, to="rejected", actor=actor, reason="engine thinks so")

    assert "actor" in excinfo.value.message_dict
    application.refresh_from_db()
    assert application.stage == "suggested"


def test_a_rejection_keeps_its_reason_on_the_application(worker, vacancy, factory_hr):
    application = at_stage("interviewing", vacancy=vacancy, worker=worker)

    application_reject(application=application, actor=actor_for(factory_hr), reason="面试未通过")

    assert (application.stage, application.reason) == ("rejected", "面试未通过")


def test_the_worker_withdraws_with_a_reason(worker, vacancy):
    application = application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))

    application_withdraw(application=application, actor=actor_for(worker.user), reason="已在别处入职")

    assert application.stage == "withdrawn"
    assert application.events.last().actor == worker.user


def test_factory_hr_takes_a_candidate_from_applied_to_hired_and_every_step_is_recorded(
    worker, vacancy, factory_hr
):
    application = application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))

    application_shortlist(application=application, actor=actor_for(factory_hr))
    application_interview(application=application, actor=actor_for(factory_hr))
    application_offer(application=application, actor=actor_for(factory_hr))
    application_hire(application=application, actor=actor_for(factory_hr))

    assert list(application.events.values_list("from_stage", "to_stage", "actor__username")) == [
        ("", "applied", "worker"),
        ("applied", "shortlisted", "factory_hr"),
        ("shortlisted", "interviewing", "factory_hr"),
        ("interviewing", "offered", "factory_hr"),
        ("offered", "hired", "factory_hr"),
    ]


def test_hiring_creates_the_placement_and_fills_the_headcount(worker, enterprise, factory_hr):
    vacancy = factories.VacancyFactory(
        enterprise=enterprise, headcount=1, start_date=timezone.localdate() + dt.timedelta(days=10)
    )
    application = at_stage("offered", vacancy=vacancy, worker=worker)

    application_hire(application=application, actor=actor_for(factory_hr))

    placement = Placement.objects.get(worker=worker, vacancy=vacancy)
    assert (placement.employment_form, placement.started_on, placement.agency, placement.created_by) == (
        "direct",
        vacancy.start_date,
        None,
        factory_hr,
    )
    vacancy.refresh_from_db()
    assert (vacancy.filled_count, vacancy.status) == (1, "filled")
    assert application.stage == "hired"


def test_a_hire_after_the_vacancy_start_date_starts_today(worker, enterprise, factory_hr):
    vacancy = factories.VacancyFactory(
        enterprise=enterprise, start_date=timezone.localdate() - dt.timedelta(days=30)
    )
    application = at_stage("offered", vacancy=vacancy, worker=worker)

    application_hire(application=application, actor=actor_for(factory_hr))

    assert Placement.objects.get().started_on == timezone.localdate()


def test_a_referred_dispatch_hire_is_placed_by_the_referring_agency(worker, enterprise, agency, factory_hr):
    vacancy = factories.VacancyFactory(
        enterprise=enterprise, employment_form="dispatch", dispatch_nature="auxiliary"
    )
    application = factories.ApplicationFactory(
        worker=worker, vacancy=vacancy, source="referred", stage="offered", referred_by=agency
    )
    factories.ApplicationEventFactory(application=application, to_stage="applied")

    application_hire(application=application, actor=actor_for(factory_hr))

    placement = Placement.objects.get()
    assert (placement.agency, placement.employment_form) == (agency, "dispatch")
    enterprise.refresh_from_db()
    assert enterprise.dispatched_headcount == 1


def test_a_hire_refused_by_the_dispatch_cap_leaves_the_application_unchanged(
    worker, city, agency, factory_hr
):
    # 9 contract employees allow 1 dispatched worker, and the factory already has one.
    enterprise = factories.EnterpriseFactory(city=city, contract_headcount=9, dispatched_headcount=1)
    vacancy = factories.VacancyFactory(
        enterprise=enterprise, employment_form="dispatch", dispatch_nature="temporary"
    )
    application = factories.ApplicationFactory(
        worker=worker, vacancy=vacancy, source="referred", stage="offered", referred_by=agency
    )
    factories.ApplicationEventFactory(application=application, to_stage="applied")

    with pytest.raises(ValidationError) as excinfo:
        application_hire(application=application, actor=actor_for(factory_hr))

    assert "employment_form" in excinfo.value.message_dict
    application.refresh_from_db()
    vacancy.refresh_from_db()
    enterprise.refresh_from_db()
    assert application.stage == "offered"
    assert not application.events.exclude(to_stage="applied").exists()
    assert not Placement.objects.exists()
    assert (vacancy.filled_count, enterprise.dispatched_headcount) == (0, 1)


def test_feedback_labels_turn_hr_decisions_into_training_rows(city, enterprise, factory_hr):
    vacancy = factories.VacancyFactory(enterprise=enterprise, headcount=5)

    def scored(stage: str, skills: float) -> Application:
        application = factories.ApplicationFactory(
            vacancy=vacancy,
            worker__home_city=city,
            source="suggested",
            stage="suggested",
            match_score=skills,
            match_features={**FEATURES, "skills": skills},
        )
        if stage == "rejected_after_interview":
            application_apply(worker=application.worker, vacancy=vacancy)
        if stage != "suggested":
            path = {
                "invited": ["invited"],
                "rejected": ["rejected"],
                "rejected_after_interview": ["shortlisted", "interviewing", "rejected"],
            }[stage]
            for target in path:
                application_move(
                    application=application, to=target, actor=actor_for(factory_hr), reason="不合适"
                )
        return application

    scored("invited", 0.9)
    scored("rejected", 0.1)
    scored("rejected_after_interview", 0.6)
    scored("suggested", 0.5)  # undecided: left out
    factories.ApplicationFactory(vacancy=vacancy, stage="shortlisted")  # never scored: left out

    features, labels = feedback_labels()

    assert features.shape == (3, len(FEATURE_NAMES))
    by_skills = dict(zip(features[:, 0].tolist(), labels.tolist(), strict=True))
    assert by_skills == {0.9: 1, 0.1: 0, 0.6: 1}
    assert labels.dtype == np.int8


def test_feedback_labels_of_an_empty_pipeline_are_empty_arrays(db):
    features, labels = feedback_labels()

    assert features.shape == (0, len(FEATURE_NAMES)) and labels.shape == (0,)


def engine_match(*, worker, vacancy, score: float = 0.8) -> Match:
    """A shortlist row of the engine (unsaved: the service reads only its pair, score and parts)."""
    return Match(
        worker=worker, vacancy=vacancy, direction="s", rank=0, score=score, skills_part=0.9, pay_part=0.4
    )


def test_inviting_an_engine_candidate_keeps_the_engine_credit_and_records_both_steps(
    worker, vacancy, factory_hr
):
    application = application_shortlist_from_match(
        match=engine_match(worker=worker, vacancy=vacancy), actor=actor_for(factory_hr), to=Stage.INVITED
    )

    assert (application.source, application.stage) == ("suggested", "invited")
    assert application.match_score == pytest.approx(0.8)
    assert application.match_features["skills"] == pytest.approx(0.9)
    assert list(application.events.order_by("id").values_list("from_stage", "to_stage", "actor")) == [
        ("", "suggested", None),
        ("suggested", "invited", factory_hr.pk),
    ]


def test_an_engine_candidate_moved_illegally_leaves_no_suggestion_behind(worker, vacancy, factory_hr):
    with pytest.raises(TransitionError):
        application_shortlist_from_match(
            match=engine_match(worker=worker, vacancy=vacancy), actor=actor_for(factory_hr), to=Stage.HIRED
        )

    assert not Application.objects.exists()


def test_an_engine_candidate_who_already_applied_is_moved_from_their_application(worker, vacancy, factory_hr):
    applied = application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))

    moved = application_shortlist_from_match(
        match=engine_match(worker=worker, vacancy=vacancy),
        actor=actor_for(factory_hr),
        to=Stage.REJECTED,
        reason="经验不足",
    )

    assert moved.pk == applied.pk
    assert (moved.source, moved.stage, moved.reason) == ("applied", "rejected", "经验不足")


def test_a_service_given_a_user_instead_of_the_actor_says_so(worker, vacancy, factory_hr):
    application = at_stage("applied", vacancy=vacancy, worker=worker)

    with pytest.raises(TypeError, match="Actor"):
        application_move(application=application, to="shortlisted", actor=factory_hr)

    application.refresh_from_db()
    assert application.stage == "applied"
