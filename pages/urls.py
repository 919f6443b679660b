"""The readers' pages."""

from django.urls import path

from pages import views

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail-page"),
    path("timelines/<slug:slug>/", views.timeline_detail, name="timeline-page"),
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
]
