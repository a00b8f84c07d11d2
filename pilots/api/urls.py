"""Routes of the pilots API."""

from rest_framework.routers import SimpleRouter

from pilots.api import views

router = SimpleRouter()
router.register("pilot-cities", views.PilotCityViewSet, basename="pilot-city")
router.register("districts", views.DistrictViewSet, basename="district")
router.register("parks", views.ParkViewSet, basename="park")
urlpatterns = router.urls
