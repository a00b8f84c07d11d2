"""Routes of the server-rendered pages: one namespace per app, included here."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from hrmatch.throttling import throttle_posts
from pilots import views as pilot_views

urlpatterns = [
    path("", pilot_views.home, name="home"),
    path("cities/", pilot_views.city_list, name="city-list"),
    path("switch-role/", pilot_views.switch_role, name="switch-role"),
    path(
        "accounts/login/",
        throttle_posts("login_page")(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("privacy-notice/", TemplateView.as_view(template_name="privacy_notice.html"), name="privacy-notice"),
    path("", include("enterprises.urls")),
    path("", include("talent.urls")),
    path("", include("agencies.urls")),
    path("", include("training.urls")),
    path("", include("matching.drive_urls")),
    path("", include("matching.urls")),
    path("", include("matching.interview_urls")),
    path("", include("audit.urls")),
    path("", include("notifications.urls")),
]
