from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("HR service agencies")

    def ready(self) -> None:
        from agencies import receivers  # noqa: F401  (connects the receivers)
