"""Time the officials' dashboards and the daily roll-up on the benchmark city (PostgreSQL).

    DATABASE_URL=postgres://hrmatch:hrmatch@127.0.0.1:5432/hrmatch \\
        .venv/bin/python -m bench.dashboards --city 330200 --rollup

Each page is rendered in-process (view and templates, charts included; no middleware) for an admin whose
actor is cached, so nothing is written to the benchmark database except the statistics rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrmatch.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dashboards.services import statistics_rollup_city_day
    from hrmatch.actors import Actor
    from pilots.models import PilotCity

    parser = argparse.ArgumentParser()
    parser.add_argument("--city", default="330200")
    parser.add_argument("--rollup", action="store_true", help="roll up today first and time it")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    city = PilotCity.objects.get(code=args.city)
    if args.rollup:
        result = statistics_rollup_city_day(city=city, day=timezone.localdate())
        print(f"roll-up {city.code} {result.day}: {result.seconds:.2f} s {result.rows}")

    user = get_user_model()(username="bench", is_superuser=True, is_staff=True)
    user._hrmatch_actor = Actor(user=user, is_admin=True)  # no membership queries, nothing saved

    def get(url: str) -> tuple[float, int, int]:
        from django.test import RequestFactory

        from dashboards import views

        request = RequestFactory().get(url)
        request.user = user
        request.session = {}
        request.LANGUAGE_CODE = "zh-hans"
        view, kwargs = (views.city, {"code": city.code}) if "/city/" in url else (views.national, {})
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = view(request, **kwargs)
        return time.perf_counter() - began, len(response.content), len(queries)

    end = timezone.localdate()
    pages = {
        "city, 30 days": f"/dashboards/city/{city.code}/",
        "city, 365 days": f"/dashboards/city/{city.code}/?start={end - dt.timedelta(days=364)}&end={end}",
        "national, 30 days": "/dashboards/",
    }
    for name, url in pages.items():
        get(url)  # warm
        times = []
        for _ in range(args.repeat):
            seconds, size, queries = get(url)
            times.append(seconds)
        print(
            f"{name}: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms, "
            f"{queries} queries, {size / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()
