"""Certificates and work history: the worker edits their own on the profile, agency staff those of their
pool on the worker page; dates in order, nothing in the future, an issuer and a known level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from talent import services
from talent.models import Certificate, WorkHistory
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def welder(db):
    return factories.OccupationFactory(code="6-18-02-04", level=4, name="焊工")


@pytest.fixture
def worker(city, agency):
    """Zhao Lei, a welder of the agency's pool who also signs in himself."""
    user = factories.UserFactory(username="13500000002")
    return factories.WorkerProfileFactory(home_city=city, user=user, managing_agency=agency, full_name="赵磊")


def certificate(worker, welder, **fields) -> Certificate:
    data = {"occupation": welder, "level": 3, "issuer": "宁波市职业技能鉴定中心", "number": "N-1"}
    return services.certificate_add(worker=worker, data={"issued_on": dt.date(2023, 6, 1), **data, **fields})


# --- services ---------------------------------------------------------------------------------------


def test_a_corrected_certificate_level_updates_the_workers_highest_level(worker, welder):
    cert = certificate(worker, welder)
    assert worker.highest_certificate == 3

    services.certificate_update(certificate=cert, data={"level": 5})

    worker.refresh_from_db()
    assert worker.highest_certificate == 5 and Certificate.objects.get().level == 5


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"issued_on": TOMORROW}, "issued_on"),
        ({"issuer": "  "}, "issuer"),
        ({"number": ""}, "number"),
        ({"level": 9}, "level"),
    ],
)
def test_a_certificate_needs_a_past_date_an_issuer_a_number_and_a_known_level(worker, welder, fields, field):
    with pytest.raises(ValidationError) as excinfo:
        certificate(worker, welder, **fields)
    assert field in excinfo.value.message_dict
    assert not Certificate.objects.exists()


def test_the_same_number_from_the_same_issuer_is_refused(worker, welder, city):
    certificate(worker, welder)
    with pytest.raises(ValidationError):
        certificate(factories.WorkerProfileFactory(home_city=city), welder)


@pytest.mark.parametrize(
    ("started", "ended", "field"),
    [
        (TOMORROW, None, "started_on"),
        (dt.date(2020, 1, 1), TOMORROW, "ended_on"),
        (dt.date(2020, 5, 1), dt.date(2019, 1, 1), "ended_on"),
    ],
)
def test_work_history_dates_are_in_order_and_not_in_the_future(worker, started, ended, field):
    with pytest.raises(ValidationError) as excinfo:
        services.work_history_add(
            worker=worker,
            data={"employer_name": "宁波某厂", "job_title": "焊工", "started_on": started, "ended_on": ended},
        )
    assert field in excinfo.value.message_dict
    assert not WorkHistory.objects.exists()


def test_a_job_is_corrected_and_a_current_job_has_no_end(worker):
    entry = services.work_history_add(
        worker=worker,
        data={"employer_name": "宁波某厂", "job_title": "焊工", "started_on": dt.date(2020, 1, 1)},
    )
    services.work_history_update(
        entry=entry, data={"ended_on": dt.date(2024, 12, 31), "job_title": "焊工班长"}
    )
    entry.refresh_from_db()
    assert (entry.job_title, entry.ended_on) == ("焊工班长", dt.date(2024, 12, 31))


# --- pages ------------------------------------------------------------------------------------------


def test_a_worker_adds_corrects_and_removes_a_certificate_on_the_profile(client, worker, welder):
    client.force_login(worker.user)
    new = reverse("talent:record-new", args=["certificates"])
    assert client.get(new).status_code == 200

    response = client.post(
        new,
        {
            "occupation_code": welder.code,
            "level": 4,
            "issuer": "宁波市职业技能鉴定中心",
            "number": "Z-77",
            "issued_on": "2024-03-01",
        },
    )

    assert response.status_code == 302 and response.url.startswith(reverse("talent:profile"))
    cert = Certificate.objects.get(worker=worker)
    assert (cert.level, cert.number, cert.occupation) == (4, "Z-77", welder)
    profile = client.get(reverse("talent:profile")).content.decode()
    assert "Z-77" in profile and reverse("talent:record-edit", args=["certificates", cert.pk]) in profile
    edit = client.get(reverse("talent:record-edit", args=["certificates", cert.pk])).content.decode()
    assert 'value="2024-03-01"' in edit and f'value="{welder.code}"' in edit
    client.post(
        reverse("talent:record-edit", args=["certificates", cert.pk]),
        {
            "occupation_code": welder.code,
            "level": 5,
            "issuer": "宁波",
            "number": "Z-77",
            "issued_on": "2024-03-01",
        },
    )
    cert.refresh_from_db()
    assert cert.level == 5
    client.post(reverse("talent:record-delete", args=["certificates", cert.pk]))
    assert not Certificate.objects.exists()


def test_bad_certificate_input_shows_field_errors(client, worker, welder):
    client.force_login(worker.user)

    response = client.post(
        reverse("talent:record-new", args=["certificates"]),
        {
            "occupation_code": "9-99",
            "level": 42,
            "issuer": "",
            "number": "X",
            "issued_on": TOMORROW.isoformat(),
        },
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"occupation_code", "level", "issuer"}
    response = client.post(
        reverse("talent:record-new", args=["certificates"]),
        {
            "occupation_code": welder.code,
            "level": 3,
            "issuer": "宁波",
            "number": "X",
            "issued_on": TOMORROW.isoformat(),
        },
    )
    assert "issued_on" in response.context["form"].errors
    assert not Certificate.objects.exists()


def test_a_job_ending_before_it_started_is_a_field_error(client, worker):
    client.force_login(worker.user)

    response = client.post(
        reverse("talent:record-new", args=["work-history"]),
        {"employer_name": "某厂", "job_title": "焊工", "started_on": "2022-05-01", "ended_on": "2021-01-01"},
    )

    assert response.status_code == 200
    assert "ended_on" in response.context["form"].errors
    assert not WorkHistory.objects.exists()


def test_a_worker_cannot_touch_another_workers_records(client, worker, welder, city):
    other = factories.WorkerProfileFactory(home_city=city)
    theirs = certificate(other, welder)
    client.force_login(worker.user)

    assert client.get(reverse("talent:record-edit", args=["certificates", theirs.pk])).status_code == 404
    assert client.post(reverse("talent:record-delete", args=["certificates", theirs.pk])).status_code == 404
    assert client.get(reverse("talent:record-new", args=["salaries"])).status_code == 404
    assert Certificate.objects.filter(pk=theirs.pk).exists()


def test_agency_staff_edit_the_records_of_their_pool_only(client, worker, welder, agency_staff, city):
    client.force_login(agency_staff)
    response = client.post(
        reverse("agencies:worker-record-new", args=[worker.pk, "work-history"]),
        {"employer_name": "宁波某厂", "job_title": "焊工", "started_on": "2019-03-01"},
    )
    assert response.status_code == 302
    entry = WorkHistory.objects.get(worker=worker)
    page = client.get(reverse("agencies:worker-edit", args=[worker.pk])).content.decode()
    assert "宁波某厂" in page
    assert reverse("agencies:worker-record-edit", args=[worker.pk, "work-history", entry.pk]) in page

    outsider = factories.WorkerProfileFactory(
        home_city=city, managing_agency=factories.AgencyFactory(city=city)
    )
    theirs = certificate(outsider, welder)
    assert (
        client.get(
            reverse("agencies:worker-record-edit", args=[outsider.pk, "certificates", theirs.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("agencies:worker-record-delete", args=[outsider.pk, "certificates", theirs.pk])
        ).status_code
        == 404
    )
    # A record of the right kind but of another worker, under this worker's address, is a 404 too.
    assert (
        client.get(
            reverse("agencies:worker-record-edit", args=[worker.pk, "certificates", theirs.pk])
        ).status_code
        == 404
    )


def test_factory_hr_cannot_open_the_record_pages(client, worker, factory_hr):
    client.force_login(factory_hr)
    assert (
        client.get(reverse("agencies:worker-record-new", args=[worker.pk, "certificates"])).status_code == 403
    )
    assert client.get(reverse("talent:record-new", args=["certificates"])).status_code == 403


def test_the_profile_query_count_does_not_grow_with_records(client, worker, welder):
    client.force_login(worker.user)
    certificate(worker, welder)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("talent:profile")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(6):
        certificate(worker, welder, number=f"N-{i + 10}")
        services.work_history_add(
            worker=worker,
            data={"employer_name": f"厂{i}", "job_title": "焊工", "started_on": dt.date(2015 + i, 1, 1)},
        )
    assert count() <= before  # two queries for the records, whatever their number
