"""Routes of the agencies API."""

from rest_framework.routers import SimpleRouter

from agencies.api import views

router = SimpleRouter()
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("placements", views.PlacementViewSet, basename="placement")
urlpatterns = router.urls
