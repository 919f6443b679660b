"""The REST API: one router joining each app's routes (their urls.py), its schema and
its documentation."""

import functools

import yaml
from django.conf import settings
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from events import urls as events
from events.drafting import urls as drafting
from events.geography import urls as geography
from gateway.methods import READ, options_response
from timeline import urls as timeline
from timeline.analysis import urls as analysis
from timeline.anniversaries import urls as anniversaries
from timeline.reminders import urls as reminders


class SchemaView(SpectacularAPIView):
    """The OpenAPI document: the committed contract (docs/openapi.yaml, which
    tests/test_openapi_contract.py holds equal to what the code describes), read once per
    process. Generating it walks every view: half a second for each first asker."""

    def _get_schema_response(self, request):
        filename = self._get_filename(request, None)
        return Response(
            data=_contract(), headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


@functools.cache
def _contract() -> dict:
    with open(settings.BASE_DIR / "docs" / "openapi.yaml", "rb") as handle:
        safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C one: 10 times faster
        return yaml.load(handle, Loader=safe)  # noqa: S506 - a safe loader


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI, a page: GET and HEAD, and a cheap OPTIONS (DRF would answer it with
    metadata through the page's HTML renderer, which has no template for it)."""

    http_method_names = ["get", "head", "options"]

    def options(self, request, *args, **kwargs):
        return options_response(READ)


router = DefaultRouter()
for app in (events, timeline, reminders):
    router.registry.extend(app.api_router.registry)

urlpatterns = [
    *anniversaries.api_urlpatterns,
    *analysis.api_urlpatterns,
    *geography.api_urlpatterns,
    *drafting.api_urlpatterns,  # before the router, whose sources/<pk>/ would take it
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP.
    path("docs/", DocsView.as_view(url_name="schema"), name="api-docs"),
    *router.urls,
]
