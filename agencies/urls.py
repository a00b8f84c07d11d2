"""Page routes of the agency workspace: clients and vacancies, placements, the worker pool."""

from django.urls import path

from agencies.views import clients, grants, notes, pool, workspace

app_name = "agencies"
urlpatterns = [
    path("workspace/vacancies/<int:pk>/grants/", grants.vacancy_grant, name="vacancy-grant"),
    path(
        "workspace/vacancies/<int:pk>/grants/<int:grant_id>/revoke/",
        grants.vacancy_grant_end,
        name="vacancy-grant-revoke",
    ),
    path("agency/", workspace.workspace, name="workspace"),
    path("agency/clients/", clients.client_list, name="client-list"),
    path("agency/clients/new/", clients.client_create, name="client-create"),
    path("agency/clients/<int:pk>/", clients.client_edit, name="client-edit"),
    path("agency/placements/", workspace.placement_list_view, name="placement-list"),
    path("agency/placements/new/", workspace.placement_create, name="placement-create"),
    path("agency/placements/check/", workspace.placement_check, name="placement-check"),
    path("agency/workers/", pool.worker_list_view, name="worker-list"),
    path("agency/workers/new/", pool.worker_create, name="worker-create"),
    path("agency/workers/<int:pk>/", pool.worker_edit, name="worker-edit"),
    path("agency/workers/<int:pk>/notes/", notes.worker_note_create, name="worker-note-create"),
    path("agency/workers/<int:pk>/notes/<int:note_id>/", notes.worker_note_edit, name="worker-note-edit"),
    path(
        "agency/workers/<int:pk>/notes/<int:note_id>/delete/",
        notes.worker_note_delete,
        name="worker-note-delete",
    ),
    path("agency/workers/<int:pk>/activity/", notes.worker_activity_view, name="worker-activity"),
    path("agency/workers/<int:pk>/<slug:kind>/new/", pool.worker_record, name="worker-record-new"),
    path(
        "agency/workers/<int:pk>/<slug:kind>/<int:record_id>/", pool.worker_record, name="worker-record-edit"
    ),
    path(
        "agency/workers/<int:pk>/<slug:kind>/<int:record_id>/delete/",
        pool.worker_record_delete,
        name="worker-record-delete",
    ),
    path("agency/workers/export/", pool.worker_export, name="worker-export"),
    path("agency/workers/import/", pool.worker_import, name="worker-import"),
    path("agency/workers/import/confirm/", pool.worker_import_confirm, name="worker-import-confirm"),
    path("agency/workers/import/template.xlsx", pool.worker_import_template, name="worker-import-template"),
]
