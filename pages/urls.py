"""The readers' pages."""

from django.urls import path

from pages import days, maps, searching, timelines, views

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail-page"),
    path("timelines/", timelines.timelines, name="timelines"),
    path("timelines/<slug:slug>/", timelines.timeline_detail, name="timeline-page"),
    path(
        "timelines/<slug:slug>/interactive/",
        timelines.timeline_interactive,
        name="timeline-interactive",
    ),
    path("on-this-day/", days.on_this_day_today, name="on-this-day-today"),
    path("on-this-day/<str:month_day>/", days.on_this_day_page, name="on-this-day"),
    path("anniversaries/", days.anniversaries_page, name="anniversaries-page"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor-page"),
    path("places/<slug:slug>/", views.place_detail, name="place-page"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag-page"),
    path("search/", searching.search, name="search"),
    path("map/", maps.map_page, name="map"),
    path("analysis/proximity/", views.proximity_page, name="proximity-page"),
]
