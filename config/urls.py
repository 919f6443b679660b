from django.contrib import admin
from django.urls import include, path

from events import views as exports
from gateway import health
from gateway.throttling import throttle_posts
from timeline import calendar_feeds, feeds, views

admin.site.site_header = "Annals editors"
admin.site.site_title = "Annals admin"
admin.site.index_title = "Events, sources and timelines"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/login/", throttle_posts("login", per_username=True)(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail-page"),
    path("events/<slug:slug>.ics", calendar_feeds.event_ics, name="event-ics"),
    path("timelines/<slug:slug>/", views.timeline_detail, name="timeline-page"),
    path("timelines/<slug:slug>.ics", calendar_feeds.timeline_ics, name="timeline-ics"),
    path("tags/<slug:slug>.ics", calendar_feeds.tag_ics, name="tag-ics"),
    path("actors/<slug:slug>.ics", calendar_feeds.actor_ics, name="actor-ics"),
    path("anniversaries.ics", calendar_feeds.anniversaries_ics, name="anniversaries-ics"),
    path("timelines/<slug:slug>/interactive/", views.timeline_interactive,
         name="timeline-interactive"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor-page"),
    path("places/<slug:slug>/", views.place_detail, name="place-page"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag-page"),
    path("search/", views.search, name="search"),
    path("feeds/anniversaries.atom", feeds.UpcomingAnniversaries(), name="feed-anniversaries"),
    path("feeds/events.atom", feeds.NewlyPublished(), name="feed-events"),
    path("exports/events.csv", exports.export_csv, name="export-csv"),
    path("exports/events.jsonl", exports.export_jsonl, name="export-jsonl"),
    path("subscribe/all/", views.subscribe, {"target": "all"}, name="subscribe-all"),
    path("subscribe/<str:target>/<slug:slug>/", views.subscribe, name="subscribe"),
    path("subscriptions/confirm/<str:token>/", views.subscription_confirm_view,
         name="subscription-confirm"),
    path("subscriptions/manage/<str:token>/", views.subscription_manage,
         name="subscription-manage"),
    path("subscriptions/unsubscribe/<str:token>/", views.subscription_unsubscribe_view,
         name="subscription-unsubscribe"),
]

handler404 = "gateway.errors.not_found"
