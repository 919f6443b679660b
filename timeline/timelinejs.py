"""TimelineJS 3 data for a timeline: slides with honest dates, BCE years, groups by kind,
quotes from the sources as media with their credit, and eras from interval events, in the
language asked for (dates written by Annals, never by TimelineJS).

TimelineJS renders these strings as HTML, so every text from the records is escaped."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.html import escape
from django.utils.translation import gettext

from chronology import wording
from chronology.calendars import Observed
from chronology.dates import Calendar, DatePoint, Precision, civil_from_day_number
from chronology.recurrence import Feb29Policy, Milestones, next_anniversaries
from events import translated
from events.models import Event
from gateway.absolute_urls import absolute_url


def _date(point: DatePoint, shown: str, calendar: Calendar) -> dict:
    year, month, day = point.year, point.month or point.first_month, point.day
    if calendar is not Calendar.GREGORIAN:
        # TimelineJS places slides by Gregorian dates: a Julian date's first Gregorian
        # day; the words stay as written ("25 October 1917 O.S. (7 November 1917 N.S.)").
        year, month, day = civil_from_day_number(point.earliest)
    # TimelineJS writes a negative year as its absolute value with the era word ("43"
    # and "BCE" for -43), which is 44 BC: it is given the year people write, negated, so
    # that its axis says 44 BC where 44 BC is (one year of spacing at the era's turn).
    value: dict = {"year": year if year > 0 else year - 1, "display_date": shown}
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
    calendar = event.observed_name
    if not found:
        return (
            "<p>"
            + escape(gettext("Anniversaries kept in %(calendar)s.") % {"calendar": calendar})
            + "</p>"
        )
    day = found[0].occurs_on
    words = gettext("Anniversaries kept in %(calendar)s: the next, %(day)s.") % {
        "calendar": calendar,
        "day": wording.day_words(day.year, day.month, day.day, translated.current()),
    }
    return f"<p>{escape(words)}</p>"


def slide(event: Event, url: str, today: date, policy: Feb29Policy) -> dict:
    value = event.date_value
    language = translated.current()
    interval = value.is_interval and value.start is not None and value.end is not None
    # The slide's own display_date is the whole date, as honest as it is ("early 2020",
    # "25 June 1950 – 27 July 1953"); each end shows only itself, so that no label says
    # the end twice (TimelineJS joins the ends when a slide has none of its own).
    shown = wording.display(value, language)
    first_shown = wording.point_words(value.first, value.calendar, language) if interval else shown
    title = translated.shown(event, "title", language)
    summary = translated.shown(event, "summary", language)
    data = {
        "unique_id": event.slug,
        "display_date": shown,
        "start_date": _date(value.first, first_shown, value.calendar),
        "text": {
            "headline": translated.html(title),
            "text": f"<p>{translated.html(summary)}</p>"
            + _kept(event, today, policy)
            + f'<p><a href="{escape(url)}">{escape(gettext("Sources and anniversaries"))}</a></p>',
        },
        "group": event.get_kind_display(),
    }
    if interval and value.end is not None:
        data["end_date"] = _date(
            value.end, wording.point_words(value.end, value.calendar, language), value.calendar
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
    language = translated.current()
    start = wording.point_words(value.start, value.calendar, language)
    end = wording.point_words(value.end, value.calendar, language)
    return {
        "start_date": _date(value.start, start, value.calendar),
        "end_date": _date(value.end, end, value.calendar),
        "text": {"headline": translated.html(translated.shown(event, "title", language))},
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
