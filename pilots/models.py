"""The pilot programme: its cities, their districts and parks, and who may watch which city."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hrmatch.names import local_name

division_code = RegexValidator(r"^\d{6}$", _("A division code has six digits."))


class Region(models.TextChoices):
    EAST = "east", _("East")
    CENTRAL = "central", _("Central")
    WEST = "west", _("West")
    NORTHEAST = "northeast", _("North-east")


class PilotCity(models.Model):
    """A city of the pilot programme; `confirmed` marks cities named by the sources, the rest are demo picks."""

    code = models.CharField(_("division code"), max_length=6, unique=True, validators=[division_code])
    name_zh = models.CharField(_("Chinese name"), max_length=20)
    name_en = models.CharField(_("English name"), max_length=40)
    province = models.CharField(_("province"), max_length=20)
    province_en = models.CharField(_("province (English)"), max_length=40, blank=True)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(3), MaxValueValidator(54)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(73), MaxValueValidator(136)])
    confirmed = models.BooleanField(_("confirmed pilot city"), default=False)
    note = models.CharField(_("source note"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("pilot city")
        verbose_name_plural = _("pilot cities")
        ordering = ["region", "code"]

    def __str__(self) -> str:
        return local_name(self.name_zh, self.name_en)

    @property
    def province_name(self) -> str:
        """The province in the page's language."""
        return local_name(self.province, self.province_en)


class District(models.Model):
    """A district or county of a pilot city."""

    city = models.ForeignKey(
        PilotCity, on_delete=models.CASCADE, related_name="districts", verbose_name=_("city")
    )
    code = models.CharField(_("division code"), max_length=6, unique=True, validators=[division_code])
    name_zh = models.CharField(_("Chinese name"), max_length=30)
    name_en = models.CharField(_("English name"), max_length=60)
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(3), MaxValueValidator(54)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(73), MaxValueValidator(136)])

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["city", "code"]

    def __str__(self) -> str:
        return local_name(self.name_zh, self.name_en)


class Park(models.Model):
    """An industrial park or a human-resources service industrial park in a pilot city."""

    class Kind(models.TextChoices):
        INDUSTRIAL = "industrial", _("Industrial park")
        HR_SERVICE = "hr_service", _("HR service industrial park")

    city = models.ForeignKey(
        PilotCity, on_delete=models.CASCADE, related_name="parks", verbose_name=_("city")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parks",
        verbose_name=_("district"),
    )
    name_zh = models.CharField(_("Chinese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(3), MaxValueValidator(54)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(73), MaxValueValidator(136)])

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        ordering = ["city", "name_zh"]
        constraints = [models.UniqueConstraint(fields=["city", "name_zh"], name="park_name_unique_per_city")]

    def __str__(self) -> str:
        return local_name(self.name_zh, self.name_en)


class OfficialScope(models.Model):
    """What an official may watch: one city, or every pilot city (ministry)."""

    class Level(models.TextChoices):
        CITY = "city", _("City official")
        NATIONAL = "national", _("National official")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="official_scope",
        verbose_name=_("user"),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    city = models.ForeignKey(
        PilotCity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("city"),
    )

    class Meta:
        verbose_name = _("official scope")
        verbose_name_plural = _("official scopes")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="city", city__isnull=False) | Q(level="national", city__isnull=True),
                name="official_scope_city_iff_city_level",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.city or _('all cities')}"
