from django.contrib import admin

from agencies.models import Agency, AgencyClient, AgencyMembership, Placement


class AgencyMembershipInline(admin.TabularInline):
    model = AgencyMembership
    extra = 0
    raw_id_fields = ("user",)


class AgencyClientInline(admin.TabularInline):
    model = AgencyClient
    extra = 0
    raw_id_fields = ("enterprise",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "hr_licence_number", "hr_licence_valid_until", "dispatch_licence_number")
    list_filter = ("city__region",)
    search_fields = ("name", "credit_code", "hr_licence_number")
    raw_id_fields = ("city",)
    inlines = [AgencyMembershipInline, AgencyClientInline]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ("worker", "vacancy", "agency", "employment_form", "started_on", "ended_on")
    list_filter = ("employment_form",)
    raw_id_fields = ("worker", "vacancy", "agency", "created_by")
    list_select_related = ("worker", "vacancy", "agency")
