"""Drafting's route in the API (config/api_urls.py puts it before the sources' own)."""

from django.urls import path

from events.drafting import api

api_urlpatterns = [path("sources/extract/", api.Extract.as_view(), name="source-extract")]
