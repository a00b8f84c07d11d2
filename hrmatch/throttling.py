"""Rate limits of the pages that take a password or create an account, per client address.

The API throttles with DRF's classes; these pages use the same counters (DRF's SimpleRateThrottle, the
cache) and the same address rule (`hrmatch.client`), under their own rates in
`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle

from hrmatch.client import client_address


class PageRateThrottle(SimpleRateThrottle):
    """Counts a page's form submissions per client address under one named rate."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": f"page_{self.scope}", "ident": client_address(request)}


def throttle_posts(scope: str) -> Callable:
    """Answer 429 (a page saying to wait) once an address has posted more than the `scope` rate."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                throttle = PageRateThrottle(scope)
                # DRF's counter only needs the cache key, which get_cache_key builds from the request.
                if not throttle.allow_request(cast(Any, request), cast(Any, None)):
                    wait = math.ceil(throttle.wait() or 60)
                    response = render(request, "429.html", {"wait": wait}, status=429)
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
