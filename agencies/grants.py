"""An enterprise granting a second agency access to one of its vacancies another agency posted.

A vacancy belongs to its enterprise and to the agency that posted it (docs/privacy.md, "Agencies that
serve the same factory"). The enterprise's HR may let a second agency that already serves it help fill
the vacancy: the granted agency sees it, works its shortlist and refers its own pool
(enterprises.selectors.vacancy_workable_list), sees only the applications it made, learns no other
candidate's identity on it (matching.masking), and cannot edit, pause or close it; the posting agency
keeps its rights. Grants and revocations are in the row history (audit.history) with the actor.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency, AgencyClient, VacancyGrant
from enterprises.models import Vacancy
from hrmatch.actors import Actor, person_of

# Refusing an agency that does not serve the enterprise (or does not exist: the same answer for both).
NOT_SERVING = gettext_lazy("Only an agency that already serves your enterprise can be granted a vacancy.")


def require_grantor(actor: Actor, vacancy: Vacancy) -> None:
    """Only the vacancy's enterprise (its HR) or an administrator grants and revokes."""
    if not (actor.is_admin or vacancy.enterprise_id in actor.enterprise_ids):
        raise PermissionDenied(_("Only the vacancy's enterprise grants agencies access to it."))


def grantable_agencies(*, vacancy: Vacancy) -> QuerySet[Agency]:
    """The agencies the enterprise may grant this vacancy: those serving it, other than the one that
    posted it (none for a vacancy the enterprise posted itself: every agency serving it manages that)."""
    if vacancy.agency_id is None:
        return Agency.objects.none()
    serving = AgencyClient.objects.filter(enterprise_id=vacancy.enterprise_id).values("agency_id")
    return Agency.objects.filter(pk__in=serving).exclude(pk=vacancy.agency_id).order_by("name", "pk")


def vacancy_grant_list(*, vacancy: Vacancy) -> QuerySet[VacancyGrant]:
    """The grants of a vacancy in name order, for those who manage it (the caller finds the vacancy among
    the actor's vacancy_manageable_list)."""
    return (
        VacancyGrant.objects.filter(vacancy=vacancy).select_related("agency").order_by("agency__name", "pk")
    )


@transaction.atomic
def vacancy_grant_create(*, actor: Actor, vacancy: Vacancy, agency: Agency) -> VacancyGrant:
    """Grant `agency` access to the vacancy (idempotent: an existing grant is returned as it is)."""
    require_grantor(actor, vacancy)
    if not grantable_agencies(vacancy=vacancy).filter(pk=agency.pk).exists():
        if vacancy.agency_id is None:
            message = _("Every agency serving your enterprise already manages a vacancy you posted yourself.")
        elif agency.pk == vacancy.agency_id:
            message = _("This agency posted the vacancy: it manages it already.")
        else:
            message = str(NOT_SERVING)
        raise ValidationError({"agency": [message]}, code="not_grantable")
    grant, _created = VacancyGrant.objects.get_or_create(
        vacancy=vacancy, agency=agency, defaults={"granted_by": person_of(actor)}
    )
    return grant


@transaction.atomic
def vacancy_grant_revoke(*, actor: Actor, grant: VacancyGrant) -> None:
    """End a grant: the agency no longer sees or works the vacancy (the applications it made stay its own)."""
    require_grantor(actor, grant.vacancy)
    grant.delete()
