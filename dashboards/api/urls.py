"""Routes of the dashboards API."""

from rest_framework.routers import SimpleRouter

from dashboards.api import views

router = SimpleRouter()
router.register("city-statistics", views.CityStatisticsViewSet, basename="city-statistics")
urlpatterns = router.urls
