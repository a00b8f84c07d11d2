"""Notifications: one message to one user, with what it is about, where to act, and whether it was read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.messages import render


class Notification(models.Model):
    """Something that happened that one user should know: its kind and facts, rendered when read.

    `params` holds the facts of the message (a vacancy title, a time, a reason) as plain values, never
    the sentence: the sentence is chosen by `kind` in the reader's language (notifications.messages).
    """

    class Kind(models.TextChoices):
        # To workers
        INVITED = "invited", _("Invited to apply")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEW_STAGE = "interview_stage", _("Invited to interview")
        INTERVIEW_SCHEDULED = "interview_scheduled", _("Interview scheduled")
        INTERVIEW_CHANGED = "interview_changed", _("Interview changed")
        INTERVIEW_CANCELLED = "interview_cancelled", _("Interview cancelled")
        OFFERED = "offered", _("Offer")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Not selected")
        # To staff (factory HR, agency staff)
        NEW_APPLICANT = "new_applicant", _("New applicant")
        NEW_REFERRAL = "new_referral", _("New referral")
        WITHDRAWN = "withdrawn", _("Candidate withdrew")
        INTERVIEW_CONFIRMED = "interview_confirmed", _("Interview confirmed")
        INTERVIEW_RESCHEDULE = "interview_reschedule", _("Another interview time asked for")
        RUN_FINISHED = "run_finished", _("Match run finished")
        RUN_FAILED = "run_failed", _("Match run failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    params = models.JSONField(_("facts of the message"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_new"),
            # The header's unread count on every page: a small partial index of unread rows.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            # The nightly prune looks for old rows of every user: without it, a scan of the whole table.
            models.Index(fields=["created_at"], name="notification_created"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def message(self) -> str:
        """The sentence in the active language."""
        return render(self.kind, self.params)
