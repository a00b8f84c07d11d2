from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training and joint recruitment")

    def ready(self) -> None:
        from hrmatch.actors import register_membership_reader
        from training.selectors import provider_membership_actor_fields

        register_membership_reader(provider_membership_actor_fields)
