"""What officials read: daily statistics rows rolled up each night from the other apps' tables.

The tables were created by the `pilots` app and kept their rows when the models moved here (see
migrations 0001 and 0002 of this app and docs/architecture.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pilots.models import PilotCity

# Rolled up each night from the other apps' tables; the dashboards read only these.
# Every row is at the finest grain (district × occupation group, or × skill, agency, enterprise), so a
# city total or a district's figure is a SUM over rows, and a day is replaced as a whole on a re-run.
# `district_code` and `occupation_group` are "" when the source row has no district or occupation.


class DailyCityStatistic(models.Model):
    """A city's labour market on one day, for one district and occupation group (stocks at the day's end)."""

    date = models.DateField(_("date"))
    city = models.ForeignKey(
        PilotCity, on_delete=models.CASCADE, related_name="daily_statistics", verbose_name=_("city")
    )
    district_code = models.CharField(_("district"), max_length=6, blank=True)
    occupation_group = models.CharField(_("occupation group"), max_length=8, blank=True)
    open_vacancies = models.PositiveIntegerField(_("open vacancies"), default=0)
    open_headcount = models.PositiveIntegerField(_("open headcount"), default=0)
    active_seekers = models.PositiveIntegerField(_("active job seekers"), default=0)
    vacancies_published = models.PositiveIntegerField(_("vacancies published"), default=0)
    vacancies_filled = models.PositiveIntegerField(_("vacancies filled"), default=0)
    vacancies_closed = models.PositiveIntegerField(_("vacancies closed unfilled"), default=0)
    applications = models.PositiveIntegerField(_("applications"), default=0)
    matches = models.PositiveIntegerField(_("engine matches"), default=0)
    shortlisted = models.PositiveIntegerField(_("shortlisted"), default=0)
    interviews = models.PositiveIntegerField(_("interviews"), default=0)
    offers = models.PositiveIntegerField(_("offers"), default=0)
    hires = models.PositiveIntegerField(_("hires"), default=0)
    placements = models.PositiveIntegerField(_("placements"), default=0)

    class Meta:
        verbose_name = _("daily city statistic")
        verbose_name_plural = _("daily city statistics")
        ordering = ["-date", "city", "district_code", "occupation_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "date", "district_code", "occupation_group"],
                name="daily_city_statistic_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.date} {self.district_code or '-'} {self.occupation_group or '-'}"


class DailyFillTime(models.Model):
    """How many vacancies filled on one day took `days` days from first publication (a histogram)."""

    date = models.DateField(_("date"))
    city = models.ForeignKey(PilotCity, on_delete=models.CASCADE, related_name="+", verbose_name=_("city"))
    district_code = models.CharField(_("district"), max_length=6, blank=True)
    occupation_group = models.CharField(_("occupation group"), max_length=8, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    days = models.PositiveIntegerField(_("days to fill"))
    vacancies = models.PositiveIntegerField(_("vacancies"))

    class Meta:
        verbose_name = _("daily fill time")
        verbose_name_plural = _("daily fill times")
        indexes = [models.Index(fields=["city", "date"], name="daily_fill_time_city_date")]

    def __str__(self) -> str:
        return f"{self.city_id} {self.date} {self.occupation_group}: {self.vacancies} × {self.days} d"


class DailySkillStatistic(models.Model):
    """Open headcount needing a skill and active seekers holding it, each by exact level 1–5."""

    date = models.DateField(_("date"))
    city = models.ForeignKey(PilotCity, on_delete=models.CASCADE, related_name="+", verbose_name=_("city"))
    district_code = models.CharField(_("district"), max_length=6, blank=True)
    skill = models.ForeignKey("talent.Skill", on_delete=models.CASCADE, related_name="+")
    demand_l1 = models.PositiveIntegerField(default=0)
    demand_l2 = models.PositiveIntegerField(default=0)
    demand_l3 = models.PositiveIntegerField(default=0)
    demand_l4 = models.PositiveIntegerField(default=0)
    demand_l5 = models.PositiveIntegerField(default=0)
    supply_l1 = models.PositiveIntegerField(default=0)
    supply_l2 = models.PositiveIntegerField(default=0)
    supply_l3 = models.PositiveIntegerField(default=0)
    supply_l4 = models.PositiveIntegerField(default=0)
    supply_l5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily skill statistic")
        verbose_name_plural = _("daily skill statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "date", "district_code", "skill"], name="daily_skill_statistic_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.date} {self.district_code or '-'} {self.skill_id}"


class DailyAgencyStatistic(models.Model):
    """An agency's work in one district on one day: open vacancies it manages, vacancies filled, placements."""

    date = models.DateField(_("date"))
    city = models.ForeignKey(PilotCity, on_delete=models.CASCADE, related_name="+", verbose_name=_("city"))
    district_code = models.CharField(_("district"), max_length=6, blank=True)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    vacancies_served = models.PositiveIntegerField(_("open vacancies served"), default=0)
    vacancies_filled = models.PositiveIntegerField(_("vacancies filled"), default=0)
    placements = models.PositiveIntegerField(_("placements"), default=0)

    class Meta:
        verbose_name = _("daily agency statistic")
        verbose_name_plural = _("daily agency statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "date", "district_code", "agency"], name="daily_agency_statistic_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.date} {self.agency_id}"


class DailyEnterpriseDispatch(models.Model):
    """An enterprise's dispatch share on one day; only enterprises with dispatched workers or dispatch
    vacancies in improper positions get a row."""

    date = models.DateField(_("date"))
    city = models.ForeignKey(PilotCity, on_delete=models.CASCADE, related_name="+", verbose_name=_("city"))
    district_code = models.CharField(_("district"), max_length=6, blank=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="+")
    contract_headcount = models.PositiveIntegerField(_("contract employees"))
    dispatched_headcount = models.PositiveIntegerField(_("dispatched workers"))
    # xgettext:no-python-format
    over_cap = models.BooleanField(_("over the 10% dispatch cap"))
    improper_dispatch_vacancies = models.PositiveIntegerField(
        _("dispatch vacancies in improper positions"), default=0
    )

    class Meta:
        verbose_name = _("daily enterprise dispatch")
        verbose_name_plural = _("daily enterprise dispatch")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "date", "enterprise"], name="daily_enterprise_dispatch_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.date} {self.enterprise_id}"

    @property
    def dispatch_share(self) -> float:
        """Dispatched workers as a share of the whole workforce."""
        total = self.contract_headcount + self.dispatched_headcount
        return self.dispatched_headcount / total if total else 0.0
