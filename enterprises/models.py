"""Factories: enterprises, their HR staff, their vacancies and the skills each vacancy needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from enterprises.credit_codes import validate_credit_code
from enterprises.industries import Industry
from talent.models import Importance
from talent.work_terms import CertificateLevel, EmploymentForm, ShiftPattern, SkillLevel

# Labour dispatch rules (劳务派遣暂行规定, 2014): dispatched workers are at most 10% of the total workforce.
DISPATCH_CAP_PERCENT = 10


class Enterprise(models.Model):
    """A manufacturing employer, identified by its unified social credit code."""

    name = models.CharField(_("name"), max_length=120)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    industry = models.CharField(_("industry"), max_length=4, choices=Industry.choices)
    city = models.ForeignKey(
        "pilots.PilotCity", on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("city")
    )
    district = models.ForeignKey(
        "pilots.District", on_delete=models.SET_NULL, null=True, blank=True, related_name="enterprises"
    )
    park = models.ForeignKey(
        "pilots.Park", on_delete=models.SET_NULL, null=True, blank=True, related_name="enterprises"
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(3), MaxValueValidator(54)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(73), MaxValueValidator(136)])
    contract_headcount = models.PositiveIntegerField(_("contract employees"), default=0)
    dispatched_headcount = models.PositiveIntegerField(_("dispatched workers"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def dispatch_share(self) -> float:
        """Dispatched workers as a share of the total workforce (0 when nobody works there)."""
        total = self.contract_headcount + self.dispatched_headcount
        return self.dispatched_headcount / total if total else 0.0

    @property
    def dispatch_capacity(self) -> int:
        """How many dispatched workers the 10% rule allows: dispatched ≤ contract ÷ 9."""
        return self.contract_headcount * DISPATCH_CAP_PERCENT // (100 - DISPATCH_CAP_PERCENT)


class EnterpriseMembership(models.Model):
    """A factory HR user's membership of an enterprise."""

    class Role(models.TextChoices):
        HR_MANAGER = "hr_manager", _("HR manager")
        RECRUITER = "recruiter", _("Recruiter")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enterprise_memberships"
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.HR_MANAGER)

    class Meta:
        verbose_name = _("enterprise membership")
        verbose_name_plural = _("enterprise memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="enterprise_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise}"


class Vacancy(models.Model):
    """An opening at an enterprise, posted by its HR or by an agency that serves it."""

    # The terms HR sets and edits: the one list the pages' form, the API, the importer and the services read.
    TERM_FIELDS = (
        "title",
        "occupation",
        "description",
        "headcount",
        "pay_min",
        "pay_max",
        "employment_form",
        "dispatch_nature",
        "shift_pattern",
        "dormitory",
        "min_certificate_level",
        "min_years_experience",
        "start_date",
        "closing_date",
    )
    # Everything an edit may change: the terms, the place (the enterprise's by default) and the reference.
    EDITABLE_FIELDS = (*TERM_FIELDS, "district", "latitude", "longitude", "external_ref")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        PAUSED = "paused", _("Paused")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")

    class DispatchNature(models.TextChoices):
        TEMPORARY = "temporary", _("Temporary (up to 6 months)")
        AUXILIARY = "auxiliary", _("Auxiliary")
        SUBSTITUTE = "substitute", _("Substitute")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="vacancies")
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vacancies",
        verbose_name=_("managing agency"),
    )
    external_ref = models.CharField(
        _("external reference"),
        max_length=60,
        blank=True,
        help_text=_("The poster's own ID for this vacancy."),
    )
    title = models.CharField(_("title"), max_length=80)
    occupation = models.ForeignKey(
        "talent.Occupation", on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("occupation")
    )
    description = models.TextField(_("description"), blank=True)
    headcount = models.PositiveSmallIntegerField(
        _("headcount"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    pay_min = models.PositiveIntegerField(
        _("minimum monthly pay (CNY)"), validators=[MinValueValidator(1000)]
    )
    pay_max = models.PositiveIntegerField(
        _("maximum monthly pay (CNY)"), validators=[MaxValueValidator(200_000)]
    )
    employment_form = models.CharField(_("employment form"), max_length=16, choices=EmploymentForm.choices)
    dispatch_nature = models.CharField(
        _("dispatch position"), max_length=12, choices=DispatchNature.choices, blank=True
    )
    shift_pattern = models.CharField(_("shift pattern"), max_length=12, choices=ShiftPattern.choices)
    dormitory = models.BooleanField(_("dormitory provided"), default=False)
    min_certificate_level = models.PositiveSmallIntegerField(
        _("minimum certificate level"), choices=CertificateLevel.choices, null=True, blank=True
    )
    min_years_experience = models.PositiveSmallIntegerField(
        _("minimum years of experience"), default=0, validators=[MaxValueValidator(40)]
    )
    city = models.ForeignKey("pilots.PilotCity", on_delete=models.PROTECT, related_name="vacancies")
    district = models.ForeignKey(
        "pilots.District", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(3), MaxValueValidator(54)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(73), MaxValueValidator(136)])
    start_date = models.DateField(_("start date"))
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    filled_count = models.PositiveSmallIntegerField(_("filled"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True, editable=False)
    filled_at = models.DateTimeField(_("filled"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["city", "status"], name="vacancy_city_status"),
            # The job board's newest-first page: read in order, stopping after a page, not sorting 100,000.
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                condition=Q(status="open"),
                name="vacancy_open_newest",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_min__lte=F("pay_max")), name="vacancy_pay_min_not_above_max"
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="vacancy_headcount_positive"),
            # A reference is the poster's own: unique within the posting agency, or within the
            # enterprise for vacancies it posted itself; other tenants may use the same reference.
            models.UniqueConstraint(
                fields=["agency", "external_ref"],
                condition=~Q(external_ref="") & Q(agency__isnull=False),
                name="vacancy_external_ref_unique_per_agency",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "external_ref"],
                condition=~Q(external_ref="") & Q(agency__isnull=True),
                name="vacancy_external_ref_unique_per_enterprise",
            ),
            models.CheckConstraint(
                condition=Q(filled_count__lte=F("headcount")), name="vacancy_not_filled_beyond_headcount"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        employment_form="dispatch",
                        dispatch_nature__in=["temporary", "auxiliary", "substitute"],
                    )
                    | (~Q(employment_form="dispatch") & Q(dispatch_nature=""))
                ),
                name="vacancy_dispatch_nature_iff_dispatch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.enterprise}"

    def clean(self) -> None:
        """Field-level messages for the rules the constraints also hold."""
        from django.core.exceptions import ValidationError

        errors: dict[str, Any] = {}
        if self.pay_min is not None and self.pay_max is not None and self.pay_min > self.pay_max:
            errors["pay_max"] = _("The maximum pay must not be below the minimum pay.")
        if self.employment_form == EmploymentForm.DISPATCH and not self.dispatch_nature:
            errors["dispatch_nature"] = _(
                "A dispatch vacancy must be a temporary, auxiliary or substitute position."
            )
        if self.employment_form != EmploymentForm.DISPATCH and self.dispatch_nature:
            errors["dispatch_nature"] = _("Only dispatch vacancies have a dispatch position nature.")
        if self.closing_date and self.start_date and self.closing_date < self.start_date:
            errors["closing_date"] = _("The closing date must not be before the start date.")
        if errors:
            raise ValidationError(errors)

    @property
    def open_headcount(self) -> int:
        return max(self.headcount - self.filled_count, 0)


class VacancySkill(models.Model):
    """A skill a vacancy needs: required or preferred, at a minimum level."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="skill_requirements")
    skill = models.ForeignKey("talent.Skill", on_delete=models.PROTECT, related_name="+")
    importance = models.CharField(
        _("importance"), max_length=10, choices=Importance.choices, default=Importance.REQUIRED
    )
    min_level = models.PositiveSmallIntegerField(_("minimum level"), choices=SkillLevel.choices, default=2)

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "skill"], name="vacancy_skill_unique"),
            models.CheckConstraint(
                condition=Q(min_level__gte=1, min_level__lte=5), name="vacancy_skill_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ≥ L{self.min_level}"


class VacancyStatusChange(models.Model):
    """One change of a vacancy's status, who made it and when (append-only)."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=8, choices=Vacancy.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=8, choices=Vacancy.Status.choices)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("vacancy status change")
        verbose_name_plural = _("vacancy status changes")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.vacancy_id}: {self.from_status or '∅'} → {self.to_status}"
