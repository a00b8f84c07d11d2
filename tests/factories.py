"""factory_boy factories for every model the tests build; valid by default, small and explicit."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from agencies.models import Agency, AgencyClient, AgencyMembership
from enterprises.credit_codes import check_character
from enterprises.models import Enterprise, EnterpriseMembership, Vacancy, VacancySkill
from pilots.models import District, OfficialScope, PilotCity
from talent.models import Occupation, Skill, SkillCategory, WorkerProfile, WorkerSkill
from talent.work_terms import FORM_BITS


def credit_code(n: int) -> str:
    """A valid unified social credit code numbered n (91 = enterprise registered with SAMR)."""
    first17 = f"91330200{n:09d}"
    return first17 + check_character(first17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class PilotCityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PilotCity
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{330200 + n * 100}")
    name_zh = factory.Sequence(lambda n: f"试点市{n}")
    name_en = factory.Sequence(lambda n: f"Pilot City {n}")
    province = "浙江省"
    region = "east"
    latitude = 29.87
    longitude = 121.55
    confirmed = True


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    city = factory.SubFactory(PilotCityFactory)
    code = factory.Sequence(lambda n: f"{900000 + n}")
    name_zh = factory.Sequence(lambda n: f"区{n}")
    name_en = factory.Sequence(lambda n: f"District {n}")
    latitude = factory.SelfAttribute("city.latitude")
    longitude = factory.SelfAttribute("city.longitude")


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation
        django_get_or_create = ("edition", "code")

    code = "6-18-02-04"
    edition = "2022"
    level = 4
    name = "焊工"


class SkillCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillCategory
        django_get_or_create = ("code",)

    code = "welding"
    name_zh = "焊接"
    name_en = "Welding"


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"skill-{n}")
    name_zh = factory.Sequence(lambda n: f"技能{n}")
    name_en = factory.Sequence(lambda n: f"Skill {n}")
    category = factory.SubFactory(SkillCategoryFactory)


class WorkerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkerProfile

    full_name = factory.Sequence(lambda n: f"工人{n}")
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    birth_year = 1992
    home_city = factory.SubFactory(PilotCityFactory)
    latitude = factory.SelfAttribute("home_city.latitude")
    longitude = factory.SelfAttribute("home_city.longitude")
    max_commute_km = 20
    desired_pay = 6000
    form_mask = FORM_BITS["direct"] | FORM_BITS["dispatch"]
    available_from = dt.date(2026, 1, 1)
    years_experience = 3


class WorkerSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkerSkill

    worker = factory.SubFactory(WorkerProfileFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"宁波精工机械有限公司{n}")
    credit_code = factory.Sequence(credit_code)
    industry = "C34"
    city = factory.SubFactory(PilotCityFactory)
    address = "宁波市北仑区长江路1号"
    latitude = factory.SelfAttribute("city.latitude")
    longitude = factory.SelfAttribute("city.longitude")
    contract_headcount = 900
    dispatched_headcount = 0


class EnterpriseMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseMembership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    enterprise = factory.SubFactory(EnterpriseFactory)
    title = "氩弧焊工"
    occupation = factory.SubFactory(OccupationFactory)
    headcount = 3
    pay_min = 6000
    pay_max = 8000
    employment_form = "direct"
    shift_pattern = "day"
    city = factory.SelfAttribute("enterprise.city")
    latitude = factory.SelfAttribute("enterprise.latitude")
    longitude = factory.SelfAttribute("enterprise.longitude")
    start_date = dt.date(2026, 12, 1)
    status = "open"


class VacancySkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VacancySkill

    vacancy = factory.SubFactory(VacancyFactory)
    skill = factory.SubFactory(SkillFactory)
    importance = "required"
    min_level = 2


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"甬才人力资源有限公司{n}")
    credit_code = factory.Sequence(lambda n: credit_code(500_000 + n))
    city = factory.SubFactory(PilotCityFactory)
    hr_licence_number = factory.Sequence(lambda n: f"330200{n:06d}")
    hr_licence_valid_until = dt.date(2028, 12, 31)
    dispatch_licence_number = factory.Sequence(lambda n: f"330200202{n:05d}")
    dispatch_licence_valid_until = dt.date(2028, 12, 31)


class AgencyMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyMembership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)


class AgencyClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyClient

    agency = factory.SubFactory(AgencyFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    since = dt.date(2025, 6, 1)


class OfficialScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialScope

    user = factory.SubFactory(UserFactory)
    level = "city"
    city = factory.SubFactory(PilotCityFactory)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matching.Application"

    worker = factory.SubFactory(WorkerProfileFactory)
    vacancy = factory.SubFactory(VacancyFactory)
    source = "applied"
    stage = "applied"


class ApplicationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matching.ApplicationEvent"

    application = factory.SubFactory(ApplicationFactory)
    from_stage = ""
    to_stage = factory.SelfAttribute("application.stage")
