"""Routes of the enterprises API."""

from rest_framework.routers import SimpleRouter

from enterprises.api import views

router = SimpleRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("vacancies", views.VacancyViewSet, basename="vacancy")
urlpatterns = router.urls
