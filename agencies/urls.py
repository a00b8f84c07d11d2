"""Page routes of the agency workspace."""

from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [
    path("agency/", views.workspace, name="workspace"),
    path("agency/placements/", views.placement_list_view, name="placement-list"),
    path("agency/placements/new/", views.placement_create, name="placement-create"),
    path("agency/placements/check/", views.placement_check, name="placement-check"),
]
