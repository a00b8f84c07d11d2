"""Routes of the drive and training-effect API."""

from rest_framework.routers import SimpleRouter

from matching.api import drives

router = SimpleRouter()
router.register("drives", drives.DriveViewSet, basename="drive")
router.register("programme-effects", drives.ProgrammeEffectViewSet, basename="programme-effect")
urlpatterns = router.urls
