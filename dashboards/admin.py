from django.contrib import admin

from dashboards.models import (
    DailyAgencyStatistic,
    DailyCityStatistic,
    DailyEnterpriseDispatch,
    DailyFillTime,
    DailySkillStatistic,
)


@admin.register(DailyCityStatistic)
class DailyCityStatisticAdmin(admin.ModelAdmin):
    list_display = (
        "date",
        "city",
        "district_code",
        "occupation_group",
        "open_vacancies",
        "open_headcount",
        "active_seekers",
        "hires",
    )
    list_filter = ("city",)
    date_hierarchy = "date"
    list_select_related = ("city",)


@admin.register(DailySkillStatistic)
class DailySkillStatisticAdmin(admin.ModelAdmin):
    list_display = ("date", "city", "district_code", "skill", "demand_l2", "supply_l2")
    list_filter = ("city",)
    date_hierarchy = "date"
    list_select_related = ("city", "skill")


@admin.register(DailyAgencyStatistic)
class DailyAgencyStatisticAdmin(admin.ModelAdmin):
    list_display = ("date", "city", "agency", "vacancies_served", "vacancies_filled", "placements")
    list_filter = ("city",)
    date_hierarchy = "date"
    list_select_related = ("city", "agency")


@admin.register(DailyEnterpriseDispatch)
class DailyEnterpriseDispatchAdmin(admin.ModelAdmin):
    list_display = (
        "date",
        "city",
        "enterprise",
        "contract_headcount",
        "dispatched_headcount",
        "over_cap",
        "improper_dispatch_vacancies",
    )
    list_filter = ("city", "over_cap")
    date_hierarchy = "date"
    list_select_related = ("city", "enterprise")


@admin.register(DailyFillTime)
class DailyFillTimeAdmin(admin.ModelAdmin):
    list_display = ("date", "city", "district_code", "occupation_group", "agency", "days", "vacancies")
    list_filter = ("city",)
    date_hierarchy = "date"
    list_select_related = ("city", "agency")
