"""Routes of the training API."""

from rest_framework.routers import SimpleRouter

from training.api import views

router = SimpleRouter()
router.register("training-providers", views.ProviderViewSet, basename="training-provider")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("cohorts", views.CohortViewSet, basename="cohort")
router.register("enrolments", views.EnrolmentViewSet, basename="enrolment")
router.register("cohort-commitments", views.CommitmentViewSet, basename="cohort-commitment")
router.register("training-outcomes", views.TrainingOutcomeViewSet, basename="training-outcome")
urlpatterns = router.urls
