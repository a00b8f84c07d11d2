"""Routes of the drive and training-effect pages."""

from django.urls import path

from matching import drive_pages

app_name = "drives"
urlpatterns = [
    path("drives/", drive_pages.drive_list_page, name="list"),
    path("drives/new/", drive_pages.drive_create_page, name="create"),
    path("drives/<int:pk>/", drive_pages.drive_detail_page, name="detail"),
    path("drives/<int:pk>/plan/", drive_pages.drive_plan_page, name="plan"),
    path("drives/<int:pk>/invitations.csv", drive_pages.drive_export_page, name="export"),
    path("training/effect/", drive_pages.training_effect_page, name="training-effect"),
]
