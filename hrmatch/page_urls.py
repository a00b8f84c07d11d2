"""Routes of the server-rendered pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from pilots import views as pilot_views

urlpatterns = [
    path("", pilot_views.home, name="home"),
    path("cities/", pilot_views.city_list, name="city-list"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
