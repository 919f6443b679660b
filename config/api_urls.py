"""The REST API: one router joining each app's routes (their urls.py), its schema and
its documentation."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from events import urls as events
from timeline import urls as timeline
from timeline.reminders import urls as reminders

router = DefaultRouter()
for app in (events, timeline, reminders):
    router.registry.extend(app.api_router.registry)

urlpatterns = [
    *timeline.api_urlpatterns,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    *router.urls,
]
