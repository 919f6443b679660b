"""iCalendar (RFC 5545) for anniversaries.

A day-precision date becomes a yearly all-day event with a stable UID. 29 February
needs no RFC 7529 RSCALE: plain rules that every client understands name the policy's
day exactly, in every year — BYMONTH=2;BYMONTHDAY=-1 (the last day of February: the
28th in common years) and BYYEARDAY=60 (1 March in common years, 29 February in leap
years). Coarser dates are left out rather than pinned to a false day. Milestone feeds
list each milestone as its own dated event, since a rule cannot skip the years between.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from icalendar import Alarm, Calendar
from icalendar import Event as VEvent

from events.dates import MAX_YEAR, DatePoint, Precision, listing_month_day
from events.models import Event
from timeline.anniversaries import Anniversary, Bound, Feb29Policy, bounds_of, observed_on

UID_DOMAIN = "annals"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Annals//Anniversaries//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _describe(event: Event) -> str:
    sources = "\n".join(
        f"- {c.source.title}{f', {c.source.publisher}' if c.source.publisher else ''}"
        f"{f' <{c.source.url}>' if c.source.url else ''}"
        for c in event.citations.all()
    )
    return "\n".join(
        filter(
            None,
            [
                f"{event.title}, {event.date_display}.",
                event.summary,
                f"Sources:\n{sources}" if sources else "",
            ],
        )
    )


def _alarm(component: VEvent, days: int | None) -> None:
    if days is None:
        return
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"In {days} days: {component['summary']}")
    alarm.add("trigger", timedelta(days=-days))
    component.add_component(alarm)


def _truncated(calendar: Calendar, limit: int | None) -> None:
    if limit is not None:
        calendar.add(
            "x-wr-caldesc",
            f"The first {limit:,} events only. Subscribe to a "
            "tag, actor or timeline calendar for the others.",
        )


def anniversary_calendar(
    events: Iterable[Event],
    *,
    name: str,
    url_for,
    policy: Feb29Policy,
    alarm_days: int | None = None,
    truncated_at: int | None = None,
) -> bytes:
    """Every day-precision start and end of `events` as yearly recurring all-day events.
    `truncated_at` says the events were cut at that many."""
    calendar = _calendar(name)
    _truncated(calendar, truncated_at)
    for event in events:
        for point, bound in bounds_of(event.date_value):
            # A day of 9999 has its first anniversary in a year no calendar can write.
            if point.precision is Precision.DAY and point.year < MAX_YEAR:
                component = _yearly(event, point, bound, url_for(event), policy)
                _alarm(component, alarm_days)
                calendar.add_component(component)
    return calendar.to_ical()


def _summary(event: Event, bound: Bound) -> str:
    if not event.date_value.is_interval:
        return f"Anniversary: {event.title}"
    return f"Anniversary: {event.title} ({'began' if bound is Bound.START else 'ended'})"


def _yearly(event: Event, point: DatePoint, bound: Bound, url: str, policy: Feb29Policy) -> VEvent:
    first_year = max(point.year + 1, 1)  # the first anniversary; iCalendar has no year 0
    start = observed_on(*listing_month_day(point), first_year, policy)
    component = VEvent()
    # Stable across exports and hosts: the event's slug and which end of it this is.
    component.add("uid", f"{event.slug}-{bound}@{UID_DOMAIN}")
    component.add("summary", _summary(event, bound))
    component.add("description", _describe(event))
    component.add("url", url)
    component.add("dtstart", start)
    component.add("dtend", start + timedelta(days=1))
    if (point.month, point.day) == (2, 29):
        rule = (
            {"freq": "YEARLY", "bymonth": 2, "bymonthday": -1}
            if policy is Feb29Policy.FEB28
            else {"freq": "YEARLY", "byyearday": 60}
        )
    else:
        rule = {"freq": "YEARLY"}
    component.add("rrule", rule)
    component.add("transp", "TRANSPARENT")
    return component


def milestone_calendar(
    found: Iterable[tuple[Event, Anniversary]],
    *,
    name: str,
    url_for,
    alarm_days: int | None = None,
    truncated_at: int | None = None,
) -> bytes:
    """Each (event, milestone anniversary) as a single dated all-day event."""
    calendar = _calendar(name)
    _truncated(calendar, truncated_at)
    for event, anniversary in found:
        component = VEvent()
        component.add("uid", f"{event.slug}-{anniversary.bound}-{anniversary.years}@{UID_DOMAIN}")
        end = " (its end)" if anniversary.bound is Bound.END else ""
        component.add("summary", f"{anniversary.label.capitalize()} of {event.title}{end}")
        component.add("description", _describe(event))
        component.add("url", url_for(event))
        component.add("dtstart", anniversary.occurs_on)
        component.add("dtend", anniversary.occurs_on + timedelta(days=1))
        component.add("transp", "TRANSPARENT")
        _alarm(component, alarm_days)
        calendar.add_component(component)
    return calendar.to_ical()


# The site-wide calendar's horizon: from a month ago, milestones ten years ahead (people
# plan for them), every anniversary one year ahead.
HORIZON_BACK_DAYS = 30
HORIZON_YEARS = {True: 10, False: 1}


def horizon(today: date, milestones_only: bool) -> tuple[date, date]:
    """The days the site-wide calendar covers."""
    ahead = timedelta(days=round(365.25 * HORIZON_YEARS[milestones_only]))
    end = min(today, date(MAX_YEAR, 12, 31) - ahead) + ahead
    return today - timedelta(days=HORIZON_BACK_DAYS), end
