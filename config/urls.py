from django.contrib import admin
from django.urls import include, path

from timeline import views

admin.site.site_header = "Annals editors"
admin.site.site_title = "Annals admin"
admin.site.index_title = "Events, sources and timelines"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail-page"),
    path("events/<slug:slug>.ics", views.event_ics, name="event-ics"),
    path("timelines/<slug:slug>/", views.timeline_detail, name="timeline-page"),
]
