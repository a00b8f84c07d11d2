"""The audit trail's own tables (the row history of personal data is django-auditlog's LogEntry)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token


class TokenUse(models.Model):
    """When an API token was last used (written at most once a minute per token)."""

    token = models.OneToOneField(
        Token, on_delete=models.CASCADE, primary_key=True, related_name="use", verbose_name=_("token")
    )
    last_used_at = models.DateTimeField(_("last used"))
    last_address = models.CharField(_("last address"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("API token use")
        verbose_name_plural = _("API token uses")

    def __str__(self) -> str:
        return f"{self.token_id[:6]}… {self.last_used_at:%Y-%m-%d %H:%M}"
