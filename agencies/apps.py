from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("HR service agencies")

    def ready(self) -> None:
        from agencies import receivers  # noqa: F401  (connects the receivers)
        from agencies.activity import notes_and_placements, register_activity_source
        from agencies.api import tenants
        from agencies.selectors import agency_membership_actor_fields
        from hrmatch.actors import register_membership_reader
        from hrmatch.api.tenants import register_tenant_resolver

        register_membership_reader(agency_membership_actor_fields)
        register_activity_source(notes_and_placements)
        register_tenant_resolver("acting_agency", tenants.acting_agency)
        register_tenant_resolver("serving_agency", tenants.serving_agency)
        from hrmatch.access import register_organisation_namer

        register_organisation_namer(agency_names)


def agency_names(actor) -> list[str]:  # type: ignore[no-untyped-def]
    """The names of the actor's agencies, for the access log (what a worker recognises)."""
    from agencies.models import Agency

    if not actor.agency_ids:
        return []
    return list(Agency.objects.filter(pk__in=actor.agency_ids).values_list("name", flat=True))
