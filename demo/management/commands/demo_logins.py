"""manage.py demo_logins: print the demo login of each role."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from demo.market_data import DEMO_LOGINS


class Command(BaseCommand):
    help = "Print the demo logins that seed_demo created, one per role."

    def handle(self, *args, **options) -> None:
        existing = set(
            get_user_model()
            .objects.filter(username__in=[d.username for d in DEMO_LOGINS])
            .values_list("username", flat=True)
        )
        self.stdout.write("")
        self.stdout.write(
            "hrmatch demo on http://127.0.0.1:8000/  —  password for every login: "
            + settings.HRMATCH_DEMO_PASSWORD
        )
        for login in DEMO_LOGINS:
            mark = "" if login.username in existing else "  (missing: run manage.py seed_demo)"
            self.stdout.write(f"  {login.role:<9} {login.username:<10} {login.description}{mark}")
        self.stdout.write("")
