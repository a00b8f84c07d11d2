"""Routes of the officials' dashboards."""

app_name = "dashboards"
urlpatterns: list = []
