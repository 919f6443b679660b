"""The readers' pages, calendar files and feeds, and the time layer's API."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from gateway.methods import reads
from timeline import api, calendar_feeds, feeds, views

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail-page"),
    path("events/<slug:slug>.ics", calendar_feeds.event_ics, name="event-ics"),
    path("timelines/<slug:slug>/", views.timeline_detail, name="timeline-page"),
    path("timelines/<slug:slug>.ics", calendar_feeds.timeline_ics, name="timeline-ics"),
    path("tags/<slug:slug>.ics", calendar_feeds.tag_ics, name="tag-ics"),
    path("actors/<slug:slug>.ics", calendar_feeds.actor_ics, name="actor-ics"),
    path("anniversaries.ics", calendar_feeds.anniversaries_ics, name="anniversaries-ics"),
    path(
        "timelines/<slug:slug>/interactive/",
        views.timeline_interactive,
        name="timeline-interactive",
    ),
    path("actors/<slug:slug>/", views.actor_detail, name="actor-page"),
    path("places/<slug:slug>/", views.place_detail, name="place-page"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag-page"),
    path("search/", views.search, name="search"),
    path("analysis/proximity/", views.proximity_page, name="proximity-page"),
    path(
        "feeds/anniversaries.atom",
        reads(feeds.UpcomingAnniversaries()),
        name="feed-anniversaries",
    ),
    path("feeds/events.atom", reads(feeds.NewlyPublished()), name="feed-events"),
]

api_router = SimpleRouter()
api_router.register("timelines", api.TimelineViewSet, basename="timeline")

api_urlpatterns = [
    path("anniversaries/", api.AnniversaryList.as_view(), name="anniversaries"),
    path("on-this-day/<str:month_day>/", api.OnThisDay.as_view(), name="on-this-day"),
    path("analysis/proximity/", api.ProximityAnalysis.as_view(), name="analysis-proximity"),
]
