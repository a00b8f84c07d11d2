"""URL routes: the pages, the officials' dashboards, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

from hrmatch.health import healthz

urlpatterns = [
    path("api/", include("hrmatch.api_urls")),
    path("dashboards/", include("dashboards.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("hrmatch.page_urls")),
]
