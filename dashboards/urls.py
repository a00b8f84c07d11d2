"""Routes of the officials' dashboards."""

from django.urls import path

from dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.national, name="national"),
    path("export/<slug:table>.<slug:fmt>", views.national_export, name="national-export"),
    path("city/<str:code>/", views.city, name="city"),
    path("city/<str:code>/export/<slug:table>.<slug:fmt>", views.city_export, name="city-export"),
]
