from django.contrib import admin

from training.models import Cohort, Enrolment, Programme, ProgrammeSkill, Provider, ProviderMembership


class ProgrammeSkillInline(admin.TabularInline):
    model = ProgrammeSkill
    extra = 1
    autocomplete_fields = ["skill"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "accredited_until", "subsidy_scheme"]
    list_filter = ["kind", "city"]
    search_fields = ["name", "accreditation"]


@admin.register(ProviderMembership)
class ProviderMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "provider"]
    raw_id_fields = ["user"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "hours", "cost", "subsidy_per_trainee", "mode", "is_active"]
    list_filter = ["mode", "is_active", "provider__kind"]
    search_fields = ["title", "provider__name"]
    inlines = [ProgrammeSkillInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["programme", "starts_on", "ends_on", "seats"]
    date_hierarchy = "starts_on"


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["worker", "cohort", "status", "assessment_passed", "written_to_profile_at"]
    list_filter = ["status"]
    raw_id_fields = ["worker", "cohort"]
