from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Pilot programme")

    def ready(self) -> None:
        from hrmatch.actors import register_membership_reader
        from pilots.selectors import official_scope_actor_fields

        register_membership_reader(official_scope_actor_fields)
