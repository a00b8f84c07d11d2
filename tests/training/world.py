"""Training objects of both tenants of the API test world: a provider, programme, cohort and enrolment each."""

from __future__ import annotations

from tests.training.factories import CohortFactory, EnrolmentFactory, ProviderFactory, programme_teaching


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


def grow_training(objects: dict, n: int) -> None:
    """n more programmes with a cohort, and n more enrolments in city x's cohort."""
    from tests import factories

    for _ in range(n):
        programme = programme_teaching(objects["provider_x"], objects["small"].welding[:1])
        EnrolmentFactory(
            cohort=programme.cohorts.get(),
            worker=factories.WorkerProfileFactory(
                home_city=objects["city"], managing_agency=objects["agency_a"]
            ),
        )
