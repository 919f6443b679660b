"""TimelineJS 3 data for a timeline: slides with honest dates, BCE years, groups by kind,
quotes from the sources as media with their credit, and eras from interval events.

TimelineJS renders these strings as HTML, so every text from the records is escaped."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape

from events.dates import DatePoint, Precision, display, display_point
from events.models import Event


def _date(point: DatePoint, shown: str) -> dict:
    value: dict = {"year": point.year, "display_date": shown}
    if point.precision in (Precision.DAY, Precision.MONTH):
        value["month"] = point.month
    elif point.precision is Precision.SEASON and point.first_month:
        value["month"] = point.first_month
    if point.precision is Precision.DAY:
        value["day"] = point.day
    return value


def slide(event: Event, url: str) -> dict:
    value = event.date_value
    data = {
        "unique_id": event.slug,
        "start_date": _date(value.first, display(value)),
        "text": {
            "headline": escape(event.title),
            "text": f"<p>{escape(event.summary)}</p>"
            f'<p><a href="{escape(url)}">Sources and anniversaries</a></p>',
        },
        "group": event.get_kind_display(),
    }
    if value.is_interval and value.start and value.end:
        data["end_date"] = _date(value.end, display_point(value.end))
    citation = next((c for c in event.citations.all() if c.quote), None)
    if citation is not None:
        source = citation.source
        data["media"] = {
            "url": f"<blockquote>{escape(citation.quote)}</blockquote>",
            "credit": escape(", ".join(filter(None, [source.title, source.publisher]))),
        }
    return data


def timelinejs(title: str, description: str, events: Iterable[Event], url_for) -> dict:
    events = list(events)
    eras = [
        {
            "start_date": _date(e.date_value.start, display_point(e.date_value.start)),
            "end_date": _date(e.date_value.end, display_point(e.date_value.end)),
            "text": {"headline": escape(e.title)},
        }
        for e in events
        if e.date_value.is_interval and e.date_value.start and e.date_value.end
    ]
    return {
        "title": {"text": {"headline": escape(title), "text": escape(description)}},
        "events": [slide(e, url_for(e)) for e in events],
        "eras": eras,
    }
