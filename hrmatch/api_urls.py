"""Routes of the REST API (/api/v1/) and its contract (/api/schema/, Swagger UI, ReDoc)."""

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from audit.api import tokens
from hrmatch.api import auth, docs

router = SimpleRouter()
router.register("tokens", tokens.TokenViewSet, basename="token")

v1: list[URLPattern | URLResolver] = [
    path("me/", auth.MeView.as_view(), name="me"),
    path("", include(router.urls)),
    path("", include("pilots.api.urls")),
    path("", include("talent.api.urls")),
    path("", include("enterprises.api.urls")),
    path("", include("agencies.api.urls")),
    path("", include("training.api.urls")),
    path("", include("matching.api.urls")),
    path("", include("audit.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("matching.api.drive_urls")),
    path("", include("matching.api.interview_urls")),
    path("", include("dashboards.api.urls")),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("schema/swagger-ui/", docs.swagger_ui, name="api-swagger-ui"),
    path("schema/redoc/", docs.redoc, name="api-redoc"),
]
