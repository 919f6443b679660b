"""Exports of published events, streamed: CSV and JSON Lines with the import's columns.

A whole export is the most work one request can ask for (bench/exports.py), so it is
rate-limited per client (ANNALS_THROTTLE_EXPORT) and streamed in chunks with flat memory.
"""

from __future__ import annotations

import csv
import io
from itertools import batched

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from events import columns
from events.exchange.export import csv_cells, export_dict, export_rows, json_text
from events.models import Event
from events.selection import read_choice
from gateway.methods import reads
from gateway.throttling import throttle

ROWS_PER_WRITE = 200  # rows per piece of the streamed body


def _chosen(request) -> QuerySet[Event]:
    """The published events the export's parameters choose (events.selection), read
    before the body starts: a bad parameter is a 400, not a broken stream."""
    choice = read_choice(request.GET, request.user, names=("tag", "timeline"))
    return Event.objects.published().chosen(choice)


@reads
@throttle("export")
def export_csv(request):
    events = _chosen(request)

    def pieces():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns.EXCHANGE)
        for rows in batched(export_rows(events), ROWS_PER_WRITE):
            writer.writerows(map(csv_cells, rows))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(pieces(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="annals-events.csv"'
    return response


@reads
@throttle("export")
def export_jsonl(request):
    events = _chosen(request)

    def pieces():
        for rows in batched(export_rows(events), ROWS_PER_WRITE):
            yield "".join(json_text(export_dict(row)) + "\n" for row in rows)

    response = StreamingHttpResponse(pieces(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="annals-events.jsonl"'
    return response
