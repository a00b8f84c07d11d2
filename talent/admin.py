from typing import Any

from django.contrib import admin

from talent.models import (
    Certificate,
    ConsentRecord,
    Occupation,
    OccupationSkill,
    OccupationSynonym,
    Skill,
    SkillCategory,
    WorkerDuplicate,
    WorkerProfile,
    WorkerSkill,
    WorkHistory,
)


class OccupationSynonymInline(admin.TabularInline[OccupationSynonym, Any]):
    model = OccupationSynonym
    extra = 1


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin[Occupation]):
    list_display = ("code", "name", "level", "edition", "is_digital", "is_green")
    list_filter = ("level", "edition", "is_digital", "is_green")
    search_fields = ("code", "name", "name_en", "synonyms__term")
    raw_id_fields = ("parent",)
    inlines = [OccupationSynonymInline]


@admin.register(SkillCategory)
class SkillCategoryAdmin(admin.ModelAdmin[SkillCategory]):
    list_display = ("code", "name_zh", "name_en")
    search_fields = ("code", "name_zh", "name_en")


class OccupationSkillInline(admin.TabularInline[OccupationSkill, Any]):
    model = OccupationSkill
    extra = 0
    raw_id_fields = ("occupation",)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ("code", "name_zh", "name_en", "category")
    list_filter = ("category",)
    search_fields = ("code", "name_zh", "name_en")
    inlines = [OccupationSkillInline]


class WorkerSkillInline(admin.TabularInline[WorkerSkill, Any]):
    model = WorkerSkill
    extra = 0
    raw_id_fields = ("skill",)


class CertificateInline(admin.TabularInline[Certificate, Any]):
    model = Certificate
    extra = 0
    raw_id_fields = ("occupation",)


class WorkHistoryInline(admin.TabularInline[WorkHistory, Any]):
    model = WorkHistory
    extra = 0
    raw_id_fields = ("occupation",)


class ConsentInline(admin.TabularInline[ConsentRecord, Any]):
    model = ConsentRecord
    extra = 0
    raw_id_fields = ("enterprise", "agency")


@admin.register(WorkerProfile)
class WorkerProfileAdmin(admin.ModelAdmin[WorkerProfile]):
    list_display = ("full_name", "home_city", "status", "years_experience", "managing_agency", "updated_at")
    list_filter = ("status", "home_city__region", "willing_to_relocate")
    search_fields = ("full_name", "mobile")
    readonly_fields = ("id_number_masked", "highest_certificate")
    raw_id_fields = ("user", "home_city", "home_district", "primary_occupation", "managing_agency")
    list_select_related = ("home_city", "managing_agency")
    inlines = [WorkerSkillInline, CertificateInline, WorkHistoryInline, ConsentInline]


@admin.register(WorkerDuplicate)
class WorkerDuplicateAdmin(admin.ModelAdmin[WorkerDuplicate]):
    list_display = ("worker", "duplicate_of", "reason", "detected_at", "resolved_at")
    list_filter = ("reason",)
    raw_id_fields = ("worker", "duplicate_of")
