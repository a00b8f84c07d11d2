from django.contrib import admin

from pilots.models import District, OfficialScope, Park, PilotCity


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
