from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("HR service agencies")

    def ready(self) -> None:
        from agencies import receivers  # noqa: F401  (connects the receivers)
        from agencies.api import tenants
        from agencies.selectors import agency_membership_actor_fields
        from hrmatch.actors import register_membership_reader
        from hrmatch.api.tenants import register_tenant_resolver

        register_membership_reader(agency_membership_actor_fields)
        register_tenant_resolver("acting_agency", tenants.acting_agency)
        register_tenant_resolver("serving_agency", tenants.serving_agency)
