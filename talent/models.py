"""Workers and what they can do: the occupation and skill taxonomies, profiles, skills, certificates."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrmatch.names import english_active, local_name
from talent.identity import validate_birth_year, validate_mobile
from talent.work_terms import FORM_BITS, CertificateLevel, EmploymentForm, SkillLevel

CURRENT_EDITION = "2022"


class Occupation(models.Model):
    """A node of the national occupational classification: a group (levels 1–3) or an occupation (4)."""

    class Level(models.IntegerChoices):
        MAJOR = 1, _("Major group")
        MIDDLE = 2, _("Middle group")
        MINOR = 3, _("Minor group")
        OCCUPATION = 4, _("Occupation")

    code = models.CharField(_("code"), max_length=16)
    edition = models.CharField(_("edition"), max_length=8, default=CURRENT_EDITION)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    is_digital = models.BooleanField(_("digital occupation (S)"), default=False)
    is_green = models.BooleanField(_("green occupation (L)"), default=False)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="occupation_code_unique_per_edition"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="occupation_level_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {local_name(self.name, self.name_en)}"

    @property
    def display_name(self) -> str:
        """The name in the page's language; on English pages without an English name, the Chinese name
        with the code, so a reader can still look the occupation up."""
        if english_active() and not self.name_en:
            return f"{self.name} ({self.code})"
        return local_name(self.name, self.name_en)

    @property
    def group_prefix(self) -> str:
        """The code prefix every descendant shares: '6-18-' for 6-18-00-00, the full code for a leaf."""
        if self.level == self.Level.OCCUPATION:
            return self.code
        return "-".join(self.code.split("-")[: self.level]) + "-"


class OccupationSynonym(models.Model):
    """A word agencies write in job posts for an occupation (电焊工 → 焊工), used to code free-text titles."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="synonyms")
    term = models.CharField(_("term"), max_length=60)

    class Meta:
        verbose_name = _("occupation synonym")
        verbose_name_plural = _("occupation synonyms")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "term"], name="occupation_synonym_unique")
        ]

    def __str__(self) -> str:
        return self.term


class TitleConfirmation(models.Model):
    """How often agencies saved a vacancy with this occupation for this job title, in a city.

    The title is kept noise-stripped (`talent.coding.suggest.title_key`), so "电子厂普工 包吃住" and
    "电子厂普工 长白班" count together; the title coder lifts confirmed codes, per city first.
    """

    title_key = models.CharField(_("title (noise stripped)"), max_length=80)
    city = models.ForeignKey(
        "pilots.PilotCity", on_delete=models.CASCADE, related_name="+", verbose_name=_("city")
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="+", verbose_name=_("occupation")
    )
    count = models.PositiveIntegerField(_("confirmations"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("title confirmation")
        verbose_name_plural = _("title confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["title_key", "city", "occupation"], name="title_confirmation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title_key} → {self.occupation_id} ×{self.count}"


class RelatedOccupation(models.Model):
    """Two occupations a city (or, without a city, every city) counts as related trades for matching.

    Imported with the taxonomy (``import_taxonomy --related``); the engine reads it as one source of its
    occupation relatedness table, beside the classification tree and the occupations' skill profiles.
    """

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    city = models.ForeignKey(
        "pilots.PilotCity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city (empty: every city)"),
    )
    strength = models.FloatField(
        _("strength"),
        default=0.7,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 to 1: how close the trades are (the occupation itself counts 1)"),
    )

    class Meta:
        verbose_name = _("related occupation")
        verbose_name_plural = _("related occupations")
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "related", "city"], name="related_occupation_unique_in_city"
            ),
            models.UniqueConstraint(
                fields=["occupation", "related"],
                condition=Q(city__isnull=True),
                name="related_occupation_unique_national",
            ),
            models.CheckConstraint(
                condition=Q(strength__gte=0.0, strength__lte=1.0), name="related_occupation_strength_0_to_1"
            ),
            models.CheckConstraint(
                condition=~Q(occupation=F("related")), name="related_occupation_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation.code} ~ {self.related.code}"


class SkillCategory(models.Model):
    """A family of skills (welding, machining, electrical…), for browsing and taxonomy smoothing."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80)

    class Meta:
        verbose_name = _("skill category")
        verbose_name_plural = _("skill categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return local_name(self.name_zh, self.name_en)


class Skill(models.Model):
    """One skill of the manufacturing vocabulary, linked to the occupations that need it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=120)
    category = models.ForeignKey(
        SkillCategory, on_delete=models.PROTECT, related_name="skills", verbose_name=_("category")
    )
    occupations = models.ManyToManyField(
        Occupation, through="OccupationSkill", related_name="skills", verbose_name=_("occupations")
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["code"]

    def __str__(self) -> str:
        return local_name(self.name_zh, self.name_en)


class Importance(models.TextChoices):
    REQUIRED = "required", _("Required")
    PREFERRED = "preferred", _("Preferred")


class OccupationSkill(models.Model):
    """A skill an occupation needs, and the level it is usually needed at."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_links")
    importance = models.CharField(_("importance"), max_length=10, choices=Importance.choices)
    level = models.PositiveSmallIntegerField(_("typical level"), choices=SkillLevel.choices, default=2)

    class Meta:
        verbose_name = _("occupation skill")
        verbose_name_plural = _("occupation skills")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="occupation_skill_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation.code} · {self.skill.code}"


class WorkerProfile(models.Model):
    """A job seeker: where they live, what they want, and who manages their registration.

    Gender, birth year, ethnicity, birthplace and household registration are kept for the worker's own
    records and statistics only; the matching engine never receives them.
    """

    # What a profile says about the person and the work they want: the one list the services, the API and
    # the importer write (the ID number is written apart, as hash and mask).
    PROFILE_FIELDS = (
        "full_name",
        "mobile",
        "gender",
        "birth_year",
        "home_city",
        "home_district",
        "latitude",
        "longitude",
        "max_commute_km",
        "willing_to_relocate",
        "desired_pay",
        "shift_mask",
        "form_mask",
        "preferred_form",
        "available_from",
        "years_experience",
        "primary_occupation",
    )
    # Also written by the services: records, status, consent flag, who manages it and its login.
    ADMINISTRATIVE_FIELDS = (
        "external_ref",
        "ethnicity",
        "birthplace",
        "household_registration",
        "status",
        "consent_to_matching",
        "managing_agency",
        "user",
    )

    class Status(models.TextChoices):
        SEEKING = "seeking", _("Looking for work")
        OPEN = "open", _("Employed, open to offers")
        EMPLOYED = "employed", _("Employed")
        INACTIVE = "inactive", _("Inactive")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker_profile",
        verbose_name=_("login"),
    )
    external_ref = models.CharField(
        _("external reference"),
        max_length=60,
        blank=True,
        help_text=_("The agency's own ID for this worker."),
    )
    full_name = models.CharField(_("full name"), max_length=60)
    mobile = models.CharField(_("mobile"), max_length=11, validators=[validate_mobile], db_index=True)
    id_number_hash = models.CharField(
        _("ID number hash"), max_length=64, blank=True, db_index=True, editable=False
    )
    id_number_masked = models.CharField(_("ID number"), max_length=18, blank=True, editable=False)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, default=Gender.UNDISCLOSED)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        validators=[validate_birth_year],
        null=True,  # only an erased profile has none
    )
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    birthplace = models.CharField(_("birthplace"), max_length=60, blank=True)
    household_registration = models.CharField(_("household registration (hukou)"), max_length=60, blank=True)
    home_city = models.ForeignKey(
        "pilots.PilotCity", on_delete=models.PROTECT, related_name="workers", verbose_name=_("home city")
    )
    home_district = models.ForeignKey(
        "pilots.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name=_("home district"),
    )
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(3), MaxValueValidator(54)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(73), MaxValueValidator(136)])
    max_commute_km = models.PositiveSmallIntegerField(
        _("maximum commute (km)"), default=15, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    willing_to_relocate = models.BooleanField(_("willing to relocate (with dormitory)"), default=False)
    desired_pay = models.PositiveIntegerField(
        _("desired monthly pay (CNY)"), null=True, blank=True, validators=[MaxValueValidator(200_000)]
    )
    shift_mask = models.PositiveSmallIntegerField(
        _("accepted shifts"),
        default=0,
        help_text=_("Empty means any shift."),
        validators=[MaxValueValidator(31)],
    )
    form_mask = models.PositiveSmallIntegerField(
        _("accepted employment forms"),
        default=FORM_BITS["direct"],
        validators=[
            MinValueValidator(1, message=_("Accept at least one employment form.")),
            MaxValueValidator(63),
        ],
    )
    preferred_form = models.CharField(
        _("preferred employment form"),
        max_length=16,
        choices=EmploymentForm.choices,
        default=EmploymentForm.DIRECT,
    )
    available_from = models.DateField(_("available from"))
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), default=0, validators=[MaxValueValidator(60)]
    )
    highest_certificate = models.PositiveSmallIntegerField(
        _("highest certificate level"),
        choices=CertificateLevel.choices,
        null=True,
        blank=True,
        editable=False,
    )
    primary_occupation = models.ForeignKey(
        Occupation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("main occupation"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SEEKING)
    consent_to_matching = models.BooleanField(_("consents to automated matching"), default=True)
    managing_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name=_("managing agency"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("worker profile")
        verbose_name_plural = _("worker profiles")
        ordering = ["-updated_at", "id"]
        indexes = [models.Index(fields=["home_city", "status"], name="worker_city_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(shift_mask__gte=0, shift_mask__lt=32), name="worker_shift_mask_known_bits"
            ),
            models.CheckConstraint(
                condition=Q(form_mask__gt=0, form_mask__lt=64), name="worker_accepts_a_form"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class WorkerSkill(models.Model):
    """A skill a worker holds, at a level from 1 to 5."""

    worker = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="worker_skills")
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices)

    class Meta:
        verbose_name = _("worker skill")
        verbose_name_plural = _("worker skills")
        constraints = [
            models.UniqueConstraint(fields=["worker", "skill"], name="worker_skill_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="worker_skill_level_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} L{self.level}"


class Certificate(models.Model):
    """A national vocational skill certificate (职业技能等级证书) in one occupation."""

    worker = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="certificates")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=CertificateLevel.choices)
    issuer = models.CharField(_("issuer"), max_length=120)
    number = models.CharField(_("certificate number"), max_length=40)
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("vocational certificate")
        verbose_name_plural = _("vocational certificates")
        ordering = ["-level", "-issued_on"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="certificate_number_unique_per_issuer"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=8), name="certificate_level_known"),
        ]

    def __str__(self) -> str:
        return f"{self.occupation.name} {self.get_level_display()}"

    def clean(self) -> None:
        errors = {}
        if self.issued_on and self.issued_on > timezone.localdate():
            errors["issued_on"] = _("A certificate cannot be issued in the future.")
        if self.issuer is not None and not self.issuer.strip():
            errors["issuer"] = _("Name the body that issued the certificate.")
        if self.number is not None and not self.number.strip():
            errors["number"] = _("Give the certificate number as printed on it.")
        if errors:
            raise ValidationError(errors)


class WorkHistory(models.Model):
    """A past or current job of a worker."""

    worker = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="work_history")
    employer_name = models.CharField(_("employer"), max_length=120)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    job_title = models.CharField(_("job title"), max_length=80)
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("work history")
        verbose_name_plural = _("work history")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="work_history_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer_name} · {self.job_title}"

    def clean(self) -> None:
        today = timezone.localdate()
        errors = {}
        if self.started_on and self.started_on > today:
            errors["started_on"] = _("A job in your history cannot start in the future.")
        if self.ended_on and self.ended_on > today:
            errors["ended_on"] = _("The end date cannot be in the future: leave it empty for a current job.")
        elif self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("A job cannot end before it started.")
        for name in ("employer_name", "job_title"):
            if getattr(self, name) is not None and not getattr(self, name).strip():
                errors[name] = _("This field cannot be blank.")
        if errors:
            raise ValidationError(errors)


# The statuses the engine matches (with consent): the others leave current results at once.
MATCHABLE_STATUSES = ("seeking", "open")


class ConsentRecord(models.Model):
    """What a worker shares with whom, and when consent was granted and revoked (PIPL Art. 23)."""

    class Purpose(models.TextChoices):
        MATCHING = "matching", _("Automated matching")
        SHARE_ENTERPRISE = "share_enterprise", _("Share my profile with an enterprise")
        SHARE_AGENCY = "share_agency", _("Share my profile with an agency")

    worker = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Basis(models.TextChoices):
        WORKER = "worker", _("Given by the worker")
        PAPER = "paper", _("Signed on paper, recorded by an agency")

    granted_at = models.DateTimeField(_("granted"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, default=Basis.WORKER)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("For a paper consent: where the signed form is kept."),
    )

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(purpose="matching", enterprise__isnull=True, agency__isnull=True)
                    | Q(purpose="share_enterprise", enterprise__isnull=False, agency__isnull=True)
                    | Q(purpose="share_agency", agency__isnull=False, enterprise__isnull=True)
                ),
                name="consent_grantee_fits_purpose",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=F("granted_at")),
                name="consent_revoked_after_granted",
            ),
            models.CheckConstraint(
                condition=Q(basis="worker") | ~Q(note="") | Q(revoked_at__isnull=False),
                name="consent_paper_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.get_purpose_display()}"


class WorkerDuplicate(models.Model):
    """Two profiles that look like one person: linked and flagged for a person to resolve, never merged."""

    class Reason(models.TextChoices):
        MOBILE = "mobile", _("Same mobile number")
        ID_NUMBER = "id_number", _("Same ID number")

    worker = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="duplicate_flags")
    duplicate_of = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    detected_at = models.DateTimeField(_("detected"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "duplicate_of", "reason"], name="duplicate_flag_unique"
            ),
            models.CheckConstraint(condition=~Q(worker=F("duplicate_of")), name="duplicate_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} ≈ {self.duplicate_of_id} ({self.reason})"
