"""Demo training and joint recruitment for the three demo cities: providers (a college, an enterprise
training base, a skills-master studio), programmes teaching the skills the city's vacancies ask for, a
running cohort with trainees, an upcoming one, a past cohort with graduates, and a past drive planned
by the engine with its attendance and hires.

Drawn from its own generator and skipped for a city that already has its demo providers, so a second
run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from enterprises.models import Vacancy, VacancySkill
from matching.services.drives import drive_plan
from pilots.models import Park, PilotCity
from talent.models import Importance, WorkerProfile
from training.models import (
    Cohort,
    Drive,
    DriveInvitation,
    Enrolment,
    Programme,
    ProgrammeSkill,
    Provider,
    ProviderMembership,
)

PROVIDERS = (
    (Provider.Kind.COLLEGE, "{city}技师学院", "省人社厅认定 高技能人才培训基地", "职业技能提升行动"),
    (
        Provider.Kind.ENTERPRISE_BASE,
        "{city}智能制造企业培训基地",
        "省级企业培训基地（2025）",
        "省级培训基地补助",
    ),
    (Provider.Kind.MASTER_STUDIO, "{city}焊接技能大师工作室", "省级技能大师工作室", "技能大师工作室项目经费"),
)


def training_build(*, cities: list[PilotCity], seed: int, say: Callable[[str], None]) -> None:
    """Add each demo city's training and past drive unless it has them (see the module's docstring)."""
    rng = random.Random(seed * 7919 + 14)
    today = timezone.localdate()
    for city in cities:
        if Provider.objects.filter(city=city, accreditation__startswith="省").exists():
            continue
        demand = _skills_in_demand(city)
        if not demand:
            continue
        providers = [
            Provider.objects.create(
                name=name.format(city=city.name_zh.rstrip("市")),
                kind=kind,
                city=city,
                accreditation=acc,
                subsidy_scheme=scheme,
            )
            for kind, name, acc, scheme in PROVIDERS
        ]
        programmes = _programmes(city, providers, demand, rng)
        _cohorts(city, programmes, rng, today)
        _drive(city, rng, today)
        say(f"training: {city.name_zh} {len(programmes)} programmes, a running cohort and a past drive")
    staff = _login("provider")
    first = Provider.objects.filter(city=cities[0]).order_by("pk").first() if cities else None
    if first is not None:
        ProviderMembership.objects.get_or_create(user=staff, provider=first)


def _login(username: str):
    user, created = get_user_model().objects.get_or_create(username=username, defaults={"first_name": "周"})
    if created:
        user.set_password(settings.HRMATCH_DEMO_PASSWORD)
        user.save()
    return user


def _skills_in_demand(city: PilotCity) -> list[tuple[int, int, int]]:
    """(skill id, level most asked, occupation id) for the required skills open vacancies ask most often."""
    asked = Counter(
        VacancySkill.objects.filter(
            vacancy__city=city, vacancy__status=Vacancy.Status.OPEN, importance=Importance.REQUIRED
        ).values_list("skill_id", "min_level", "vacancy__occupation_id")
    )
    return [key for key, _n in asked.most_common(24)]


def _programmes(city, providers, demand, rng) -> list[Programme]:
    by_occupation: dict[int, list[tuple[int, int]]] = {}
    for skill, level, occupation in demand:
        by_occupation.setdefault(occupation, []).append((skill, level))
    programmes = []
    for i, (occupation, skills) in enumerate(list(by_occupation.items())[:6]):
        provider = providers[i % len(providers)]
        cost = rng.choice([1200, 1800, 2400, 3600])
        programme = Programme.objects.create(
            provider=provider,
            title=f"{provider.name[-6:]}·订单班{i + 1}",
            occupation_id=occupation,
            certificate_level=rng.choice([3, 4]),
            hours=rng.choice([40, 64, 80, 120]),
            cost=cost,
            subsidy_per_trainee=rng.choice([cost, cost // 2, cost * 3 // 4]),
            schedule=rng.choice(["周六、周日 9:00–17:00", "工作日晚上 19:00–21:00", "脱产四周"]),
            mode=rng.choice([Programme.Mode.IN_PERSON, Programme.Mode.IN_PERSON, Programme.Mode.BLENDED]),
            venue="实训楼",
            latitude=city.latitude + rng.uniform(-0.05, 0.05),
            longitude=city.longitude + rng.uniform(-0.05, 0.05),
        )
        seen = set()
        for skill, level in skills[:4]:
            if skill not in seen:
                seen.add(skill)
                ProgrammeSkill.objects.create(programme=programme, skill_id=skill, level=min(5, level + 1))
        programmes.append(programme)
    return programmes


def _cohorts(city, programmes, rng, today) -> None:
    workers = list(
        WorkerProfile.objects.filter(home_city=city, status=WorkerProfile.Status.SEEKING).order_by("id")[:60]
    )
    rng.shuffle(workers)
    for i, programme in enumerate(programmes):
        Cohort.objects.create(
            programme=programme,
            starts_on=today + dt.timedelta(days=10 + 7 * i),
            ends_on=today + dt.timedelta(days=40 + 7 * i),
            seats=30,
        )
        if i == 0:  # a running cohort with its trainees, and a past one with graduates
            running = Cohort.objects.create(
                programme=programme,
                starts_on=today - dt.timedelta(days=10),
                ends_on=today + dt.timedelta(days=20),
                seats=25,
            )
            past = Cohort.objects.create(
                programme=programme,
                starts_on=today - dt.timedelta(days=80),
                ends_on=today - dt.timedelta(days=50),
                seats=25,
            )
            for worker in workers[:12]:
                Enrolment.objects.create(
                    cohort=running, worker=worker, status=Enrolment.Status.ATTENDING, consent_to_profile=True
                )
            for j, worker in enumerate(workers[12:24]):
                passed = j % 6 != 5
                Enrolment.objects.create(
                    cohort=past,
                    worker=worker,
                    status=Enrolment.Status.COMPLETED if j % 8 != 7 else Enrolment.Status.DROPPED,
                    assessment_passed=passed if j % 8 != 7 else None,
                    assessment_score=rng.randint(62, 96) if passed else rng.randint(40, 59),
                    finished_at=timezone.now() - dt.timedelta(days=50),
                    pay_before=worker.desired_pay,
                )


def _drive(city, rng, today) -> None:
    vacancies = list(Vacancy.objects.filter(city=city, status=Vacancy.Status.OPEN).order_by("id")[:12])
    if not vacancies:
        return
    park = Park.objects.filter(city=city, kind=Park.Kind.INDUSTRIAL).order_by("id").first()
    drive = Drive.objects.create(
        title=f"{(park.name_zh if park else city.name_zh)}秋季联合招聘会",
        city=city,
        park=park,
        held_on=today - dt.timedelta(days=21),
        venue="人力资源服务产业园一楼大厅",
        max_interviews_per_worker=2,
        candidates_per_post=3,
    )
    drive.vacancies.set(vacancies)
    drive = drive_plan(drive=drive)
    for invitation in DriveInvitation.objects.filter(drive=drive):
        attended = rng.random() < 0.7
        invitation.attended = attended
        invitation.hired = attended and rng.random() < 0.2
        invitation.save(update_fields=["attended", "hired"])
    Drive.objects.filter(pk=drive.pk).update(status=Drive.Status.HELD)
