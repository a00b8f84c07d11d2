"""Training providers, their programmes and cohorts, workers' enrolments, and joint recruitment drives.

The app sits between `agencies` and `matching`: it reads workers, vacancies and agencies, and writes a
completed programme's skills and certificate through talent's services (whose signal re-matches the
worker). What needs the engine (drive plans, what training would change) lives in `matching`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from talent.work_terms import CertificateLevel, SkillLevel


class Provider(models.Model):
    """A training provider: a vocational college, an enterprise training base, a skills-master studio or
    an agency's training centre, with its accreditation and the subsidy scheme it falls under."""

    class Kind(models.TextChoices):
        COLLEGE = "college", _("Vocational college")
        ENTERPRISE_BASE = "enterprise_base", _("Enterprise training base")
        MASTER_STUDIO = "master_studio", _("Skills-master studio")
        AGENCY_CENTRE = "agency_centre", _("Agency training centre")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    city = models.ForeignKey(
        "pilots.PilotCity",
        on_delete=models.PROTECT,
        related_name="training_providers",
        verbose_name=_("city"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_providers",
        verbose_name=_("enterprise"),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_providers",
        verbose_name=_("agency"),
    )
    accreditation = models.CharField(
        _("accreditation"), max_length=120, blank=True, help_text=_("Body and number of the accreditation.")
    )
    accredited_until = models.DateField(_("accredited until"), null=True, blank=True)
    subsidy_scheme = models.CharField(_("subsidy scheme"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("training provider")
        verbose_name_plural = _("training providers")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ProviderMembership(models.Model):
    """A provider's staff login: they manage its programmes and record their trainees' progress."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_provider_memberships"
    )
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = _("provider staff membership")
        verbose_name_plural = _("provider staff memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="provider_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.provider}"


class Programme(models.Model):
    """A course a provider runs: the skills it teaches (with the level reached), the certificate it
    awards, its hours, cost and subsidy per trainee, schedule, place and mode."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        BLENDED = "blended", _("Blended")

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("provider")
    )
    title = models.CharField(_("title"), max_length=120)
    occupation = models.ForeignKey(
        "talent.Occupation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate occupation"),
    )
    certificate_level = models.PositiveSmallIntegerField(
        _("certificate level"), choices=CertificateLevel.choices, null=True, blank=True
    )
    hours = models.PositiveSmallIntegerField(_("hours"), validators=[MinValueValidator(1)])
    cost = models.PositiveIntegerField(_("cost per trainee (CNY)"), default=0)
    subsidy_per_trainee = models.PositiveIntegerField(_("subsidy per trainee (CNY)"), default=0)
    schedule = models.CharField(_("schedule"), max_length=120, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("place"), max_length=160, blank=True)
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(3), MaxValueValidator(54)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(73), MaxValueValidator(136)]
    )
    is_active = models.BooleanField(_("open for enrolment"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(certificate_level__isnull=True) | Q(occupation__isnull=False),
                name="programme_certificate_names_its_occupation",
            ),
            models.CheckConstraint(
                condition=Q(subsidy_per_trainee__lte=F("cost")), name="programme_subsidy_within_cost"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def cost_after_subsidy(self) -> int:
        return max(self.cost - self.subsidy_per_trainee, 0)


class ProgrammeSkill(models.Model):
    """A skill a programme teaches and the level its graduates reach."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey("talent.Skill", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level reached"), choices=SkillLevel.choices)

    class Meta:
        verbose_name = _("programme skill")
        verbose_name_plural = _("programme skills")
        constraints = [
            models.UniqueConstraint(fields=["programme", "skill"], name="programme_skill_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="programme_skill_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} · {self.skill_id} L{self.level}"


class Cohort(models.Model):
    """One running of a programme: its dates and seats."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("programme")
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="cohort_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.starts_on:%Y-%m-%d}"


class Enrolment(models.Model):
    """A worker's place in a cohort: enrolled → attending → completed or dropped, with the provider's
    assessment. A passed completion is written to the worker's profile only with their consent."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        ATTENDING = "attending", _("Attending")
        COMPLETED = "completed", _("Completed")
        DROPPED = "dropped", _("Dropped")

    ACTIVE_STATUSES = (Status.ENROLLED, Status.ATTENDING)

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    worker = models.ForeignKey("talent.WorkerProfile", on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    consent_to_profile = models.BooleanField(
        _("worker agrees that the result is added to their profile"), default=False
    )
    assessment_passed = models.BooleanField(_("assessment passed"), null=True, blank=True)
    assessment_score = models.PositiveSmallIntegerField(
        _("assessment score"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    assessment_note = models.CharField(_("assessment note"), max_length=200, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    finished_at = models.DateTimeField(_("completed or dropped"), null=True, blank=True)
    written_to_profile_at = models.DateTimeField(_("added to profile"), null=True, blank=True)
    pay_before = models.PositiveIntegerField(_("desired pay at enrolment (CNY)"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "worker"], name="enrolment_once_per_cohort"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(assessment_passed__isnull=False),
                name="enrolment_completion_is_assessed",
            ),
        ]
        indexes = [models.Index(fields=["worker", "status"], name="enrolment_worker_status")]

    def __str__(self) -> str:
        return f"{self.worker_id} in {self.cohort_id} ({self.status})"


class Drive(models.Model):
    """A joint recruitment drive (联合招聘): a park, an alliance or an agency brings several factories'
    vacancies and agencies' workers together on one day; the engine plans the interview invitations."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        PLANNED = "planned", _("Invitations planned")
        HELD = "held", _("Held")

    title = models.CharField(_("title"), max_length=120)
    city = models.ForeignKey(
        "pilots.PilotCity", on_delete=models.PROTECT, related_name="drives", verbose_name=_("city")
    )
    park = models.ForeignKey(
        "pilots.Park",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drives",
        verbose_name=_("park"),
    )
    organiser_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_drives",
        verbose_name=_("organising agency"),
    )
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=160, blank=True)
    online = models.BooleanField(_("online"), default=False)
    max_interviews_per_worker = models.PositiveSmallIntegerField(
        _("interviews per worker at most"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    candidates_per_post = models.PositiveSmallIntegerField(
        _("candidates invited per post"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    vacancies = models.ManyToManyField(
        "enterprises.Vacancy", related_name="drives", blank=True, verbose_name=_("vacancies")
    )
    agencies = models.ManyToManyField(
        "agencies.Agency",
        related_name="drives",
        blank=True,
        verbose_name=_("agencies bringing workers"),
        help_text=_("Empty: every eligible worker of the city may be invited."),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    plan_summary = models.JSONField(
        _("plan compared with each factory taking its own top"), default=dict, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("joint recruitment drive")
        verbose_name_plural = _("joint recruitment drives")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class DriveInvitation(models.Model):
    """One planned interview at a drive: a worker invited to a vacancy, with the engine's score, and what
    happened on the day."""

    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="invitations")
    vacancy = models.ForeignKey("enterprises.Vacancy", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(
        "talent.WorkerProfile", on_delete=models.CASCADE, related_name="drive_invitations"
    )
    score = models.FloatField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank in the vacancy's invitations"))
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    hired = models.BooleanField(_("hired"), default=False)

    class Meta:
        verbose_name = _("drive invitation")
        verbose_name_plural = _("drive invitations")
        ordering = ["vacancy_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["drive", "vacancy", "worker"], name="drive_invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.drive_id}: {self.worker_id} → {self.vacancy_id}"


class CohortCommitment(models.Model):
    """Order-based training (订单式培养): an enterprise commits a vacancy's places to a cohort; the
    cohort's graduates get a reserved place on that vacancy's candidate list, and the enterprise follows
    the cohort's progress."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="commitments")
    vacancy = models.ForeignKey(
        "enterprises.Vacancy",
        on_delete=models.CASCADE,
        related_name="cohort_commitments",
        verbose_name=_("vacancy"),
    )
    places = models.PositiveSmallIntegerField(_("places committed"), validators=[MinValueValidator(1)])
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("committed"), auto_now_add=True)

    class Meta:
        verbose_name = _("order-based training commitment")
        verbose_name_plural = _("order-based training commitments")
        constraints = [models.UniqueConstraint(fields=["cohort", "vacancy"], name="cohort_commitment_unique")]

    def __str__(self) -> str:
        return f"{self.vacancy_id} → {self.cohort_id} ×{self.places}"
