"""Anniversaries: the calendar files, the Atom feeds, and their API."""

from django.urls import path

from gateway.methods import reads
from timeline.anniversaries import api, feeds, views

urlpatterns = [
    path("events/<slug:slug>.ics", views.event_ics, name="event-ics"),
    path("timelines/<slug:slug>.ics", views.timeline_ics, name="timeline-ics"),
    path("tags/<slug:slug>.ics", views.tag_ics, name="tag-ics"),
    path("actors/<slug:slug>.ics", views.actor_ics, name="actor-ics"),
    path("anniversaries.ics", views.anniversaries_ics, name="anniversaries-ics"),
    path(
        "feeds/anniversaries.atom",
        reads(feeds.UpcomingAnniversaries()),
        name="feed-anniversaries",
    ),
    path("feeds/events.atom", reads(feeds.NewlyPublished()), name="feed-events"),
]

api_urlpatterns = [
    path("anniversaries/", api.AnniversaryList.as_view(), name="anniversaries"),
    path("on-this-day/<str:month_day>/", api.OnThisDay.as_view(), name="on-this-day"),
]
