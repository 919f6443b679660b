"""Error pages: the API answers in JSON even when no API view was reached."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.views import defaults


def not_found(request, exception):
    # e.g. /api/sources/1.5/, which no route matches: clients parse JSON, not our HTML page.
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


# --- NUL characters ----------------------------------------------------------------------
# PostgreSQL cannot store or compare text with a NUL character: any that reaches a query is
# a 500. Forms and serializer text fields refuse them already; these catch every other way
# in (query parameters, form fields read by hand, slugs of related records in JSON).

NUL_PROBLEM = "Text may not contain NUL (\\x00) characters."


def nul_path(data, path: str = "") -> str | None:
    """Where in parsed JSON a NUL character is (its keys too), as "tags.0"; or None."""
    if isinstance(data, str):
        return path if "\x00" in data else None
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        here = f"{path}.{key}" if path else str(key)
        if "\x00" in str(key):
            return here
        if (found := nul_path(value, here)) is not None:
            return found
    return None


class RefuseNulMiddleware:
    """A 400 naming the parameter for a query or form parameter with a NUL character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forms = [request.GET]
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            forms.append(request.POST)
        for form in forms:
            for name, values in form.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    return _bad(request, name.replace("\x00", "\\x00"))
        return self.get_response(request)


def _bad(request, name: str):
    if request.path_info.startswith("/api/"):
        return JsonResponse({name: [NUL_PROBLEM]}, status=400)
    return HttpResponseBadRequest(f"{name}: {NUL_PROBLEM}", content_type="text/plain")


# --- The API's last resort ---------------------------------------------------------------


def api_exception_handler(exc, context):
    """DRF's handler, and a 409 rather than a 500 for a write that a database constraint
    refused: a client can act on "conflict"; the cause is logged for us. Writes are
    transactions (events/services.py), so nothing of the refused one is kept."""
    from django.db import IntegrityError
    from rest_framework.views import exception_handler, set_rollback

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
