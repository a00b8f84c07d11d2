"""Routes of the server-rendered pages: one namespace per app, included here."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from pilots import views as pilot_views

urlpatterns = [
    path("", pilot_views.home, name="home"),
    path("cities/", pilot_views.city_list, name="city-list"),
    path("switch-role/", pilot_views.switch_role, name="switch-role"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("enterprises.urls")),
    path("", include("talent.urls")),
    path("", include("agencies.urls")),
    path("", include("matching.urls")),
]
