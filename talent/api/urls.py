"""Routes of the talent API."""

from rest_framework.routers import SimpleRouter

from talent.api import views

router = SimpleRouter()
router.register("occupations", views.OccupationViewSet, basename="occupation")
router.register("skills", views.SkillViewSet, basename="skill")
router.register("workers", views.WorkerViewSet, basename="worker")
urlpatterns = router.urls
