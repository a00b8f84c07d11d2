from django.contrib import admin

from pilots.models import (
    DailyAgencyStatistic,
    DailyCityStatistic,
    DailyEnterpriseDispatch,
    DailyFillTime,
    DailySkillStatistic,
    District,
    OfficialScope,
    Park,
    PilotCity,
)


class DistrictInline(admin.TabularInline):
    model = District
    extra = 0


@admin.register(PilotCity)
class PilotCityAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "province", "region", "confirmed", "is_active")
    list_filter = ("region", "confirmed", "is_active")
    search_fields = ("code", "name_zh", "name_en", "province")
    inlines = [DistrictInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "city")
    list_filter = ("city__region",)
    search_fields = ("code", "name_zh", "name_en")
    list_select_related = ("city",)


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "kind", "city", "district")
    list_filter = ("kind",)
    search_fields = ("name_zh", "name_en")
    list_select_related = ("city", "district")


@admin.register(OfficialScope)
class OfficialScopeAdmin(admin.ModelAdmin):
    list_display = ("user", "level", "city")
    list_filter = ("level",)
    list_select_related = ("user", "city")
    autocomplete_fields = ("user",)


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
