"""Routes of the interviews API."""

from rest_framework.routers import SimpleRouter

from matching.api import interviews

router = SimpleRouter()
router.register("interviews", interviews.InterviewViewSet, basename="interview")
urlpatterns = router.urls
