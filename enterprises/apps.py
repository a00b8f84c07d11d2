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
