"""Routes of the audit API."""

from rest_framework.routers import SimpleRouter

from audit.api import views

router = SimpleRouter()
router.register("access-log", views.AccessLogViewSet, basename="access-log")
urlpatterns = router.urls
