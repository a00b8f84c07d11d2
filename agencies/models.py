"""HR service agencies: licences, staff, the factories each serves, and the placements that fill vacancies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from enterprises.credit_codes import validate_credit_code
from talent.work_terms import EmploymentForm


class Agency(models.Model):
    """An HR service agency licensed in a pilot city; a dispatch licence lets it place dispatched workers."""

    name = models.CharField(_("name"), max_length=120)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    city = models.ForeignKey("pilots.PilotCity", on_delete=models.PROTECT, related_name="agencies")
    hr_licence_number = models.CharField(_("HR service licence number"), max_length=40, unique=True)
    hr_licence_valid_until = models.DateField(_("HR service licence valid until"))
    dispatch_licence_number = models.CharField(_("labour dispatch licence number"), max_length=40, blank=True)
    dispatch_licence_valid_until = models.DateField(_("dispatch licence valid until"), null=True, blank=True)
    clients = models.ManyToManyField(
        "enterprises.Enterprise",
        through="AgencyClient",
        related_name="agencies",
        verbose_name=_("client enterprises"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dispatch_licence_number="", dispatch_licence_valid_until__isnull=True)
                | (~Q(dispatch_licence_number="") & Q(dispatch_licence_valid_until__isnull=False)),
                name="agency_dispatch_licence_has_validity",
            )
        ]

    def __str__(self) -> str:
        return self.name


class AgencyMembership(models.Model):
    """A staff member's role at an agency."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        RECRUITER = "recruiter", _("Recruiter")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.RECRUITER)

    class Meta:
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="agency_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency}"


class AgencyClient(models.Model):
    """An enterprise an agency serves."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="client_links")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="agency_links"
    )
    since = models.DateField(_("client since"))

    class Meta:
        verbose_name = _("client enterprise")
        verbose_name_plural = _("client enterprises")
        constraints = [models.UniqueConstraint(fields=["agency", "enterprise"], name="agency_client_unique")]

    def __str__(self) -> str:
        return f"{self.agency} → {self.enterprise}"


class Placement(models.Model):
    """A worker placed in a vacancy: it fills one of the vacancy's headcount."""

    worker = models.ForeignKey("talent.WorkerProfile", on_delete=models.PROTECT, related_name="placements")
    vacancy = models.ForeignKey("enterprises.Vacancy", on_delete=models.PROTECT, related_name="placements")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    employment_form = models.CharField(_("employment form"), max_length=16, choices=EmploymentForm.choices)
    started_on = models.DateField(_("start"))
    ended_on = models.DateField(_("end"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "vacancy"], name="placement_once_per_worker_and_vacancy"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="placement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.vacancy}"


class WorkerNote(models.Model):
    """A note agency staff keep on a worker of their pool: read only by that agency's staff."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="worker_notes")
    worker = models.ForeignKey("talent.WorkerProfile", on_delete=models.CASCADE, related_name="agency_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("note on a worker")
        verbose_name_plural = _("notes on workers")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["worker", "agency", "-created_at"], name="worker_note_timeline")]

    def __str__(self) -> str:
        return f"{self.agency_id} on {self.worker_id}: {self.body[:30]}"


class WorkerNoteChange(models.Model):
    """That a note on a worker was edited or deleted, by whom and when: a line of the worker's timeline.

    The words are not kept: an edit keeps only the new text on the note, and a deleted note is gone.
    """

    class Kind(models.TextChoices):
        EDITED = "edited", _("Note edited")
        DELETED = "deleted", _("Note deleted")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey("talent.WorkerProfile", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("change"), max_length=8, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("change of a note on a worker")
        verbose_name_plural = _("changes of notes on workers")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["worker", "agency", "-at"], name="worker_note_change_timeline")]

    def __str__(self) -> str:
        return f"{self.agency_id} on {self.worker_id}: {self.kind}"


class VacancyGrant(models.Model):
    """An enterprise lets a second agency, one that already serves it, help fill one of its vacancies that
    another agency posted: the granted agency works the vacancy's shortlist and refers its own pool, sees
    only the applications it made, and cannot edit, pause or close the vacancy."""

    vacancy = models.ForeignKey("enterprises.Vacancy", on_delete=models.CASCADE, related_name="agency_grants")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="vacancy_grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency granted a vacancy")
        verbose_name_plural = _("agencies granted vacancies")
        constraints = [models.UniqueConstraint(fields=["vacancy", "agency"], name="vacancy_grant_unique")]

    def __str__(self) -> str:
        return f"{self.agency} ← {self.vacancy_id}"
