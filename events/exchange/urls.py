"""The exports, on the web."""

from django.urls import path

from events.exchange import views

urlpatterns = [
    path("exports/events.csv", views.export_csv, name="export-csv"),
    path("exports/events.jsonl", views.export_jsonl, name="export-jsonl"),
]
