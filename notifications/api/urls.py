"""Routes of the notifications API."""

from rest_framework.routers import SimpleRouter

from notifications.api import views

router = SimpleRouter()
router.register("notifications", views.NotificationViewSet, basename="notification")
urlpatterns = router.urls
