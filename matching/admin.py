from django.contrib import admin

from matching.models import Application, ApplicationEvent, CurrentRun, MatchRun, ScoringModel


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ("id", "city", "status", "chunks_done", "chunks_total", "shortlist_rows", "created_at")
    list_filter = ("status",)
    list_select_related = ("city",)
    readonly_fields = [f.name for f in MatchRun._meta.fields]


@admin.register(CurrentRun)
class CurrentRunAdmin(admin.ModelAdmin):
    list_display = ("city", "run", "published_at")
    list_select_related = ("city", "run")


@admin.register(ScoringModel)
class ScoringModelAdmin(admin.ModelAdmin):
    list_display = ("version", "is_active", "training_size", "auc_holdout", "baseline_auc", "created_at")


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("from_stage", "to_stage", "actor", "reason", "created_at")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("worker", "vacancy", "source", "stage", "updated_at")
    list_filter = ("source", "stage")
    raw_id_fields = ("worker", "vacancy", "referred_by")
    list_select_related = ("worker", "vacancy")
    inlines = [ApplicationEventInline]
