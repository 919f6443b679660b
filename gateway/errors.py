"""Error answers, and the guard every request passes before any view: the API answers in
JSON even when no API view was reached; a bad parameter is a 400 naming it, on a page
or in the API alike (gateway.params)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from gateway.params import BadParameter


def not_found(request, exception):
    # e.g. /api/sources/1.5/, which no route matches: clients parse JSON, not our HTML page.
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, errors: dict[str, str], status: int = 400) -> HttpResponse:
    """A 400 (or `status`) naming each parameter and its problem: JSON under /api/, a page
    elsewhere."""
    if _is_api(request):
        return JsonResponse({name: [problem] for name, problem in errors.items()}, status=status)
    return render(request, "400.html", {"errors": errors}, status=status)


# --- NUL characters ----------------------------------------------------------------------
# PostgreSQL cannot store or compare text with a NUL character: any that reaches a query is
# a 500. Forms and serializer text fields refuse them already; the guard below catches every
# other way in (query parameters, form fields read by hand, headers, cookies, slugs of
# related records in JSON).

NUL_PROBLEM = "Text may not contain NUL (\\x00) characters."


def nul_path(data, path: str = "") -> str | None:
    """Where in parsed JSON a NUL character is (its keys too), as "tags.0"; or None.
    Iterative: the depth of a document is bounded by the parser, not by this walk."""
    stack = [(path, data)]
    while stack:
        here, value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return here
            continue
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else ()
        )
        found = []
        for key, item in items:
            where = f"{here}.{key}" if here else str(key)
            if "\x00" in str(key):
                return where
            found.append((where, item))
        stack.extend(reversed(found))  # depth first, in document order
    return None


# Longest value of one query parameter. Readers bound each parameter more tightly
# (gateway.params); this stops a huge one before any of them sees it.
MAX_PARAMETER_CHARS = 2000


class RequestGuardMiddleware:
    """Before any view (and before sessions and authentication read their cookie and
    header): a 400 naming the parameter or header for a NUL character or an overlong
    query parameter; a 413 for a body over its cap; cookies holding NUL are ignored, as a
    browser would never send them. A BadParameter raised by a view is its 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (refused := self._refusal(request)) is not None:
            return refused
        for name in [n for n, v in request.COOKIES.items() if "\x00" in n or "\x00" in v]:
            del request.COOKIES[name]
        if (refused := self._form_refusal(request)) is not None:
            return refused
        return self.get_response(request)

    def _refusal(self, request):
        for key, value in request.META.items():
            if key.startswith("HTTP_") and key != "HTTP_COOKIE" and "\x00" in str(value):
                header = key[5:].replace("_", "-").title()
                return bad_request(request, {header: "Headers may not contain NUL (\\x00)."})
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > (most := body_cap(request)):
            return bad_request(
                request,
                {"(body)": f"The body is {length:,} bytes; at most {most:,} are accepted."},
                status=413,
            )
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return bad_request(request, {name.replace("\x00", "\\x00"): NUL_PROBLEM})
            if len(name) > MAX_PARAMETER_CHARS or any(len(v) > MAX_PARAMETER_CHARS for v in values):
                return bad_request(
                    request, {name[:100]: f"At most {MAX_PARAMETER_CHARS} characters."}
                )
        return None

    def _form_refusal(self, request):
        if request.content_type not in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            return None
        for name, values in request.POST.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return bad_request(request, {name.replace("\x00", "\\x00"): NUL_PROBLEM})
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, BadParameter):
            return bad_request(request, exception.errors)
        return None


def body_cap(request) -> int:
    """The largest request body accepted: the admin's CSV import may upload up to
    ANNALS_IMPORT_MAX_BYTES; every other body (API JSON, forms) ANNALS_MAX_BODY_BYTES."""
    if request.path_info.startswith("/admin/"):
        return max(settings.ANNALS_IMPORT_MAX_BYTES, settings.ANNALS_MAX_BODY_BYTES)
    return settings.ANNALS_MAX_BODY_BYTES


# --- The API's last resort ---------------------------------------------------------------


def api_exception_handler(exc, context):
    """DRF's handler; a BadParameter is the 400 naming each parameter; and a 409 rather
    than a 500 for a write that a database constraint refused: a client can act on
    "conflict"; the cause is logged for us. Writes are transactions (events/services.py),
    so nothing of the refused one is kept."""
    from django.db import IntegrityError
    from rest_framework.exceptions import ValidationError
    from rest_framework.views import exception_handler, set_rollback

    if isinstance(exc, BadParameter):
        exc = ValidationError({name: [problem] for name, problem in exc.errors.items()})
    if isinstance(exc, IntegrityError):
        import logging

        logging.getLogger(__name__).warning("API write refused by a constraint: %s", exc)
        set_rollback()
        return JsonResponse(
            {
                "detail": "This conflicts with a record that exists (a value "
                "that must be unique, or one that was removed)."
            },
            status=409,
        )
    return exception_handler(exc, context)
