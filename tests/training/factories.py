"""Factories of training providers, programmes, cohorts and enrolments."""

from __future__ import annotations

import datetime as dt

import factory

from tests import factories
from training.models import Cohort, Enrolment, Programme, ProgrammeSkill, Provider, ProviderMembership


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"职业技术学院{n}")
    kind = Provider.Kind.COLLEGE
    city = factory.SubFactory(factories.PilotCityFactory)
    accreditation = "人社厅 2025-017"
    subsidy_scheme = "职业技能提升行动"


class ProviderMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderMembership

    user = factory.SubFactory(factories.UserFactory)
    provider = factory.SubFactory(ProviderFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    provider = factory.SubFactory(ProviderFactory)
    title = factory.Sequence(lambda n: f"焊接培训班{n}")
    hours = 40
    cost = 1200
    subsidy_per_trainee = 1200
    schedule = "周六、周日 9:00–17:00"
    venue = "实训楼"
    latitude = factory.SelfAttribute("provider.city.latitude")
    longitude = factory.SelfAttribute("provider.city.longitude")


class ProgrammeSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSkill

    programme = factory.SubFactory(ProgrammeFactory)
    skill = factory.SubFactory(factories.SkillFactory)
    level = 3


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    starts_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=30))
    seats = 30


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    worker = factory.SubFactory(factories.WorkerProfileFactory)


def programme_teaching(provider, skills, *, level=3, **kwargs) -> Programme:
    """A programme of `provider` teaching `skills` at `level`, with one cohort starting in two weeks."""
    programme = ProgrammeFactory(provider=provider, **kwargs)
    for skill in skills:
        ProgrammeSkillFactory(programme=programme, skill=skill, level=level)
    CohortFactory(programme=programme)
    return programme
