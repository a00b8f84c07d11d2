"""Matching's lines on a worker's activity timeline (agencies.activity): applications and stage moves."""

from __future__ import annotations

from django.utils.translation import gettext as _

from agencies.activity import Activity, person_name
from hrmatch.actors import Actor
from matching.models import Application, ApplicationEvent
from matching.selectors import application_list
from talent.models import WorkerProfile

Stage = Application.Stage
Source = Application.Source


def _opening(event: ApplicationEvent) -> str:
    """How an application began, by its source."""
    app = event.application
    names = {"vacancy": app.vacancy.title, "enterprise": app.vacancy.enterprise.name}
    if app.source == Source.REFERRED:
        return _("Referred to %(vacancy)s at %(enterprise)s") % names
    if app.source == Source.SUGGESTED:
        return _("Suggested by matching for %(vacancy)s at %(enterprise)s") % names
    return _("Applied to %(vacancy)s at %(enterprise)s") % names


def application_activity(actor: Actor, worker: WorkerProfile, limit: int) -> list[Activity]:
    """The worker's applications the actor takes part in, each start and stage move one line."""
    events = (
        ApplicationEvent.objects.filter(application__in=application_list(actor=actor).filter(worker=worker))
        .select_related("application__vacancy__enterprise", "actor")
        .order_by("-created_at", "-id")[:limit]
    )
    lines = []
    for event in events:
        vacancy = event.application.vacancy
        if not event.from_stage:
            kind, text = "application", _opening(event)
        else:
            kind = "stage"
            text = _("%(vacancy)s at %(enterprise)s: %(from)s → %(to)s") % {
                "vacancy": vacancy.title,
                "enterprise": vacancy.enterprise.name,
                "from": Stage(event.from_stage).label,
                "to": Stage(event.to_stage).label,
            }
        lines.append(
            Activity(
                at=event.created_at, kind=kind, text=text, detail=event.reason, by=person_name(event.actor)
            )
        )
    return lines
