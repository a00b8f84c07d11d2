from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from agencies.activity import register_activity_source
        from matching import receivers  # noqa: F401  (connects the receivers)
        from matching.timeline import application_activity

        register_activity_source(application_activity)
