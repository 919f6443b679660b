"""The REST API's routes: one router for the records and the time layer."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from events.api import ActorViewSet, EventViewSet, PlaceViewSet, SourceViewSet, TagViewSet
from timeline.api import AnniversaryList, OnThisDay, SubscriptionViewSet, TimelineViewSet

router = DefaultRouter()
router.register("events", EventViewSet, basename="event")
router.register("sources", SourceViewSet, basename="source")
router.register("actors", ActorViewSet, basename="actor")
router.register("places", PlaceViewSet, basename="place")
router.register("tags", TagViewSet, basename="tag")
router.register("timelines", TimelineViewSet, basename="timeline")
router.register("subscriptions", SubscriptionViewSet, basename="subscription")

urlpatterns = [
    path("anniversaries/", AnniversaryList.as_view(), name="anniversaries"),
    path("on-this-day/<str:month_day>/", OnThisDay.as_view(), name="on-this-day"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    *router.urls,
]
