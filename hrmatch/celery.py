"""The Celery application and its beat schedule, defined in code so every deployment runs the same."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrmatch.settings")

app = Celery("hrmatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Feedback of the day first, so tonight's runs use the newest weights that beat the old ones.
    "refit-scoring-model-nightly": {
        "task": "matching.tasks.refit_scoring_model",
        "schedule": crontab(hour=1, minute=30),
    },
    # Every pilot city is re-matched at night, when agencies and factories are not at work.
    "match-every-pilot-city-nightly": {
        "task": "matching.tasks.run_all_cities_matching",
        "schedule": crontab(hour=2, minute=0),
    },
    # Yesterday's figures into the daily statistics rows the officials' dashboards read.
    "rollup-city-statistics-nightly": {
        "task": "dashboards.tasks.rollup_all_cities_statistics",
        "schedule": crontab(hour=0, minute=30),
    },
    # Audit rows past HRMATCH_AUDIT_RETENTION_DAYS: the only sanctioned delete of the audit trail.
    "prune-audit-trail-nightly": {
        "task": "audit.prune",
        "schedule": crontab(hour=3, minute=30),
    },
    # Read notifications past HRMATCH_NOTIFICATION_RETENTION_DAYS, unread ones past the longer limit.
    "prune-notifications-nightly": {
        "task": "notifications.prune",
        "schedule": crontab(hour=3, minute=45),
    },
}
