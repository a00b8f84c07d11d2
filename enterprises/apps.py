from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self) -> None:
        from enterprises.api import tenants
        from enterprises.selectors import enterprise_membership_actor_fields
        from hrmatch.actors import register_membership_reader
        from hrmatch.api.tenants import register_tenant_resolver

        register_membership_reader(enterprise_membership_actor_fields)
        register_tenant_resolver("acting_enterprise", tenants.acting_enterprise)
        from hrmatch.access import register_organisation_namer

        register_organisation_namer(enterprise_names)


def enterprise_names(actor) -> list[str]:  # type: ignore[no-untyped-def]
    """The names of the actor's enterprises, for the access log (what a worker recognises)."""
    from enterprises.models import Enterprise

    if not actor.enterprise_ids:
        return []
    return list(Enterprise.objects.filter(pk__in=actor.enterprise_ids).values_list("name", flat=True))
