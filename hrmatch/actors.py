"""Who is asking: the roles and tenants of a user, read once per request and passed to every selector.

A user may hold several roles at once (an agency recruiter who is also a registered worker); each
selector asks only for the memberships it scopes by. Permissions are data: a membership row, a worker
profile linked to the login, or an official scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser


class Role:
    ADMIN = "admin"
    AGENCY = "agency"
    FACTORY = "factory"
    PROVIDER = "provider"
    WORKER = "worker"
    CITY_OFFICIAL = "city"
    NATIONAL_OFFICIAL = "ministry"


@dataclass(frozen=True)
class Actor:
    """A user's tenants: agencies, enterprises and training providers they work for, their worker profile,
    their official scope."""

    user: object
    agency_ids: frozenset[int] = field(default_factory=frozenset)
    enterprise_ids: frozenset[int] = field(default_factory=frozenset)
    provider_ids: frozenset[int] = field(default_factory=frozenset)
    worker_id: int | None = None
    official_city_id: int | None = None
    is_national_official: bool = False
    is_admin: bool = False

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @property
    def is_official(self) -> bool:
        return self.is_national_official or self.official_city_id is not None

    @property
    def roles(self) -> list[str]:
        """The roles this user holds, in the order their workspaces are offered."""
        roles = []
        if self.is_admin:
            roles.append(Role.ADMIN)
        if self.agency_ids:
            roles.append(Role.AGENCY)
        if self.enterprise_ids:
            roles.append(Role.FACTORY)
        if self.provider_ids:
            roles.append(Role.PROVIDER)
        if self.worker_id is not None:
            roles.append(Role.WORKER)
        if self.official_city_id is not None:
            roles.append(Role.CITY_OFFICIAL)
        if self.is_national_official:
            roles.append(Role.NATIONAL_OFFICIAL)
        return roles

    def official_city_ids(self) -> set[int] | None:
        """Cities whose statistics this user may read: None means all of them, an empty set none."""
        if self.is_national_official or self.is_admin:
            return None
        return {self.official_city_id} if self.official_city_id is not None else set()


ANONYMOUS = Actor(user=AnonymousUser())


def person_of(actor: Actor | None) -> Any:
    """The signed-in user an actor is, for the records that say who did something (None: the system).

    Services and selectors take the Actor; a User passed instead is a mistake this names at once.
    """
    if actor is None:
        return None
    if not isinstance(actor, Actor):
        raise TypeError(
            f"services take an hrmatch.actors.Actor (actor_for(user)), not {type(actor).__name__}"
        )
    return actor.user if actor.is_authenticated else None


MembershipReader = Callable[[Any], dict[str, Any]]
_membership_readers: list[MembershipReader] = []


def register_membership_reader(reader: MembershipReader) -> None:
    """Let an app fill the Actor fields its memberships decide (called from its AppConfig.ready()).

    The plumbing sits below every app, so it cannot import their models: each app hands it a reader,
    ``reader(user) -> {field: value}``, one small query each.
    """
    if reader not in _membership_readers:
        _membership_readers.append(reader)


def actor_for(user: Any) -> Actor:
    """Read a user's memberships (five small queries, once; cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_hrmatch_actor", None)
    if isinstance(cached, Actor):
        return cached
    fields: dict[str, Any] = {}
    for reader in _membership_readers:
        fields.update(reader(user))
    actor = Actor(user=user, is_admin=bool(user.is_superuser), **fields)
    user._hrmatch_actor = actor
    return actor
