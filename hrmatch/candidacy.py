"""Candidacy rules the apps below matching must apply but cannot import: who may see a candidate's
identity, and whether a worker accepted a candidacy for a vacancy.

matching owns both rules (matching/masking.py) and registers them here in AppConfig.ready(); agencies'
placements read them through these two functions, so there is one rule and not a copy per app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from hrmatch.actors import Actor

M = TypeVar("M", bound=Model)
IdentityRule = Callable[..., QuerySet[Any]]
AcceptanceCheck = Callable[[int, int], bool]

_rules: dict[str, Any] = {}


def register_candidacy_rules(*, identity: IdentityRule, accepted: AcceptanceCheck) -> None:
    """The app of applications hands in its masking rule and its accepted-application check."""
    _rules["identity"] = identity
    _rules["accepted"] = accepted


def _rule(name: str) -> Any:
    try:
        return _rules[name]
    except KeyError:
        raise LookupError(f"no candidacy rule {name!r} is registered: is matching installed?") from None


def with_identity(
    queryset: QuerySet[M], *, actor: Actor, worker: str = "worker", vacancy: str = "vacancy"
) -> QuerySet[M]:
    """The queryset annotated with `identity_visible`: whether the actor may see each row's worker."""
    return _rule("identity")(queryset, actor=actor, worker=worker, vacancy=vacancy)  # type: ignore[no-any-return]


def application_accepted(*, worker_id: int, vacancy_id: int) -> bool:
    """Whether the worker stands by a candidacy for the vacancy they made or accepted themselves."""
    return bool(_rule("accepted")(worker_id, vacancy_id))
