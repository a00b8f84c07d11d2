"""Role permissions: whether the actor's roles may ever take an action (403 when not, 401 when anonymous).

Which objects an actor may touch is not decided here but by the selectors behind each viewset's
queryset: an object outside them answers 404. Admins (superusers) pass every role check.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from hrmatch.actors import Actor, actor_for


class _ActorPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        actor = actor_for(request.user)
        return actor.is_authenticated and (actor.is_admin or self.allows(actor))

    def allows(self, actor: Actor) -> bool:
        raise NotImplementedError


class IsAdmin(_ActorPermission):
    def allows(self, actor: Actor) -> bool:
        return False


class IsAgencyStaff(_ActorPermission):
    def allows(self, actor: Actor) -> bool:
        return bool(actor.agency_ids)


class IsFactoryHR(_ActorPermission):
    def allows(self, actor: Actor) -> bool:
        return bool(actor.enterprise_ids)


class IsWorker(_ActorPermission):
    def allows(self, actor: Actor) -> bool:
        return actor.worker_id is not None


class IsOfficial(_ActorPermission):
    def allows(self, actor: Actor) -> bool:
        return actor.is_official


class IsProviderStaff(_ActorPermission):
    """The staff of a training provider: they record their trainees' progress."""

    def allows(self, actor: Actor) -> bool:
        return bool(actor.provider_ids)


class IsOfficialOrProviderStaff(_ActorPermission):
    """Officials and the staff of training providers: the people who read training outcomes."""

    def allows(self, actor: Actor) -> bool:
        return actor.is_official or bool(actor.provider_ids)


class IsSignedIn(_ActorPermission):
    def allows(self, actor: Actor) -> bool:
        return True


class IsStaffOfTenant(_ActorPermission):
    """Agency staff or factory HR: the people who manage vacancies and move candidates."""

    def allows(self, actor: Actor) -> bool:
        return bool(actor.agency_ids or actor.enterprise_ids)


class HasOwnWorkerProfile(BasePermission):
    """The signed-in user has a worker profile of their own: `me` endpoints and applying (no admin bypass:
    an admin without a profile has no `me` to act on)."""

    def has_permission(self, request, view) -> bool:
        actor = actor_for(request.user)
        return actor.is_authenticated and actor.worker_id is not None
