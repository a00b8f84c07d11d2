"""A small, hand-made pilot city for matching tests: welders and CNC operators near a few factories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from talent.models import Occupation, OccupationSkill, Skill
from tests import factories


@dataclass
class SmallCity:
    city: object
    welding: list
    machining: list
    vacancies: list
    workers: list


def build_small_city(city=None, *, workers: int = 24) -> SmallCity:
    """Two occupations with their skills, three open vacancies and `workers` workers around the city centre."""
    city = city or factories.PilotCityFactory(code="330200", name_zh="宁波市", name_en="Ningbo")
    welder = factories.OccupationFactory(code="6-18-02-04", name="焊工")
    lathe = factories.OccupationFactory(code="6-18-01-01", name="车工")
    for code, name, level in (
        ("6-00-00-00", "生产制造及有关人员", 1),
        ("6-18-00-00", "机械制造基础加工人员", 2),
    ):
        factories.OccupationFactory(code=code, name=name, level=level)
    weld_cat = factories.SkillCategoryFactory(code="welding", name_zh="焊接", name_en="Welding")
    cnc_cat = factories.SkillCategoryFactory(code="machining", name_zh="机加工", name_en="Machining")
    welding = [factories.SkillFactory(code=f"weld-{i}", category=weld_cat) for i in range(4)]
    machining = [factories.SkillFactory(code=f"cnc-{i}", category=cnc_cat) for i in range(4)]
    for skill in welding:
        OccupationSkill.objects.create(occupation=welder, skill=skill, importance="required", level=2)
    for skill in machining:
        OccupationSkill.objects.create(occupation=lathe, skill=skill, importance="required", level=2)
    enterprise = factories.EnterpriseFactory(city=city)
    vacancies = []
    for title, occupation, skills in (
        ("氩弧焊工", welder, welding),
        ("焊工学徒", welder, welding[:2]),
        ("数控车工", lathe, machining),
    ):
        vacancy = factories.VacancyFactory(
            enterprise=enterprise, title=title, occupation=occupation, headcount=2
        )
        for skill in skills[:3]:
            factories.VacancySkillFactory(vacancy=vacancy, skill=skill, importance="required", min_level=2)
        if len(skills) > 3:
            factories.VacancySkillFactory(
                vacancy=vacancy, skill=skills[3], importance="preferred", min_level=1
            )
        vacancies.append(vacancy)
    people = []
    for i in range(workers):
        trade = welding if i % 2 == 0 else machining
        worker = factories.WorkerProfileFactory(
            home_city=city,
            latitude=city.latitude + (i % 5) * 0.01,
            longitude=city.longitude + (i % 3) * 0.01,
            primary_occupation=welder if i % 2 == 0 else lathe,
            years_experience=i % 7,
            desired_pay=5500 + 100 * i,
            available_from=dt.date(2026, 1, 1),
        )
        for j, skill in enumerate(trade):
            if (i + j) % 4 != 3:
                factories.WorkerSkillFactory(worker=worker, skill=skill, level=1 + (i + j) % 5)
        people.append(worker)
    assert Skill.objects.count() == 8 and Occupation.objects.count() == 4
    return SmallCity(city=city, welding=welding, machining=machining, vacancies=vacancies, workers=people)
