"""The proximity analysis in the API (its page is a reader page: pages/urls.py)."""

from django.urls import path

from timeline.analysis import api

api_urlpatterns = [
    path("analysis/proximity/", api.ProximityAnalysis.as_view(), name="analysis-proximity"),
]
