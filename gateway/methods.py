"""Which HTTP methods a view answers: one rule for every page, file, feed and export.

They answer GET and HEAD. OPTIONS is answered at once with `Allow` and no body, and
every other method gets 405 with `Allow`, before the view does any work: a view that
read its parameters for any method did its whole work for OPTIONS or POST, past throttles
that counted GET only. A HEAD does no body work where the body is the cost: a streamed
body is never started, and a view may give a cheaper answer for HEAD (`head=`) from the
same checks its GET makes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

READ = ("GET", "HEAD")


def allow_header(methods: tuple[str, ...]) -> str:
    return ", ".join((*methods, "OPTIONS"))


def options_response(methods: tuple[str, ...]) -> HttpResponse:
    response = HttpResponse(status=200)
    response["Allow"] = allow_header(methods)
    response["Content-Length"] = "0"
    return response


def not_allowed(methods: tuple[str, ...]) -> HttpResponse:
    response = HttpResponseNotAllowed([*methods, "OPTIONS"])
    response["Allow"] = allow_header(methods)
    return response


def answers(
    *methods: str,
    head: Callable[..., HttpResponse] | None = None,
):
    """Decorate a view to answer only `methods` (GET and HEAD when none are named),
    OPTIONS with `Allow`, anything else 405. `head(request, *args, **kwargs)` answers a
    HEAD instead of the view, without its body work."""
    allowed = tuple(methods) or READ

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method == "OPTIONS":
                return options_response(allowed)
            if request.method not in allowed:
                return not_allowed(allowed)
            if request.method == "HEAD" and head is not None:
                return head(request, *args, **kwargs)
            response = view(request, *args, **kwargs)
            if request.method == "HEAD" and getattr(response, "streaming", False):
                # Never start a streamed body nobody will read (an export runs its
                # queries as it is read).
                response.streaming_content = []
            return response

        wrapped.allowed_methods = allowed  # type: ignore[attr-defined]  # read by the tests
        return wrapped

    return decorator


reads = answers()
