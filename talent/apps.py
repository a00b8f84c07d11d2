from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Workers and skills")

    def ready(self) -> None:
        from hrmatch.actors import register_membership_reader
        from talent.selectors import worker_actor_fields

        register_membership_reader(worker_actor_fields)
