"""Routes of the agencies API."""

from rest_framework.routers import SimpleRouter

from agencies.api import grants, views

router = SimpleRouter()
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("placements", views.PlacementViewSet, basename="placement")
router.register(r"workers/(?P<worker_id>[0-9]{1,18})/notes", views.WorkerNoteViewSet, basename="worker-note")
router.register(
    r"workers/(?P<worker_id>[0-9]{1,18})/activity", views.WorkerActivityViewSet, basename="worker-activity"
)
router.register(
    r"vacancies/(?P<vacancy_id>[0-9]{1,18})/grants", grants.VacancyGrantViewSet, basename="vacancy-grant"
)
urlpatterns = router.urls
