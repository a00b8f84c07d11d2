"""Weight and time of every role's daily pages on the demo data (`make demo` first).

    .venv/bin/python -m bench.pages [--repeat 3] [--limit-kb 150]

Each page is requested through the whole stack (middleware included) with Django's test client, signed
in as the demo login of its role, in Chinese; the median of `--repeat` requests is reported. Exits 1 when a
page answers an error or weighs more than `--limit-kb` of HTML.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def _pages() -> dict[str | None, list[str]]:
    from enterprises.models import Vacancy
    from enterprises.selectors import vacancy_public_list
    from talent.models import WorkerProfile

    job = vacancy_public_list().order_by("id").first()
    factory_vacancy = (
        Vacancy.objects.filter(enterprise__memberships__user__username="factory", status="open")
        .order_by("id")
        .first()
    )
    pooled = (
        WorkerProfile.objects.filter(managing_agency__memberships__user__username="agency")
        .order_by("id")
        .first()
    )
    city = job.city.code if job else "330200"
    return {
        None: [
            "/jobs/",
            f"/jobs/?city={city}",
            f"/jobs/{job.pk}/" if job else "/jobs/",
            "/signup/",
            "/cities/",
        ],
        "worker": ["/me/", "/me/applications/", "/me/profile/", "/me/privacy/"],
        "agency": [
            "/agency/",
            "/agency/workers/",
            f"/agency/workers/{pooled.pk}/" if pooled else "/agency/workers/",
            "/agency/workers/new/",
            "/agency/placements/",
            "/agency/placements/new/",
            "/agency/runs/",
            "/workspace/vacancies/",
            "/workspace/vacancies/new/",
        ],
        "factory": ["/factory/"]
        + (
            [
                f"/workspace/vacancies/{factory_vacancy.pk}/candidates/",
                f"/workspace/vacancies/{factory_vacancy.pk}/board/",
            ]
            if factory_vacancy
            else []
        ),
        "city": [f"/dashboards/city/{city}/"],
        "ministry": ["/dashboards/"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit-kb", type=float, default=150)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrmatch.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    rows = []
    for username, paths in _pages().items():
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        for path in paths:
            times, response = [], None
            for _ in range(args.repeat):
                start = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - start)
            rows.append(
                (statistics.median(times), len(response.content) / 1024, response.status_code, username, path)
            )
    failed = False
    print(f"{'ms':>7} {'KB':>7} {'status':>6}  role      page")
    for seconds, kb, status, username, path in sorted(rows, reverse=True):
        flag = " <-- over the limit" if kb > args.limit_kb or status >= 400 else ""
        failed |= bool(flag)
        print(f"{seconds * 1000:7.0f} {kb:7.1f} {status:>6}  {username or 'visitor':<9} {path}{flag}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
