"""iCalendar (RFC 5545) for anniversaries: each day-precision date as a yearly all-day
event. Coarser dates are left out rather than pinned to a false day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from events.dates import Precision
from events.models import Event
from timeline.anniversaries import Bound, Feb29Policy, bounds_of

UID_DOMAIN = "annals"


def anniversary_calendar(
    events: Iterable[Event], *, name: str, url_for, policy: Feb29Policy
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Annals//Anniversaries//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for event in events:
        for point, bound in bounds_of(event.date_value):
            if point.precision is not Precision.DAY:
                continue
            calendar.add_component(_yearly(event, point, bound, url_for(event), policy))
    return calendar.to_ical()


def _yearly(event: Event, point, bound: Bound, url: str, policy: Feb29Policy) -> VEvent:
    first_year = max(point.year + 1, 1)  # the first anniversary; iCalendar has no year 0
    component = VEvent()
    # Stable across exports and hosts: the event's slug and which end of it this is.
    component.add("uid", f"{event.slug}-{bound}@{UID_DOMAIN}")
    suffix = "" if not event.date_value.is_interval else (
        " (began)" if bound is Bound.START else " (ended)")
    component.add("summary", f"Anniversary: {event.title}{suffix}")
    sources = "; ".join(
        f"{c.source.title}{f' <{c.source.url}>' if c.source.url else ''}"
        for c in event.citations.all()
    )
    component.add("description", "\n".join(filter(None, [
        f"{event.title}, {event.date_display}.", event.summary,
        f"Sources: {sources}" if sources else "",
    ])))
    component.add("url", url)
    if point.month == 2 and point.day == 29:
        # RFC 7529 lets clients that know RSCALE skip to the policy's day; the plain
        # rule alone would only fire in leap years, so BYYEARDAY is not used either.
        start = date(_next_leap(first_year), 2, 29)
        component.add("dtstart", start)
        component.add("rrule", {
            "rscale": "GREGORIAN", "freq": "YEARLY", "bymonth": 2, "bymonthday": 29,
            "skip": "BACKWARD" if policy is Feb29Policy.FEB28 else "FORWARD",
        })
    else:
        start = date(first_year, point.month, point.day)
        component.add("dtstart", start)
        component.add("rrule", {"freq": "YEARLY"})
    component.add("dtend", start + timedelta(days=1))
    component.add("transp", "TRANSPARENT")
    return component


def _next_leap(year: int) -> int:
    while not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        year += 1
    return year
