from django.contrib import admin

from enterprises.models import Enterprise, EnterpriseMembership, Vacancy, VacancySkill, VacancyStatusChange


class MembershipInline(admin.TabularInline):
    model = EnterpriseMembership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "industry", "city", "contract_headcount", "dispatched_headcount")
    list_filter = ("industry", "city__region")
    search_fields = ("name", "credit_code")
    raw_id_fields = ("city", "district", "park")
    list_select_related = ("city",)
    inlines = [MembershipInline]


class VacancySkillInline(admin.TabularInline):
    model = VacancySkill
    extra = 0
    raw_id_fields = ("skill",)


class StatusChangeInline(admin.TabularInline):
    model = VacancyStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "changed_at", "changed_by")


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "enterprise",
        "occupation",
        "status",
        "headcount",
        "filled_count",
        "pay_min",
        "pay_max",
    )
    list_filter = ("status", "employment_form", "shift_pattern", "dormitory")
    search_fields = ("title", "enterprise__name")
    raw_id_fields = ("enterprise", "agency", "occupation", "city", "district")
    list_select_related = ("enterprise", "occupation")
    readonly_fields = ("status", "published_at", "paused_at", "filled_at", "closed_at", "filled_count")
    inlines = [VacancySkillInline, StatusChangeInline]
