"""Page routes of workers: sign-up, one's profile and privacy, and the agency's worker pool."""

from django.urls import path

from talent import views

app_name = "talent"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/districts/", views.district_options, name="district-options"),
    path("me/profile/", views.profile, name="profile"),
    path("me/privacy/", views.privacy, name="privacy"),
    path("me/privacy/consent/", views.privacy_consent, name="privacy-consent"),
    path("me/privacy/my-data.json", views.privacy_export, name="privacy-export"),
    path("me/privacy/delete/", views.privacy_delete, name="privacy-delete"),
    path("agency/workers/", views.worker_list_view, name="worker-list"),
    path("agency/workers/new/", views.worker_create, name="worker-create"),
    path("agency/workers/<int:pk>/", views.worker_edit, name="worker-edit"),
    path("agency/workers/export/", views.worker_export, name="worker-export"),
    path("agency/workers/import/", views.worker_import, name="worker-import"),
    path("agency/workers/import/confirm/", views.worker_import_confirm, name="worker-import-confirm"),
    path("agency/workers/import/template.xlsx", views.worker_import_template, name="worker-import-template"),
]
