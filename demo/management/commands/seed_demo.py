"""manage.py seed_demo: a believable labour market in three confirmed pilot cities, safe to run again."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from demo.builder import DemoBuilder
from enterprises.models import Enterprise, Vacancy, VacancySkill
from hrmatch.db import analyze
from matching.models import Application
from talent.models import WorkerProfile, WorkerSkill


class Command(BaseCommand):
    help = (
        "Create demo agencies, enterprises, vacancies, workers and one login per role (idempotent per seed)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--workers", type=int, default=1500, help="workers to create (default 1500)")
        parser.add_argument("--vacancies", type=int, default=240, help="vacancies to create (default 240)")
        parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")

    def handle(self, *args, workers: int, vacancies: int, seed: int, **options) -> None:
        if workers < 1 or vacancies < 1:
            raise CommandError("--workers and --vacancies must be positive")
        try:
            counts = DemoBuilder(seed=seed, workers=workers, vacancies=vacancies, stdout=self.stdout).build()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        # The planner must see the new rows before the matching run reads them.
        analyze(Agency, Enterprise, Vacancy, VacancySkill, WorkerProfile, WorkerSkill, Application)
        self.stdout.write("demo: " + ", ".join(f"{count} {name}" for name, count in counts.items()))
