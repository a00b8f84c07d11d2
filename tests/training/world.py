"""Training objects of both tenants of the API test world: a provider, programme, cohort and enrolment each."""

from __future__ import annotations

import datetime as dt

from tests.training.factories import CohortFactory, EnrolmentFactory, ProviderFactory, programme_teaching
from training.models import CohortCommitment, Drive, DriveInvitation


def add_training(objects: dict) -> None:
    small = objects["small"]
    for tenant, city, worker in (
        ("x", objects["city"], objects["worker_a"]),
        ("y", objects["other_city"], objects["worker_b"]),
    ):
        provider = ProviderFactory(city=city)
        programme = programme_teaching(provider, small.welding[:2])
        cohort = programme.cohorts.get()
        objects[f"provider_{tenant}"] = provider
        objects[f"programme_{tenant}"] = programme
        objects[f"cohort_{tenant}"] = cohort
        objects[f"enrolment_{tenant}"] = EnrolmentFactory(cohort=cohort, worker=worker)
    objects["cohort_x2"] = CohortFactory(programme=objects["programme_x"])
    for tenant, city, agency, vacancies in (
        ("x", objects["city"], objects["agency_a"], [objects["open_x"], small.vacancies[2]]),
        ("y", objects["other_city"], objects["agency_b"], [objects["open_y"]]),
    ):
        drive = Drive.objects.create(
            title=f"联合招聘{tenant}", city=city, organiser_agency=agency, held_on=dt.date(2026, 12, 20)
        )
        drive.vacancies.set(vacancies)
        objects[f"drive_{tenant}"] = drive
    objects["commitment_x"] = CohortCommitment.objects.create(
        cohort=objects["cohort_x"], vacancy=objects["open_x"], places=3
    )
    objects["invitation_x"] = DriveInvitation.objects.create(
        drive=objects["drive_x"], vacancy=objects["open_x"], worker=objects["pool_a"], score=0.8, rank=0
    )


def grow_training(objects: dict, n: int) -> None:
    """n more programmes with a cohort, enrolments, drives and invitations in city x."""
    from tests import factories

    for i in range(n):
        drive = Drive.objects.create(
            title=f"扩展招聘{i}",
            city=objects["city"],
            organiser_agency=objects["agency_a"],
            held_on=dt.date(2026, 12, 1),
        )
        drive.vacancies.set([objects["open_x"]])
        CohortCommitment.objects.create(
            cohort=CohortFactory(programme=objects["programme_x"]), vacancy=objects["open_x"], places=2
        )
        DriveInvitation.objects.create(
            drive=objects["drive_x"],
            vacancy=objects["small"].vacancies[2],
            worker=factories.WorkerProfileFactory(
                home_city=objects["city"], managing_agency=objects["agency_a"]
            ),
            score=0.5,
            rank=i + 1,
        )
        programme = programme_teaching(objects["provider_x"], objects["small"].welding[:1])
        EnrolmentFactory(
            cohort=programme.cohorts.get(),
            worker=factories.WorkerProfileFactory(
                home_city=objects["city"], managing_agency=objects["agency_a"]
            ),
        )
