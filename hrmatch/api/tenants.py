"""Which of the actor's tenants a write acts for, when a user works for several agencies or enterprises.

The plumbing sits below the apps, so it cannot read agencies or enterprises itself: `agencies` and
`enterprises` register their resolvers here in AppConfig.ready(), and API views of any app call these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hrmatch.actors import Actor

_resolvers: dict[str, Callable[..., Any]] = {}


def register_tenant_resolver(name: str, resolver: Callable[..., Any]) -> None:
    """Install the app's resolver for `name` ("acting_agency", "serving_agency", "acting_enterprise")."""
    _resolvers[name] = resolver


def _resolver(name: str) -> Callable[..., Any]:
    try:
        return _resolvers[name]
    except KeyError:
        raise LookupError(f"no tenant resolver {name!r} is registered: is its app installed?") from None


def acting_agency(actor: Actor, agency_id: int | None, *, required: bool = True) -> Any:
    """The agency named in the input (one of the actor's), or the actor's only agency.

    Admins may name any agency or none (when not `required`).
    """
    return _resolver("acting_agency")(actor, agency_id, required=required)


def acting_enterprise(actor: Actor, enterprise_id: int | None) -> Any:
    """The enterprise named in the input (one the actor may manage), or the factory HR's only enterprise."""
    return _resolver("acting_enterprise")(actor, enterprise_id)


def serving_agency(actor: Actor, enterprise_id: int) -> Any:
    """The actor's agency that serves an enterprise (it manages what it posts there), or None."""
    return _resolver("serving_agency")(actor, enterprise_id)
