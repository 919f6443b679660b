"""Timelines in the API (api_router, joined with the other apps' in config/api_urls.py);
their pages are the reader pages' (pages/urls.py)."""

from rest_framework.routers import SimpleRouter

from timeline import api

api_router = SimpleRouter()
api_router.register("timelines", api.TimelineViewSet, basename="timeline")
