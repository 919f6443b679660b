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
from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
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


class TextSearchThrottle(ScopedThrottle):
    """API requests that search text (?q=), per anonymous client at the `search` rate,
    as the web search page is: a search reads an index per word, more than a page of
    a list does."""

    def __init__(self) -> None:
        super().__init__("search")

    def allow_request(self, request, view) -> bool:
        if not request.query_params.get("q") or (request.user and request.user.is_authenticated):
            return True
        return super().allow_request(request, view)


def submitted_username(request) -> str:
    # Also counted per account, so that guesses spread over many addresses still stop.
    # Hashed: a cache key must not carry whatever was typed (spaces, control characters).
    name = normalized_name(request.POST.get("username") or "")
    return hashlib.sha256(name.encode()).hexdigest()[:32] if name else ""


def _allows(limit: ScopedThrottle, request: HttpRequest) -> bool:
    # A plain Django view: no DRF view to pass, and ScopedThrottle reads none.
    return limit.allow_request(request, None)  # type: ignore[arg-type]


def refused(scope: str, request) -> HttpResponse | None:
    """Count one `scope` request of an anonymous client: None while it may go on, else
    the 429 to answer (with Retry-After). For work a view decides to do, such as
    building a page that is not cached yet."""
    if request.user.is_authenticated:
        return None
    limit = ScopedThrottle(scope)
    return None if _allows(limit, request) else too_many_requests(request, limit.wait())


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


def throttle_posts(scope: str):
    """Answer 429 (with Retry-After) once a client has POSTed more than `scope` allows."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                limit = ScopedThrottle(scope)
                if not _allows(limit, request):
                    return too_many_requests(request, limit.wait())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class Attempts:
    """Attempts (failed sign-ins, mails sent) under a key, at the rate `scope` names: a
    sliding window of their times in the throttle cache, as DRF's throttles keep
    requests. Unlike a throttle, counting and asking are separate: only what happened
    is counted."""

    def __init__(self, scope: str, ident: str) -> None:
        rates = cast(dict[str, str], settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
        rate = SimpleRateThrottle.THROTTLE_RATES.get(scope) or rates[scope]
        count, period = rate.split("/")
        self.most = int(count)
        self.seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
        self.key = f"attempts:{scope}:{ident}"

    def _recent(self, now: float) -> list[float]:
        from django.core.cache import cache

        return [t for t in cache.get(self.key, []) if t > now - self.seconds]

    def wait(self) -> float | None:
        """Seconds until another attempt may be made, or None when it may be now."""
        import time

        now = time.time()
        recent = self._recent(now)
        if len(recent) < self.most:
            return None
        return recent[-self.most] + self.seconds - now

    def add(self) -> None:
        import time

        from django.core.cache import cache

        now = time.time()
        cache.set(self.key, [*self._recent(now), now][-self.most :], self.seconds)


def limit_failed_sign_ins(view):
    """Sign-in: failed attempts are counted per (client address, account) at the rate
    `login`, and per client address at `login-address`; past either, that client gets
    429 for that account (or for all). Only failures count, and only where they come
    from: nobody elsewhere can lock an account out by guessing at it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        client = client_key(request)
        counts = [
            Attempts("login", f"{client}:{submitted_username(request)}"),
            Attempts("login-address", client),
        ]
        for count in counts:
            if (wait := count.wait()) is not None:
                return too_many_requests(request, wait)
        response = view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            for count in counts:
                count.add()
        return response

    return wrapped


def too_many_requests(request, wait: float | None, reason: str = ""):
    seconds = max(1, round(wait or 1))
    response = render(request, "429.html", {"seconds": seconds, "reason": reason}, status=429)
    response["Retry-After"] = str(seconds)
    return response
