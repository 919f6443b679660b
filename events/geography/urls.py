"""GeoJSON of events, in the API."""

from django.urls import path

from events.geography import api

api_urlpatterns = [
    path("geo/events/", api.GeoEvents.as_view(), name="geo-events"),
]
