"""The sentence of each kind of notification, worded in the reader's language when it is read.

A notification keeps only the facts (`params`); times are kept as ISO 8601 and shown in the site's time
zone (Beijing time) in the reader's date format. A fact missing from an old row renders as empty rather
than failing the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Facts that hold a moment in time: stored as ISO 8601, shown in local time.
TIME_PARAMS = frozenset({"when", "previous"})

MESSAGES: dict[str, Promise] = {
    "invited": _("%(enterprise)s invites you to apply for %(vacancy)s."),
    "shortlisted": _("You are on the shortlist for %(vacancy)s at %(enterprise)s."),
    "interview_stage": _("%(enterprise)s wants to interview you for %(vacancy)s; the time follows."),
    "interview_scheduled": _(
        "Interview for %(vacancy)s at %(enterprise)s: %(when)s, %(place)s. Please confirm or ask for another time."
    ),
    "interview_changed": _(
        "Your interview for %(vacancy)s at %(enterprise)s moved to %(when)s, %(place)s. Please confirm."
    ),
    "interview_cancelled": _("Your interview for %(vacancy)s on %(when)s was cancelled: %(reason)s"),
    "offered": _("%(enterprise)s offers you the job %(vacancy)s."),
    "hired": _("You are hired as %(vacancy)s at %(enterprise)s."),
    "rejected": _("%(enterprise)s did not select you for %(vacancy)s. Reason: %(reason)s"),
    "new_applicant": _("A new candidate applied for %(vacancy)s."),
    "new_referral": _("%(agency)s referred a candidate for %(vacancy)s."),
    "withdrawn": _("A candidate withdrew from %(vacancy)s: %(reason)s"),
    "interview_confirmed": _("The candidate confirmed the interview for %(vacancy)s on %(when)s."),
    "interview_reschedule": _(
        "The candidate asks for another time than %(when)s for the interview for %(vacancy)s: %(note)s"
    ),
    "run_finished": _("The match run of %(city)s finished: %(vacancies)s vacancies scored."),
    "run_failed": _("The match run of %(city)s failed; the previous results stay in use."),
}


class _Facts(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _shown(key: str, value: Any) -> Any:
    if key in TIME_PARAMS and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return value


def render(kind: str, params: Mapping[str, Any]) -> str:
    """The sentence of `kind` with its facts, in the active language.

    A fact given in two languages (`city` and `city_en`) is shown in English to English readers.
    """
    template = MESSAGES.get(kind)
    if template is None:
        return str(kind)
    params = params or {}
    english = (get_language() or "").startswith("en")
    shown = _Facts()
    for key, value in params.items():
        if english and params.get(f"{key}_en"):
            value = params[f"{key}_en"]
        shown[key] = _shown(key, value)
    return str(template) % shown


def stored(value: Any) -> Any:
    """A fact as the JSON column keeps it: moments as ISO 8601, lazy strings as text."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    return value
