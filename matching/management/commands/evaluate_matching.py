"""manage.py evaluate_matching: the engine's offline metrics and ablation on a planted-truth city."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.engine import MatchParams
from matching.engine.evaluation import build_evaluation_city, evaluate, format_report
from matching.engine.evaluation.classification import build_classification_city, evaluate_classification
from matching.engine.evaluation.report import format_classification


class Command(BaseCommand):
    help = (
        "Build an evaluation city with planted true fits, near misses and decoys on the real taxonomy, "
        "run the engine, each one-feature ablation and the skills-only baseline, and print the metrics; "
        "then a city generated from the classification's own data (many vacancies per trade, graded by "
        "the classification's related trades) beside a naive same-occupation-first + TF-IDF ranker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--vacancies", type=int, default=200, help="evaluation vacancies (default 200)")
        parser.add_argument(
            "--background", type=int, default=20_000, help="background workers (default 20000)"
        )
        parser.add_argument("--true-fits", type=int, default=10, help="true fits per vacancy (default 10)")
        parser.add_argument("--seed", type=int, default=1, help="seed of the city (default 1)")
        parser.add_argument("--jobs", type=int, default=None, help="engine processes (default: one per CPU)")
        parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
        parser.add_argument(
            "--trades",
            type=int,
            default=120,
            help="trades with vacancies in the classification city (default 120)",
        )
        parser.add_argument(
            "--per-trade",
            type=int,
            default=3,
            help="vacancies per trade in the classification city (default 3)",
        )
        parser.add_argument(
            "--no-classification",
            action="store_true",
            help="only the planted city, not the classification city",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["vacancies"] < 1 or options["background"] < 0 or options["true_fits"] < 1:
            raise CommandError("--vacancies and --true-fits must be positive, --background non-negative")
        city = build_evaluation_city(
            settings.BASE_DIR / "talent" / "data",
            vacancies=options["vacancies"],
            background=options["background"],
            true_fits=options["true_fits"],
            seed=options["seed"],
        )
        progress = None if options["verbosity"] < 2 else (lambda line: self.stderr.write(line))
        params = MatchParams(n_jobs=options["jobs"])
        result = evaluate(city, params=params, progress=progress)
        self.stdout.write(format_report(result, markdown=options["markdown"]))
        if options["no_classification"]:
            return
        if options["trades"] < 1 or options["per_trade"] < 1:
            raise CommandError("--trades and --per-trade must be positive")
        data = settings.BASE_DIR / "talent" / "data"
        other = build_classification_city(
            data,
            data / "csco2022_definitions.csv",
            trades=options["trades"],
            vacancies_per_trade=options["per_trade"],
            seed=options["seed"],
        )
        figures = evaluate_classification(other, params=params)
        self.stdout.write("\n\n" + format_classification(other, figures, markdown=options["markdown"]))
