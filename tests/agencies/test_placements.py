import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from agencies.services import placement_create
from enterprises.models import Enterprise, Vacancy
from tests.factories import (
    AgencyFactory,
    ApplicationEventFactory,
    ApplicationFactory,
    EnterpriseFactory,
    VacancyFactory,
    WorkerProfileFactory,
)

START = dt.date(2026, 12, 1)


def applicant(vacancy):
    """A worker who applied to the vacancy (a placement needs the worker's own application)."""
    application = ApplicationFactory(worker=WorkerProfileFactory(home_city=vacancy.city), vacancy=vacancy)
    ApplicationEventFactory(application=application)
    return application.worker


def place(vacancy, agency, form="dispatch"):
    return placement_create(
        worker=applicant(vacancy),
        vacancy=vacancy,
        employment_form=form,
        started_on=START,
        agency=agency,
    )


@pytest.mark.django_db
def test_900_contract_employees_allow_the_100th_dispatched_worker_but_refuse_the_101st(city):
    enterprise = EnterpriseFactory(city=city, contract_headcount=900, dispatched_headcount=99)
    agency = AgencyFactory(city=city)
    vacancy = VacancyFactory(
        enterprise=enterprise, employment_form="dispatch", dispatch_nature="auxiliary", headcount=5
    )
    place(vacancy, agency)
    enterprise.refresh_from_db()
    assert enterprise.dispatched_headcount == 100
    assert enterprise.dispatch_share == pytest.approx(0.1)

    with pytest.raises(ValidationError) as info:
        place(vacancy, agency)
    message = " ".join(info.value.message_dict["employment_form"])
    assert "900" in message and "100" in message and "101" in message
    assert Enterprise.objects.get(pk=enterprise.pk).dispatched_headcount == 100
    assert Vacancy.objects.get(pk=vacancy.pk).filled_count == 1


@pytest.mark.django_db
def test_direct_hires_are_not_counted_against_the_dispatch_cap(city):
    enterprise = EnterpriseFactory(city=city, contract_headcount=900, dispatched_headcount=100)
    vacancy = VacancyFactory(enterprise=enterprise, employment_form="direct", headcount=2)
    place(vacancy, None, form="direct")
    enterprise.refresh_from_db()
    assert enterprise.dispatched_headcount == 100


@pytest.mark.django_db
def test_an_agency_without_a_dispatch_licence_cannot_place_dispatched_workers(city):
    agency = AgencyFactory(city=city, dispatch_licence_number="", dispatch_licence_valid_until=None)
    vacancy = VacancyFactory(enterprise__city=city, employment_form="dispatch", dispatch_nature="temporary")
    with pytest.raises(ValidationError) as info:
        place(vacancy, agency)
    assert "agency" in info.value.message_dict


@pytest.mark.django_db
def test_filling_the_last_position_marks_the_vacancy_filled_and_refuses_more(city):
    vacancy = VacancyFactory(enterprise__city=city, headcount=1)
    place(vacancy, None, form="direct")
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED
    assert vacancy.filled_at is not None
    with pytest.raises(ValidationError):
        place(vacancy, None, form="direct")
