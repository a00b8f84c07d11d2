"""Routes of the matching API."""

from rest_framework.routers import SimpleRouter

from matching.api import job_marks, views

router = SimpleRouter()
router.register("applications", views.ApplicationViewSet, basename="application")
router.register(
    r"vacancies/(?P<vacancy_id>[0-9]{1,18})/shortlist", views.ShortlistViewSet, basename="shortlist"
)
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("match-runs", views.MatchRunViewSet, basename="match-run")
router.register("job-marks", job_marks.JobMarkViewSet, basename="job-mark")
urlpatterns = router.urls
