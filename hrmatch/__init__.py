"""hrmatch: job matching for the pilot cities that join HR services to manufacturing."""

from hrmatch.celery import app as celery_app

__all__ = ("celery_app",)
