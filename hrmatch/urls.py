"""URL routes: the pages, the admin and the API."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hrmatch.health import healthz
from pilots import views as pilot_views

urlpatterns = [
    path("", pilot_views.home, name="home"),
    path("cities/", pilot_views.city_list, name="city-list"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
