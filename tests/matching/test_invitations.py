"""Invite to apply: the only move a factory makes on a candidate who has not applied, the worker's answer,
and placements that need an application the worker made or accepted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agencies.models import Placement
from agencies.services import placement_create
from hrmatch.actors import actor_for
from hrmatch.workflows import TransitionError
from matching.masking import (
    application_accepted,
    candidate_handle,
    handle_resolve,
    handles_resolve,
    with_identity,
)
from matching.models import Application, Match
from matching.selectors import application_identity_list
from matching.services.pipeline import (
    application_apply,
    application_invitation_accept,
    application_invitation_decline,
    application_invite,
    application_move,
    application_shortlist_from_match,
)
from tests import factories

Stage = Application.Stage


@pytest.fixture
def worker(city):
    """Wang Fang, a fitter with a login, who has not applied anywhere."""
    return factories.WorkerProfileFactory(
        home_city=city, user=factories.UserFactory(username="wangfang"), full_name="王芳"
    )


@pytest.fixture
def vacancy(enterprise):
    return factories.VacancyFactory(
        enterprise=enterprise, headcount=2, start_date=timezone.localdate() + dt.timedelta(days=10)
    )


def engine_match(*, worker, vacancy) -> Match:
    return Match(worker=worker, vacancy=vacancy, direction="s", rank=0, score=0.7, skills_part=0.8)


def invited(worker, vacancy, factory_hr) -> Application:
    return application_shortlist_from_match(
        match=engine_match(worker=worker, vacancy=vacancy), actor=actor_for(factory_hr), to=Stage.INVITED
    )


def test_a_factory_cannot_shortlist_a_candidate_who_never_applied(worker, vacancy, factory_hr):
    with pytest.raises(TransitionError):
        application_shortlist_from_match(
            match=engine_match(worker=worker, vacancy=vacancy), actor=actor_for(factory_hr)
        )

    assert not Application.objects.exists()


@pytest.mark.parametrize("target", [Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFERED, Stage.HIRED])
def test_an_invitation_cannot_be_moved_on_by_the_factory(worker, vacancy, factory_hr, target):
    application = invited(worker, vacancy, factory_hr)

    with pytest.raises(TransitionError):
        application_move(application=application, to=target, actor=actor_for(factory_hr))

    assert Application.objects.get().stage == Stage.INVITED
    assert not Placement.objects.exists()


def test_inviting_keeps_the_candidate_masked_for_the_factory(worker, vacancy, factory_hr):
    application = invited(worker, vacancy, factory_hr)

    row = application_identity_list(actor=actor_for(factory_hr)).get(pk=application.pk)

    assert (application.source, application.stage) == ("suggested", "invited")
    assert row.identity_visible is False


def test_the_invited_worker_is_notified_and_the_factorys_staff_hear_of_the_acceptance_without_a_name(
    worker, vacancy, factory_hr
):
    from notifications.models import Notification

    application = invited(worker, vacancy, factory_hr)
    told = Notification.objects.get(recipient=worker.user)
    application_invitation_accept(application=application, actor=actor_for(worker.user))

    assert told.kind == "invited" and told.url.endswith(f"#application-{application.pk}")
    staff = Notification.objects.get(recipient=factory_hr)
    assert staff.kind == "new_applicant" and worker.full_name not in str(staff.params)
    assert staff.url.endswith(f"#board-{candidate_handle(vacancy.pk, worker.pk)}")


def test_the_worker_accepts_and_the_invitation_becomes_their_application_the_factory_can_see(
    worker, vacancy, factory_hr
):
    application = invited(worker, vacancy, factory_hr)

    accepted = application_invitation_accept(application=application, actor=actor_for(worker.user))

    assert accepted.stage == Stage.APPLIED
    assert list(accepted.events.order_by("id").values_list("from_stage", "to_stage")) == [
        ("", "suggested"),
        ("suggested", "invited"),
        ("invited", "applied"),
    ]
    assert application_identity_list(actor=actor_for(factory_hr)).get(pk=application.pk).identity_visible
    assert application_accepted(worker.pk, vacancy.pk)


def test_applying_to_the_job_page_also_accepts_a_standing_invitation(worker, vacancy, factory_hr):
    application = invited(worker, vacancy, factory_hr)

    applied = application_apply(worker=worker, vacancy=vacancy, actor=actor_for(worker.user))

    assert applied.pk == application.pk and applied.stage == Stage.APPLIED


def test_the_worker_declines_and_stays_masked_for_good(worker, vacancy, factory_hr):
    application = invited(worker, vacancy, factory_hr)

    declined = application_invitation_decline(
        application=application, actor=actor_for(worker.user), reason="太远"
    )

    assert (declined.stage, declined.reason) == (Stage.DECLINED, "太远")
    assert not application_identity_list(actor=actor_for(factory_hr)).get(pk=application.pk).identity_visible
    for target in (Stage.INVITED, Stage.SHORTLISTED, Stage.REJECTED):
        with pytest.raises(TransitionError):
            application_move(application=application, to=target, actor=actor_for(factory_hr))
    with pytest.raises(TransitionError):
        application_invitation_accept(application=application, actor=actor_for(worker.user))


def test_only_the_invited_worker_answers_an_invitation(worker, vacancy, factory_hr, agency_staff):
    application = invited(worker, vacancy, factory_hr)

    for someone in (factory_hr, agency_staff):
        with pytest.raises(ValidationError) as info:
            application_invitation_accept(application=application, actor=actor_for(someone))
        assert info.value.error_dict["actor"][0].code == "not_invited_worker"

    assert Application.objects.get().stage == Stage.INVITED


def test_an_invitation_to_a_paused_vacancy_cannot_be_sent(worker, enterprise, factory_hr):
    vacancy = factories.VacancyFactory(enterprise=enterprise, status="paused")
    suggestion = factories.ApplicationFactory(
        worker=worker, vacancy=vacancy, source="suggested", stage="suggested"
    )

    with pytest.raises(ValidationError):
        application_invite(application=suggestion, actor=actor_for(factory_hr))


def test_a_placement_without_the_workers_application_is_refused(worker, vacancy, agency):
    with pytest.raises(ValidationError) as info:
        placement_create(
            worker=worker,
            vacancy=vacancy,
            employment_form="direct",
            started_on=dt.date(2026, 12, 1),
            agency=agency,
        )

    assert info.value.error_dict["worker"][0].code == "no_accepted_application"
    assert not Placement.objects.exists()


@pytest.mark.parametrize("stage", ["suggested", "invited", "declined", "withdrawn", "rejected"])
def test_a_suggestion_an_open_invitation_or_a_candidacy_the_worker_left_does_not_allow_a_placement(
    worker, vacancy, stage
):
    factories.ApplicationFactory(
        worker=worker,
        vacancy=vacancy,
        source="suggested",
        stage=stage,
        reason="x" if stage != "invited" else "",
    )

    assert not application_accepted(worker.pk, vacancy.pk)
    with pytest.raises(ValidationError):
        placement_create(
            worker=worker, vacancy=vacancy, employment_form="direct", started_on=dt.date(2026, 12, 1)
        )


def test_hiring_an_accepted_invitation_records_the_placement_with_the_name(worker, vacancy, factory_hr):
    application = invited(worker, vacancy, factory_hr)
    application_invitation_accept(application=application, actor=actor_for(worker.user))
    for target in (Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFERED, Stage.HIRED):
        application_move(application=application, to=target, actor=actor_for(factory_hr))

    placement = Placement.objects.get()
    assert placement.worker_id == worker.pk
    from agencies.selectors import placement_list

    assert placement_list(actor=actor_for(factory_hr)).get().identity_visible


def test_a_placement_the_worker_never_agreed_to_stays_masked_for_factory_and_agency(
    worker, vacancy, factory_hr, agency, agency_staff
):
    # Recorded before placements needed the worker's application (straight into the table).
    Placement.objects.create(
        worker=worker,
        vacancy=vacancy,
        agency=agency,
        employment_form="direct",
        started_on=dt.date(2026, 3, 1),
    )
    from agencies.selectors import placement_list

    for user in (factory_hr, agency_staff):
        assert placement_list(actor=actor_for(user)).get().identity_visible is False


def test_candidate_handles_are_opaque_per_vacancy_and_resolve_only_among_its_candidates(
    worker, vacancy, enterprise, factory_hr
):
    other = factories.VacancyFactory(enterprise=enterprise)
    application = invited(worker, vacancy, factory_hr)
    handle = candidate_handle(vacancy.pk, worker.pk)

    assert str(worker.pk) != handle and handle != candidate_handle(other.pk, worker.pk)
    assert handle_resolve(vacancy_id=vacancy.pk, city_id=vacancy.city_id, handle=handle) == worker.pk
    assert handle_resolve(vacancy_id=other.pk, city_id=other.city_id, handle=handle) is None
    assert handle_resolve(vacancy_id=vacancy.pk, city_id=vacancy.city_id, handle=str(worker.pk)) is None
    assert handles_resolve(vacancy_id=vacancy.pk, city_id=vacancy.city_id, handles=[handle, "x" * 24]) == [
        worker.pk
    ]
    assert application.worker_id == worker.pk


def test_the_one_rule_shows_identity_to_the_worker_and_their_agency_but_not_to_other_factories(
    worker, vacancy, factory_hr, agency, agency_staff
):
    worker.managing_agency = agency
    worker.save(update_fields=["managing_agency"])
    invited(worker, vacancy, factory_hr)
    rows = Application.objects.all()

    assert not with_identity(rows, actor=actor_for(factory_hr)).get().identity_visible
    assert with_identity(rows, actor=actor_for(agency_staff)).get().identity_visible
    assert with_identity(rows, actor=actor_for(worker.user)).get().identity_visible
