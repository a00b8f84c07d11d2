"""Routes of the REST API (/api/v1/) and its contract (/api/schema/)."""

urlpatterns: list = []
