"""The app's routes, plus minimal baseline views that read the same rows with .values()."""

from django.urls import path

from bench import views
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/events/", views.events_values),
    path("bench/anniversaries/", views.anniversaries_values),
    path("bench/plain-rows/", views.plain_rows),
    *app_urlpatterns,
]
