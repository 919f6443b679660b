"""Error pages: the API answers in JSON even when no API view was reached."""

from django.http import JsonResponse
from django.views import defaults


def not_found(request, exception):
    # e.g. /api/sources/1.5/, which no route matches: clients parse JSON, not our HTML page.
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
