"""Locust scenario of bench.web: anonymous job-board visitors and signed-in factory HR managers.

Read by `python -m bench.web` (`make bench-web`), which writes the targets into the environment:
BENCH_CITY (division code), BENCH_TOKENS (factory HR API tokens, comma-separated), BENCH_VACANCIES
(their vacancy ids, comma-separated, aligned with the tokens), BENCH_THINK ("1-2" seconds, or "0").
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, constant, task

CITY = os.environ.get("BENCH_CITY", "330200")
TOKENS = [token for token in os.environ.get("BENCH_TOKENS", "").split(",") if token]
VACANCIES = [int(v) for v in os.environ.get("BENCH_VACANCIES", "").split(",") if v]
OCCUPATION_GROUPS = ["6-18-00-00", "6-20-00-00", "6-24-00-00", "6-25-00-00", "6-28-00-00", "6-31-00-00"]
PAY_FLOORS = ["", "5000", "6000", "7000", "8000"]


def _think():
    low, _, high = os.environ.get("BENCH_THINK", "1-2").partition("-")
    return constant(0) if float(low) == 0 else between(float(low), float(high or low))


class JobBoardVisitor(HttpUser):
    """A worker browsing open jobs on a phone, without signing in: the page and the public API."""

    weight = 4
    wait_time = _think()

    @task(3)
    def board_page(self) -> None:
        page = random.choice(["", "", "&page=2", "&page=3"])
        self.client.get(f"/jobs/?city={CITY}{page}", name="/jobs/?city")

    @task(1)
    def board_page_filtered(self) -> None:
        group = random.choice(OCCUPATION_GROUPS)
        self.client.get(f"/jobs/?city={CITY}&occupation={group}", name="/jobs/?city&occupation")

    @task(3)
    def vacancies_api(self) -> None:
        group, floor = random.choice(OCCUPATION_GROUPS), random.choice(PAY_FLOORS)
        query = f"city={CITY}&occupation={group}" + (f"&pay_min={floor}" if floor else "")
        self.client.get(f"/api/v1/vacancies/?{query}", name="/api/v1/vacancies/?city&occupation&pay_min")


class FactoryHR(HttpUser):
    """A factory HR manager reading a vacancy's ranked shortlist through the API with a token."""

    weight = 1
    wait_time = _think()

    def on_start(self) -> None:
        slot = random.randrange(len(TOKENS))
        self.client.headers["Authorization"] = f"Token {TOKENS[slot]}"
        self.vacancy = VACANCIES[slot]

    @task
    def shortlist(self) -> None:
        self.client.get(
            f"/api/v1/vacancies/{self.vacancy}/shortlist/", name="/api/v1/vacancies/{id}/shortlist/"
        )
