"""TimelineJS 3 data for a timeline: slides with honest dates, BCE years, groups by kind,
quotes from the sources as media with their credit, and eras from interval events.

TimelineJS renders these strings as HTML, so every text from the records is escaped."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.html import escape

from chronology.calendars import OBSERVED_NAMES, Observed
from chronology.dates import (
    Calendar,
    DatePoint,
    Precision,
    civil_from_day_number,
    display,
    display_point_in,
)
from chronology.recurrence import Feb29Policy, Milestones, next_anniversaries
from events.models import Event
from gateway.absolute_urls import absolute_url


def _date(point: DatePoint, shown: str, calendar: Calendar) -> dict:
    year, month, day = point.year, point.month or point.first_month, point.day
    if calendar is not Calendar.GREGORIAN:
        # TimelineJS places slides by Gregorian dates: a Julian date's first Gregorian
        # day; the words stay as written ("25 October 1917 O.S. (7 November 1917 N.S.)").
        year, month, day = civil_from_day_number(point.earliest)
    value: dict = {"year": year, "display_date": shown}
    if point.precision in (Precision.DAY, Precision.MONTH, Precision.SEASON) and month:
        value["month"] = month
    if point.precision is Precision.DAY:
        value["day"] = day
    return value


def _kept(event: Event, today: date, policy: Feb29Policy) -> str:
    """For anniversaries another calendar keeps: which, and when the next falls."""
    observed = event.observed_in
    if observed is Observed.AS_WRITTEN:
        return ""
    found = next_anniversaries(event.date_value, today, 1, policy, Milestones(), observed=observed)
    upcoming = f": the next, {found[0].occurs_on:%-d %B %Y}" if found else ""
    return f"<p>Anniversaries kept in {escape(OBSERVED_NAMES[observed])}{upcoming}.</p>"


def slide(event: Event, url: str, today: date, policy: Feb29Policy) -> dict:
    value = event.date_value
    interval = value.is_interval and value.start is not None and value.end is not None
    # The slide's own display_date is the whole date, as honest as it is ("early 2020",
    # "25 June 1950 – 27 July 1953"); each end shows only itself, so that no label says
    # the end twice (TimelineJS joins the ends when a slide has none of its own).
    first_shown = display_point_in(value.first, value.calendar) if interval else display(value)
    data = {
        "unique_id": event.slug,
        "display_date": display(value),
        "start_date": _date(value.first, first_shown, value.calendar),
        "text": {
            "headline": escape(event.title),
            "text": f"<p>{escape(event.summary)}</p>"
            + _kept(event, today, policy)
            + f'<p><a href="{escape(url)}">Sources and anniversaries</a></p>',
        },
        "group": event.get_kind_display(),
    }
    if interval and value.end is not None:
        data["end_date"] = _date(
            value.end, display_point_in(value.end, value.calendar), value.calendar
        )
    picture = event.picture
    citation = next((c for c in event.citations.all() if c.quote), None)
    if picture is not None:
        data["media"] = {
            "url": absolute_url(picture["url"]),
            "thumbnail": absolute_url(picture["thumbnail_url"]),
            "alt": escape(picture["alt"]),
            "caption": escape(picture["alt"]),
            "credit": escape(picture["credit"]),
        }
    elif citation is not None:
        source = citation.source
        data["media"] = {
            "url": f"<blockquote>{escape(citation.quote)}</blockquote>",
            "credit": escape(", ".join(filter(None, [source.title, source.publisher]))),
        }
    return data


def _era(event: Event) -> dict | None:
    """An interval event as a band behind the slides."""
    value = event.date_value
    if value.start is None or value.end is None:
        return None
    return {
        "start_date": _date(
            value.start, display_point_in(value.start, value.calendar), value.calendar
        ),
        "end_date": _date(value.end, display_point_in(value.end, value.calendar), value.calendar),
        "text": {"headline": escape(event.title)},
    }


def timelinejs(
    title: str,
    description: str,
    events: Iterable[Event],
    url_for,
    *,
    today: date,
    policy: Feb29Policy,
) -> dict:
    events = list(events)
    eras = [_era(e) for e in events if e.date_value.is_interval]
    eras = [era for era in eras if era is not None]
    return {
        "title": {"text": {"headline": escape(title), "text": escape(description)}},
        "events": [slide(e, url_for(e), today, policy) for e in events],
        "eras": eras,
    }
