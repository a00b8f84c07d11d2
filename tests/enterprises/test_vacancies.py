import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from enterprises.models import Vacancy, VacancyStatusChange
from enterprises.services import (
    TransitionError,
    vacancy_close,
    vacancy_create,
    vacancy_pause,
    vacancy_publish,
)
from hrmatch.actors import actor_for
from tests.factories import OccupationFactory, SkillFactory, VacancyFactory


def vacancy_data(**overrides):
    data = {
        "title": "氩弧焊工",
        "occupation": OccupationFactory(),
        "headcount": 2,
        "pay_min": 6000,
        "pay_max": 9000,
        "employment_form": "direct",
        "shift_pattern": "day",
        "start_date": dt.date(2026, 12, 15),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_new_vacancy_takes_the_enterprise_location_and_starts_as_draft(enterprise):
    vacancy = vacancy_create(enterprise=enterprise, data=vacancy_data())
    assert (vacancy.city, vacancy.latitude, vacancy.longitude) == (
        enterprise.city,
        enterprise.latitude,
        enterprise.longitude,
    )
    assert vacancy.status == Vacancy.Status.DRAFT
    assert VacancyStatusChange.objects.filter(vacancy=vacancy, to_status="draft").count() == 1


@pytest.mark.django_db
def test_pay_minimum_above_maximum_is_refused_on_the_pay_field(enterprise):
    with pytest.raises(ValidationError) as info:
        vacancy_create(enterprise=enterprise, data=vacancy_data(pay_min=9000, pay_max=6000))
    assert "pay_max" in info.value.message_dict
    assert not Vacancy.objects.exists()


@pytest.mark.django_db
def test_a_closing_date_before_the_start_is_refused_on_the_closing_date(enterprise):
    data = vacancy_data(start_date=dt.date(2020, 1, 1), closing_date=dt.date(2019, 12, 1))
    with pytest.raises(ValidationError) as info:
        vacancy_create(enterprise=enterprise, data=data)
    assert "closing_date" in info.value.message_dict
    assert not Vacancy.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_inverted_pay_range_too():
    vacancy = VacancyFactory()
    vacancy.pay_min, vacancy.pay_max = 9000, 6000
    with pytest.raises(IntegrityError), transaction.atomic():
        vacancy.save()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form", "nature", "ok"),
    [
        ("dispatch", "temporary", True),
        ("dispatch", "", False),
        ("direct", "auxiliary", False),
        ("direct", "", True),
    ],
)
def test_only_dispatch_vacancies_have_a_position_nature(enterprise, form, nature, ok):
    data = vacancy_data(employment_form=form, dispatch_nature=nature)
    if ok:
        vacancy_create(enterprise=enterprise, data=data)
    else:
        with pytest.raises(ValidationError) as info:
            vacancy_create(enterprise=enterprise, data=data)
        assert "dispatch_nature" in info.value.message_dict


@pytest.mark.django_db
def test_publishing_needs_a_skill_and_stamps_each_status_change(enterprise, factory_hr):
    vacancy = vacancy_create(enterprise=enterprise, data=vacancy_data())
    with pytest.raises(ValidationError):
        vacancy_publish(vacancy=vacancy, actor=actor_for(factory_hr))
    vacancy.skill_requirements.create(skill=SkillFactory(), importance="required", min_level=2)
    vacancy_publish(vacancy=vacancy, actor=actor_for(factory_hr))
    assert vacancy.status == "open" and vacancy.published_at is not None
    vacancy_pause(vacancy=vacancy, actor=actor_for(factory_hr))
    assert vacancy.paused_at is not None
    first_published = vacancy.published_at
    vacancy_publish(vacancy=vacancy, actor=actor_for(factory_hr))
    assert vacancy.published_at == first_published
    vacancy_close(vacancy=vacancy, actor=actor_for(factory_hr))
    history = list(vacancy.status_changes.values_list("from_status", "to_status"))
    assert history == [
        ("", "draft"),
        ("draft", "open"),
        ("open", "paused"),
        ("paused", "open"),
        ("open", "closed"),
    ]
    with pytest.raises(TransitionError):
        vacancy_publish(vacancy=vacancy, actor=actor_for(factory_hr))
