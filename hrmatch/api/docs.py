"""The contract's pages: Swagger UI and ReDoc from the app's own static files (drf-spectacular-sidecar).

Both render with inline styles (Swagger UI's page and both libraries' runtime styles), so only these
two views relax `style-src` to allow them; scripts stay `'self'`: Swagger UI's init script is served
as a file by SpectacularSwaggerSplitView, and the ReDoc page has no inline script at all. drf-spectacular's
ReDoc template links Google Fonts, so this page is written here instead.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from drf_spectacular.views import SpectacularSwaggerSplitView

INLINE_STYLES = {"style-src": ["'unsafe-inline'"]}

swagger_ui = csp_update(INLINE_STYLES)(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))


@csp_update({**INLINE_STYLES, "worker-src": ["'self'", "blob:"]})
def redoc(request: HttpRequest) -> HttpResponse:
    """ReDoc for the schema, no CDN and no inline script."""
    html = format_html(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>hrmatch API</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'></head>"
        "<body><redoc spec-url='{}'></redoc><script src='{}'></script></body></html>",
        reverse("api-schema"),
        static("drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"),
    )
    return HttpResponse(html)
