"""The records' API (api_router, joined with the other apps' in config/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from events import api

urlpatterns: list = []

api_router = SimpleRouter()
api_router.register("events", api.EventViewSet, basename="event")
api_router.register("sources", api.SourceViewSet, basename="source")
api_router.register("actors", api.ActorViewSet, basename="actor")
api_router.register("places", api.PlaceViewSet, basename="place")
api_router.register("tags", api.TagViewSet, basename="tag")
