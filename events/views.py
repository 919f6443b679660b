"""Exports of published events, streamed: CSV and JSON Lines with the import's columns."""

from __future__ import annotations

import csv
import io
import json

from django.http import StreamingHttpResponse

from events.api import with_relations
from events.exchange import COLUMNS, csv_cells, export_row
from events.models import Event


def _events(request):
    events = Event.objects.published()
    if tag := request.GET.get("tag"):
        events = events.filter(tags__slug=tag)
    if timeline := request.GET.get("timeline"):
        from timeline.models import Timeline

        visible = Timeline.objects.visible_to(request.user).filter(slug=timeline)
        events = events.filter(timeline_entries__timeline__in=visible)
    return with_relations(events.distinct()).order_by("sort_day", "pk").iterator(
        chunk_size=500)


def export_csv(request):
    def rows():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
        writer.writeheader()
        for event in _events(request):
            writer.writerow(csv_cells(export_row(event)))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="annals-events.csv"'
    return response


def export_jsonl(request):
    rows = (json.dumps(export_row(e), ensure_ascii=False) + "\n" for e in _events(request))
    response = StreamingHttpResponse(rows, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="annals-events.jsonl"'
    return response
