"""Page routes of notifications."""

from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_page, name="list"),
    path("notifications/<int:pk>/read/", views.notification_open, name="read"),
    path("notifications/read-all/", views.notification_read_all, name="read-all"),
]
