"""The demo labour market: agencies, factories, vacancies and workers that look like a pilot city's.

Everything is drawn from one seeded random generator and keyed by natural keys (credit codes, external
references, usernames), so running it again with the same seed creates nothing new.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from faker import Faker

from agencies.models import Agency, AgencyClient, AgencyMembership
from demo.bulk_copy import Writer
from demo.history import history_build
from demo.interviews import interview_build
from demo.market_data import (
    AGENCY_NAMES,
    CERT_ISSUERS,
    DEMO_CITY_CODES,
    DEMO_OCCUPATIONS,
    ENTERPRISE_SUFFIX,
    PERKS,
    credit_code,
)
from demo.training import training_build
from enterprises.models import Enterprise, EnterpriseMembership, Vacancy, VacancySkill, VacancyStatusChange
from pilots.models import District, OfficialScope, Park, PilotCity
from talent.identity import hash_id_number, mask_id_number
from talent.models import (
    Certificate,
    ConsentRecord,
    Occupation,
    OccupationSkill,
    WorkerProfile,
    WorkerSkill,
    WorkHistory,
)
from talent.work_terms import FORM_BITS, SHIFT_BITS, EmploymentForm, ShiftPattern


class DemoBuilder:
    """Builds the demo market for a seed; each step creates only what is missing."""

    def __init__(self, *, seed: int, workers: int, vacancies: int, stdout: Writer | None = None) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(seed)
        self.n_workers = workers
        self.n_vacancies = vacancies
        self.stdout = stdout
        self.today = timezone.localdate()

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    @transaction.atomic
    def build(self) -> dict[str, int]:
        self.cities = list(PilotCity.objects.filter(code__in=DEMO_CITY_CODES).order_by("code"))
        if not self.cities:
            raise RuntimeError("Load the pilot cities first: manage.py load_reference")
        self.cities.sort(key=lambda c: DEMO_CITY_CODES.index(c.code))
        self.districts = defaultdict(list)
        for district in District.objects.filter(city__in=self.cities):
            self.districts[district.city_id].append(district)
        self.parks = defaultdict(list)
        for park in Park.objects.filter(city__in=self.cities, kind=Park.Kind.INDUSTRIAL):
            self.parks[park.city_id].append(park)
        self.occupations = {o.code: o for o in Occupation.objects.filter(code__in=list(DEMO_OCCUPATIONS))}
        self.links = defaultdict(list)
        for link in OccupationSkill.objects.filter(occupation__in=self.occupations.values()):
            self.links[link.occupation_id].append(link)
        usable = [code for code, occ in self.occupations.items() if self.links[occ.id]]
        if not usable:
            raise RuntimeError("Load the skill vocabulary first: manage.py load_reference")
        self.usable_occupations = usable
        agencies = self._agencies()
        enterprises = self._enterprises(agencies)
        self._vacancies(enterprises)
        self._workers(agencies)
        self._logins(agencies, enterprises)
        history_build(seed=self.seed, say=self.say)
        training_build(cities=self.cities, seed=self.seed, say=self.say)
        interview_build(say=self.say)
        return {
            "agencies": Agency.objects.count(),
            "enterprises": Enterprise.objects.count(),
            "vacancies": Vacancy.objects.count(),
            "workers": WorkerProfile.objects.count(),
        }

    # -- places -------------------------------------------------------------------------------------
    def _spot(self, city: PilotCity, spread_km: float = 4.0) -> tuple[District | None, float, float]:
        districts = self.districts[city.id]
        district = self.rng.choice(districts) if districts else None
        lat0, lon0 = (district.latitude, district.longitude) if district else (city.latitude, city.longitude)
        lat = lat0 + self.rng.gauss(0, spread_km / 111)
        lon = lon0 + self.rng.gauss(0, spread_km / 96)
        return district, round(lat, 5), round(lon, 5)

    # -- agencies and enterprises -------------------------------------------------------------------
    def _agencies(self) -> list[Agency]:
        agencies = []
        for ci, city in enumerate(self.cities):
            for i in range(3):
                code = credit_code(city.code, 7_000 + ci * 10 + i)
                name = f"{city.name_zh.rstrip('市')}{self.faker.last_name()}{self.rng.choice(['才', '盛', '联', '邦'])}{AGENCY_NAMES[i % 4]}"
                agency, _ = Agency.objects.get_or_create(
                    credit_code=code,
                    defaults={
                        "name": name,
                        "city": city,
                        "hr_licence_number": f"{city.code}{2025_0000 + ci * 10 + i}",
                        "hr_licence_valid_until": dt.date(2029, 12, 31),
                        "dispatch_licence_number": f"{city.code}2024{ci * 10 + i:04d}" if i < 2 else "",
                        "dispatch_licence_valid_until": dt.date(2028, 6, 30) if i < 2 else None,
                    },
                )
                agencies.append(agency)
        return agencies

    def _enterprises(self, agencies: list[Agency]) -> list[Enterprise]:
        enterprises = []
        for ci, city in enumerate(self.cities):
            city_agencies = [a for a in agencies if a.city_id == city.id]
            for i in range(12):
                code = credit_code(city.code, 100_000 + ci * 100 + i)
                existing = Enterprise.objects.filter(credit_code=code).first()
                if existing:
                    enterprises.append(existing)
                    continue
                occupation_code = self.usable_occupations[(ci * 12 + i) % len(self.usable_occupations)]
                industry = self.rng.choice(DEMO_OCCUPATIONS[occupation_code][1])
                district, lat, lon = self._spot(city, 2.0)
                parks = self.parks[city.id]
                park = self.rng.choice(parks) if parks and self.rng.random() < 0.6 else None
                if park:
                    # A factory in a park sits where the park is: its district follows, so the
                    # distances shown to workers agree with the district named beside them.
                    lat, lon = park.latitude, park.longitude
                    district = park.district or district
                contract = self.rng.choice([180, 450, 900, 1500, 3200])
                # Most keep within the 10% dispatch cap; a few are over it, for the compliance list.
                cap = contract // 9
                dispatched = int(cap * self.rng.uniform(0.3, 0.95)) if i % 6 else int(cap * 1.3)
                enterprise = Enterprise.objects.create(
                    name=f"{city.name_zh.rstrip('市')}{self.faker.last_name()}{self.rng.choice(['鑫', '泰', '宏', '达', '恒', '精'])}{ENTERPRISE_SUFFIX.get(industry, '制造有限公司')}",
                    credit_code=code,
                    industry=industry,
                    city=city,
                    district=district,
                    park=park,
                    address=f"{city.name_zh}{district.name_zh if district else ''}{self.faker.street_name()}{self.rng.randint(1, 999)}号",
                    latitude=lat,
                    longitude=lon,
                    contract_headcount=contract,
                    dispatched_headcount=dispatched,
                )
                enterprises.append(enterprise)
                for agency in self.rng.sample(city_agencies, k=min(2, len(city_agencies))):
                    AgencyClient.objects.get_or_create(
                        agency=agency, enterprise=enterprise, defaults={"since": dt.date(2025, 3, 1)}
                    )
        return enterprises

    # -- vacancies ----------------------------------------------------------------------------------
    def _vacancies(self, enterprises: list[Enterprise]) -> None:
        existing = set(
            Vacancy.objects.filter(external_ref__startswith=f"demo:{self.seed}:").values_list(
                "external_ref", flat=True
            )
        )
        by_industry = defaultdict(list)
        for code in self.usable_occupations:
            for industry in DEMO_OCCUPATIONS[code][1]:
                by_industry[industry].append(code)
        agencies_of = defaultdict(list)
        for link in AgencyClient.objects.filter(enterprise__in=enterprises):
            agencies_of[link.enterprise_id].append(link.agency_id)
        now = timezone.now()
        for i in range(self.n_vacancies):
            ref = f"demo:{self.seed}:v{i}"
            enterprise = enterprises[i % len(enterprises)]
            choices = by_industry.get(enterprise.industry) or self.usable_occupations
            occupation = self.occupations[self.rng.choice(choices)]
            base_pay = DEMO_OCCUPATIONS[occupation.code][0]
            form = self.rng.choices(
                [
                    EmploymentForm.DIRECT,
                    EmploymentForm.DISPATCH,
                    EmploymentForm.OUTSOURCED,
                    EmploymentForm.SEASONAL,
                    EmploymentForm.APPRENTICESHIP,
                ],
                weights=[55, 31, 6, 5, 3],
            )[0]
            status = self.rng.choices(["open", "draft", "paused", "closed"], weights=[82, 6, 6, 6])[0]
            links = self.links[occupation.id]
            skilled = occupation.code.startswith("2-") or base_pay >= 8000
            published = now - dt.timedelta(days=self.rng.randint(0, 60), hours=self.rng.randint(0, 23))
            if ref in existing:
                continue
            vacancy = self._vacancy_create(
                ref=ref,
                enterprise=enterprise,
                agency_ids=agencies_of[enterprise.id],
                occupation=occupation,
                base_pay=base_pay,
                form=form,
                status=status,
                skilled=skilled,
                published=published,
            )
            self._vacancy_children(vacancy, links, skilled=skilled, status=status)

    def _vacancy_create(
        self,
        *,
        ref: str,
        enterprise: Enterprise,
        agency_ids: list[int],
        occupation: Occupation,
        base_pay: int,
        form: str,
        status: str,
        skilled: bool,
        published: dt.datetime,
    ) -> Vacancy:
        pay_min = int(round(base_pay * self.rng.uniform(0.8, 1.0), -2))
        vacancy = Vacancy.objects.create(
            enterprise=enterprise,
            agency_id=self.rng.choice(agency_ids) if agency_ids and self.rng.random() < 0.7 else None,
            external_ref=ref,
            title=f"{occupation.name}（{'、'.join(self.rng.sample(PERKS, 2))}）",
            occupation=occupation,
            description=self.faker.paragraph(nb_sentences=3),
            headcount=self.rng.choice([1, 2, 3, 5, 8, 10, 20]) if not skilled else self.rng.choice([1, 1, 2]),
            pay_min=pay_min,
            pay_max=int(round(pay_min * self.rng.uniform(1.15, 1.6), -2)),
            employment_form=form,
            dispatch_nature=self.rng.choice(["temporary", "auxiliary", "substitute"])
            if form == "dispatch"
            else "",
            shift_pattern=self.rng.choices(list(ShiftPattern.values), weights=[45, 30, 15, 5, 5])[0],
            dormitory=self.rng.random() < 0.6,
            min_certificate_level=self.rng.choice([None, None, 2, 3, 4])
            if not skilled
            else self.rng.choice([4, 5]),
            min_years_experience=self.rng.choice([0, 0, 1, 2, 3]) if not skilled else self.rng.choice([3, 5]),
            city=enterprise.city,
            district=enterprise.district,
            latitude=enterprise.latitude,
            longitude=enterprise.longitude,
            start_date=self.today + dt.timedelta(days=self.rng.randint(3, 45)),
            closing_date=self.today + dt.timedelta(days=self.rng.randint(30, 90)),
            status=status,
            published_at=published if status != "draft" else None,
            paused_at=published + dt.timedelta(days=1) if status == "paused" else None,
            closed_at=published + dt.timedelta(days=2) if status == "closed" else None,
        )
        return vacancy

    def _vacancy_children(
        self, vacancy: Vacancy, links: list[OccupationSkill], *, skilled: bool, status: str
    ) -> None:
        """The vacancy's required skills and its status history."""
        VacancySkill.objects.bulk_create(
            [
                VacancySkill(
                    vacancy=vacancy,
                    skill_id=link.skill_id,
                    importance=link.importance,
                    min_level=max(1, min(5, link.level + (1 if skilled else 0))),
                )
                for link in links
            ]
        )
        VacancyStatusChange.objects.create(vacancy=vacancy, from_status="", to_status="draft")
        if status != "draft":
            VacancyStatusChange.objects.create(vacancy=vacancy, from_status="draft", to_status="open")
        if status in ("paused", "closed"):
            VacancyStatusChange.objects.create(vacancy=vacancy, from_status="open", to_status=status)

    # -- workers ------------------------------------------------------------------------------------
    def _workers(self, agencies: list[Agency]) -> None:
        prefix = f"demo:{self.seed}:w"
        existing = set(
            WorkerProfile.objects.filter(external_ref__startswith=prefix).values_list(
                "external_ref", flat=True
            )
        )
        agencies_by_city = defaultdict(list)
        for agency in agencies:
            agencies_by_city[agency.city_id].append(agency)
        new_workers: list[WorkerProfile] = []
        plans: dict[str, tuple[Occupation, int, bool]] = {}
        for i in range(self.n_workers):
            ref = f"{prefix}{i}"
            city = self.cities[i % len(self.cities)] if i % 5 else self.cities[0]
            occupation = self.occupations[self.rng.choice(self.usable_occupations)]
            years = self.rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20])
            birth_year = self.today.year - 18 - years - self.rng.randint(0, 12)
            gender = self.rng.choice(["male", "male", "female", "undisclosed"])
            district, lat, lon = self._spot(city, 5.0)
            forms = {EmploymentForm.DIRECT.value}
            if self.rng.random() < 0.45:
                forms.add(EmploymentForm.DISPATCH.value)
            if self.rng.random() < 0.15:
                forms.add(EmploymentForm.SEASONAL.value)
            shifts = (
                set(self.rng.sample(list(SHIFT_BITS), k=self.rng.randint(1, 3)))
                if self.rng.random() < 0.7
                else set()
            )
            id_number = self.faker.ssn(min_age=18, max_age=60)  # type: ignore[call-arg]  # zh_CN takes ages
            base_pay = DEMO_OCCUPATIONS[occupation.code][0]
            if ref in existing:
                continue
            worker = self._worker_profile(
                ref=ref,
                city=city,
                spot=(district, lat, lon),
                occupation=occupation,
                years=years,
                birth_year=birth_year,
                gender=gender,
                masks=(sum(SHIFT_BITS[s] for s in shifts), sum(FORM_BITS[f] for f in forms)),
                id_number=id_number,
                base_pay=base_pay,
                agencies=agencies_by_city[city.id],
            )
            new_workers.append(worker)
            plans[ref] = (occupation, years, self.rng.random() < 0.45)
        WorkerProfile.objects.bulk_create(new_workers, batch_size=500)
        created = WorkerProfile.objects.filter(external_ref__in=list(plans))
        self._worker_details(created, plans)

    def _worker_profile(
        self,
        *,
        ref: str,
        city: PilotCity,
        spot: tuple[District | None, float, float],
        occupation: Occupation,
        years: int,
        birth_year: int,
        gender: str,
        masks: tuple[int, int],
        id_number: str,
        base_pay: int,
        agencies: list[Agency],
    ) -> WorkerProfile:
        """An unsaved worker from the draws of the caller, with the rest drawn here."""
        district, lat, lon = spot
        shift_mask, form_mask = masks
        return WorkerProfile(
            external_ref=ref,
            full_name=self.faker.name(),
            mobile=self.faker.phone_number(),
            id_number_hash=hash_id_number(id_number),
            id_number_masked=mask_id_number(id_number),
            gender=gender,
            birth_year=birth_year,
            ethnicity="汉族"
            if self.rng.random() < 0.9
            else self.rng.choice(["壮族", "回族", "苗族", "土家族"]),
            birthplace=self.faker.province(),
            household_registration=self.faker.province(),
            home_city=city,
            home_district=district,
            latitude=lat,
            longitude=lon,
            max_commute_km=self.rng.choice([5, 10, 15, 20, 30]),
            willing_to_relocate=self.rng.random() < 0.4,
            desired_pay=int(round(base_pay * self.rng.uniform(0.85, 1.25), -2)),
            shift_mask=shift_mask,
            form_mask=form_mask,
            preferred_form=EmploymentForm.DIRECT,
            available_from=self.today + dt.timedelta(days=self.rng.randint(-30, 30)),
            years_experience=years,
            primary_occupation=occupation,
            status=self.rng.choices(["seeking", "open", "employed", "inactive"], weights=[60, 25, 10, 5])[0],
            consent_to_matching=self.rng.random() < 0.95,
            managing_agency=self.rng.choice(agencies) if self.rng.random() < 0.7 else None,
        )

    def _worker_details(
        self, created: QuerySet[WorkerProfile], plans: dict[str, tuple[Occupation, int, bool]]
    ) -> None:
        """Skills, certificates, work history and consent of the new workers; their highest certificate."""
        skills, certificates, history, consents = [], [], [], []
        now = timezone.now()
        for worker in created.only("id", "external_ref", "consent_to_matching", "home_city_id"):
            occupation, years, certified = plans[worker.external_ref]
            for link in self.links[occupation.id]:
                if link.importance == "preferred" and self.rng.random() < 0.5:
                    continue
                if self.rng.random() < 0.15:  # nobody knows every skill of their trade
                    continue
                level = max(1, min(5, link.level + self.rng.choice([-1, 0, 0, 1]) + (1 if years >= 8 else 0)))
                skills.append(WorkerSkill(worker_id=worker.id, skill_id=link.skill_id, level=level))
            if certified:
                level = min(6, 2 + years // 4 + self.rng.choice([0, 0, 1]))
                certificates.append(
                    Certificate(
                        worker_id=worker.id,
                        occupation=occupation,
                        level=level,
                        issuer=self.rng.choice(CERT_ISSUERS),
                        number=f"S{worker.id:010d}{level}",
                        issued_on=self.today - dt.timedelta(days=self.rng.randint(200, 3000)),
                    )
                )
            start = self.today - dt.timedelta(days=365 * max(years, 1))
            for _ in range(min(years // 3 + 1, 3)):
                until = start + dt.timedelta(days=self.rng.randint(180, 900))
                end = until if until < self.today else None
                history.append(
                    WorkHistory(
                        worker_id=worker.id,
                        employer_name=f"{self.faker.city_name()}{self.faker.last_name()}{self.rng.choice(list(ENTERPRISE_SUFFIX.values()))}",
                        occupation=occupation,
                        job_title=occupation.name,
                        started_on=start,
                        ended_on=end,
                    )
                )
                if end is None:
                    break
                start = end + dt.timedelta(days=self.rng.randint(10, 90))
            if worker.consent_to_matching:
                consents.append(ConsentRecord(worker_id=worker.id, purpose="matching", granted_at=now))
        WorkerSkill.objects.bulk_create(skills, batch_size=2000, ignore_conflicts=True)
        Certificate.objects.bulk_create(certificates, batch_size=1000)
        WorkHistory.objects.bulk_create(history, batch_size=1000)
        ConsentRecord.objects.bulk_create(consents, batch_size=1000)
        levels: dict[int, int] = defaultdict(int)
        for worker_id, level in Certificate.objects.filter(worker__in=created).values_list(
            "worker_id", "level"
        ):
            levels[worker_id] = max(levels[worker_id], level)
        WorkerProfile.objects.bulk_update(
            [WorkerProfile(id=worker_id, highest_certificate=level) for worker_id, level in levels.items()],
            ["highest_certificate"],
            batch_size=1000,
        )

    # -- demo logins --------------------------------------------------------------------------------
    def _user(self, username: str, **extra: Any) -> User:
        user, created = User.objects.get_or_create(username=username, defaults=extra)
        if created:
            user.set_password(settings.HRMATCH_DEMO_PASSWORD)
            user.save()
        return user

    def _logins(self, agencies: list[Agency], enterprises: list[Enterprise]) -> None:
        home = self.cities[0]
        self._user("admin", is_staff=True, is_superuser=True, first_name="管理员")
        agency_user = self._user("agency", first_name="王", last_name="")
        AgencyMembership.objects.get_or_create(
            user=agency_user, agency=agencies[0], defaults={"role": AgencyMembership.Role.MANAGER}
        )
        factory_user = self._user("factory", first_name="李")
        served = (
            AgencyClient.objects.filter(agency=agencies[0]).values_list("enterprise_id", flat=True).first()
        )
        EnterpriseMembership.objects.get_or_create(
            user=factory_user, enterprise_id=served or enterprises[0].id, defaults={"role": "hr_manager"}
        )
        worker_user = self._user("worker", first_name="张")
        if not WorkerProfile.objects.filter(user=worker_user).exists():
            profile = (
                WorkerProfile.objects.filter(
                    home_city=home, user__isnull=True, consent_to_matching=True, status="seeking"
                )
                .order_by("id")
                .first()
            )
            if profile:
                profile.user = worker_user
                profile.save(update_fields=["user"])
        city_user = self._user("city", first_name="陈")
        OfficialScope.objects.get_or_create(user=city_user, defaults={"level": "city", "city": home})
        ministry_user = self._user("ministry", first_name="赵")
        OfficialScope.objects.get_or_create(user=ministry_user, defaults={"level": "national", "city": None})
