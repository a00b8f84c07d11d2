"""The audit trail's own tables (the row history of personal data is django-auditlog's LogEntry)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class AccessLog(models.Model):
    """One read of unmasked worker identity or one export: who, when, what, how many workers.

    Append-only: on PostgreSQL a trigger refuses UPDATE and DELETE except the retention prune
    (`prune_audit`). Workers are kept as ids (not foreign keys) so that the log outlives any change
    to the rows it speaks of.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        IMPORT = "import", _("Imported")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who (as they were then)"), max_length=150)
    actor_role = models.CharField(_("as"), max_length=20, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    what = models.CharField(_("what"), max_length=200)
    path = models.CharField(_("address"), max_length=300, blank=True)
    rows = models.PositiveIntegerField(_("workers"))
    city_id = models.BigIntegerField(_("city"), null=True, blank=True, db_index=True)
    client_address = models.CharField(_("from"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.what} ({self.rows})"


class AccessedWorker(models.Model):
    """A worker whose identity an access log entry showed or exported (for "who has seen my data")."""

    entry = models.ForeignKey(AccessLog, on_delete=models.CASCADE, related_name="workers")
    worker_id = models.BigIntegerField(_("worker"), db_index=True)
    at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        verbose_name = _("worker in an access log entry")
        verbose_name_plural = _("workers in access log entries")

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.worker_id}"
