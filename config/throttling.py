"""Rate limits for the HTML forms that attract abuse: the admin login and the subscribe form.

They count with DRF's own throttle, so web and API share the rates (REST_FRAMEWORK's
DEFAULT_THROTTLE_RATES), the cache (CACHE_URL) and the client address behind a proxy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle


class PostThrottle(SimpleRateThrottle):
    """Counts POSTs at the rate named `scope`, per client address or per another key."""

    def __init__(self, scope: str, key: Callable | None = None):
        self.scope = scope
        self.key = key
        super().__init__()

    def get_cache_key(self, request, view):
        if self.key is None:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        ident = self.key(request)
        return self.cache_format % {"scope": f"{self.scope}:{self.key.__name__}",
                                    "ident": ident} if ident else None


def submitted_username(request) -> str:
    # Also counted per account, so that guesses spread over many addresses still stop.
    # Hashed: a cache key must not carry whatever was typed (spaces, control characters).
    name = (request.POST.get("username") or "").strip().casefold()
    return hashlib.sha256(name.encode()).hexdigest()[:32] if name else ""


def throttle_posts(scope: str, *, per_username: bool = False):
    """Answer 429 (with Retry-After) once a client has POSTed more than `scope` allows."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                throttles = [PostThrottle(scope)]
                if per_username:
                    throttles.append(PostThrottle(scope, submitted_username))
                for throttle in throttles:
                    if not throttle.allow_request(request, None):
                        return too_many_requests(request, throttle.wait())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request, wait: float | None):
    seconds = max(1, round(wait or 1))
    response = render(request, "429.html", {"seconds": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response
