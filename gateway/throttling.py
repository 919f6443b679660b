"""Who the client is, and rate limits: the API's, and those of the HTML forms that attract
abuse (the admin login and the subscribe form).

They count with DRF's own throttle, so web and API share the rates (REST_FRAMEWORK's
DEFAULT_THROTTLE_RATES), the cache (CACHE_URL) and the client address.
"""

from __future__ import annotations

import hashlib
import ipaddress
import unicodedata
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


def client_address(request) -> str:
    """The client's address: the socket's peer, unless ANNALS_TRUSTED_PROXIES names how
    many proxies append to X-Forwarded-For (then the address the outermost one saw).
    The header alone is never believed: anyone can send one."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.ANNALS_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            remote = hops[-min(proxies, len(hops))]
    return remote


def client_key(request) -> str:
    """The address a throttle counts: IPv4 as is, IPv6 by its /64 (one host holds a whole
    /64 and could otherwise count afresh from each address in it)."""
    text = client_address(request)
    try:
        address = ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return "unknown"
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def normalized_name(value: str) -> str:
    """A user name or address as Django's login form compares it (NFKC), case-folded,
    so that "Edith", "ＥＤＩＴＨ" and " edith " are one key."""
    return unicodedata.normalize("NFKC", value or "").strip().casefold()


class ClientIdent:
    def get_ident(self, request):
        return client_key(request)


class AnonThrottle(ClientIdent, AnonRateThrottle):
    pass


class UserThrottle(ClientIdent, UserRateThrottle):
    pass


class ScopedThrottle(ClientIdent, SimpleRateThrottle):
    """Counts requests at the rate named `scope`, per client address or per another key."""

    def __init__(self, scope: str, ident_of: Callable[[HttpRequest], str] | None = None):
        self.scope = scope
        # Not `key`: SimpleRateThrottle.allow_request keeps the cache key under that name.
        self.ident_of = ident_of
        super().__init__()

    def get_cache_key(self, request, view):
        if self.ident_of is None:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        ident = self.ident_of(request)
        return (
            self.cache_format % {"scope": f"{self.scope}:{self.ident_of.__name__}", "ident": ident}
            if ident
            else None
        )


class AnonymousScopedThrottle(ScopedThrottle):
    """For DRF views: the rate `view.throttle_scope` per anonymous client; signed-in users
    are not counted (the user rate applies to them)."""

    rate = "1/second"  # a placeholder until allow_request reads the view's scope

    def __init__(self) -> None:
        super().__init__("")

    def allow_request(self, request, view) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        self.scope = view.throttle_scope
        rate = self.get_rate()
        self.rate = rate or ""
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request, view)


def submitted_username(request) -> str:
    # Also counted per account, so that guesses spread over many addresses still stop.
    # Hashed: a cache key must not carry whatever was typed (spaces, control characters).
    name = normalized_name(request.POST.get("username") or "")
    return hashlib.sha256(name.encode()).hexdigest()[:32] if name else ""


def _allows(limit: ScopedThrottle, request: HttpRequest) -> bool:
    # A plain Django view: no DRF view to pass, and ScopedThrottle reads none.
    return limit.allow_request(request, None)  # type: ignore[arg-type]


def throttle(scope: str, *, methods: tuple[str, ...] = ("GET", "HEAD")):
    """Answer 429 (with Retry-After) once an anonymous client has made more `methods`
    requests than `scope` allows; signed-in users are not counted."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not request.user.is_authenticated:
                limit = ScopedThrottle(scope)
                if not _allows(limit, request):
                    return too_many_requests(request, limit.wait())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def throttle_posts(scope: str, *, per_username: bool = False):
    """Answer 429 (with Retry-After) once a client has POSTed more than `scope` allows."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                throttles = [ScopedThrottle(scope)]
                if per_username:
                    throttles.append(ScopedThrottle(scope, submitted_username))
                for throttle in throttles:
                    if not _allows(throttle, request):
                        return too_many_requests(request, throttle.wait())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request, wait: float | None):
    seconds = max(1, round(wait or 1))
    response = render(request, "429.html", {"seconds": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response
