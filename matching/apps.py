from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from agencies.activity import register_activity_source
        from hrmatch.candidacy import register_candidacy_rules
        from matching import (
            masking,
            receivers,  # noqa: F401  (connects the receivers)
        )
        from matching.timeline import application_activity

        register_activity_source(application_activity)
        register_candidacy_rules(identity=masking.with_identity, accepted=masking.application_accepted)
