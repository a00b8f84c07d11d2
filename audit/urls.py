"""Page routes of the audit trail."""

from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("audit/access-log/", views.access_log, name="access-log"),
]
