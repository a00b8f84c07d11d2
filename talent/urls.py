"""Page routes of workers: sign-up, one's profile and privacy."""

from django.urls import path

from talent import views

app_name = "talent"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/districts/", views.district_options, name="district-options"),
    path("skills/search/", views.skill_options, name="skill-search"),
    path("me/profile/", views.profile, name="profile"),
    path("me/profile/<slug:kind>/new/", views.profile_record, name="record-new"),
    path("me/profile/<slug:kind>/<int:record_id>/", views.profile_record, name="record-edit"),
    path(
        "me/profile/<slug:kind>/<int:record_id>/delete/",
        views.profile_record_delete,
        name="record-delete",
    ),
    path("me/privacy/", views.privacy, name="privacy"),
    path("me/privacy/consent/", views.privacy_consent, name="privacy-consent"),
    path("me/privacy/my-data.json", views.privacy_export, name="privacy-export"),
    path("me/privacy/delete/", views.privacy_delete, name="privacy-delete"),
]
