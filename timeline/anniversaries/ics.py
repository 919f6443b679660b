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

from django.utils.translation import gettext, ngettext
from icalendar import Alarm, Calendar
from icalendar import Event as VEvent

from chronology.calendars import Observed, hebrew_leap_year, to_calendar
from chronology.dates import (
    MAX_YEAR,
    DatePoint,
    Precision,
    civil_from_day_number,
    listing_month_day,
)
from chronology.recurrence import (
    Anniversary,
    Bound,
    Feb29Policy,
    bounds_of,
    observed_days,
    observed_on,
)
from events import translated
from events.models import Event

UID_DOMAIN = "annals"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Annals//Anniversaries//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _language() -> str:
    """The language of the file's text, as a BCP 47 tag (RFC 5545 LANGUAGE): zh-Hans."""
    return {"zh-hans": "zh-Hans"}.get(translated.current(), translated.current())


def _text(component, name: str, text: str) -> None:
    """A text property with its LANGUAGE, so that a calendar app reads it as written."""
    component.add(name, text, parameters={"LANGUAGE": _language()})


def _title(event: Event) -> str:
    return translated.shown(event, "title", translated.current()).text


def _describe(event: Event) -> str:
    sources = "\n".join(
        f"- {c.source.title}{f', {c.source.publisher}' if c.source.publisher else ''}"
        f"{f' <{c.source.url}>' if c.source.url else ''}"
        for c in event.citations.all()
    )
    summary = translated.shown(event, "summary", translated.current()).text
    return "\n".join(
        filter(
            None,
            [
                f"{_title(event)}, {event.date_display}.",
                summary,
                gettext("Sources:") + f"\n{sources}" if sources else "",
            ],
        )
    )


def _alarm(component: VEvent, days: int | None) -> None:
    if days is None:
        return
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    soon = ngettext("In %(n)s day", "In %(n)s days", days) % {"n": days}
    alarm.add(
        "description", f"{soon}: {component['summary']}", parameters={"LANGUAGE": _language()}
    )
    alarm.add("trigger", timedelta(days=-days))
    component.add_component(alarm)


def _truncated(calendar: Calendar, limit: int | None) -> None:
    if limit is not None:
        calendar.add(
            "x-wr-caldesc",
            gettext(
                "The first %(limit)s events only. Subscribe to a tag, actor or timeline "
                "calendar for the others."
            )
            % {"limit": f"{limit:,}"},
        )


def anniversary_calendar(
    events: Iterable[Event],
    *,
    name: str,
    url_for,
    policy: Feb29Policy,
    today: date,
    alarm_days: int | None = None,
    truncated_at: int | None = None,
    rscale: bool = False,
) -> bytes:
    """Every day-precision start and end of `events` as yearly recurring all-day events.
    `truncated_at` says the events were cut at that many; `rscale` adds RFC 7529 rules to
    the anniversaries other calendars keep."""
    calendar = _calendar(name)
    _truncated(calendar, truncated_at)
    for event in events:
        for point, bound in bounds_of(event.date_value):
            if point.precision is not Precision.DAY:
                continue
            component: VEvent | None
            if event.observed_in is Observed.AS_WRITTEN:
                component = _yearly(event, point, bound, url_for(event), policy)
            elif event.observed_in is Observed.GREGORIAN:
                gregorian = civil_from_day_number(point.earliest)
                component = _yearly(event, point, bound, url_for(event), policy, gregorian)
            else:
                component = _moving(event, point, bound, url_for(event), policy, today, rscale)
            if component is not None:
                _alarm(component, alarm_days)
                calendar.add_component(component)
    return calendar.to_ical()


# Explicit days written for an anniversary another calendar keeps: from a year back to
# this many years ahead (at least the 20 that clients without RSCALE need).
RDATE_YEARS = 25

# RFC 7529's names (CLDR's) for the calendars it can repeat in. Julian has none.
RSCALES = {
    Observed.KOREAN_LUNAR: "DANGI",
    Observed.CHINESE_LUNAR: "CHINESE",
    Observed.HEBREW: "HEBREW",
    Observed.ISLAMIC: "ISLAMIC-UMALQURA",
}

# convertdate's Hebrew months (1 Nisan … 7 Tishrei … 12 Adar, 13 Adar II) in RFC 7529's
# numbering (1 Tishrei … 5 Shevat, 5L Adar I, 6 Adar / Adar II, 7 Nisan … 12 Elul).
_HEBREW_RSCALE_MONTH = {7: 1, 8: 2, 9: 3, 10: 4, 11: 5, 12: 6, 13: 6, 1: 7, 2: 8, 3: 9}
_HEBREW_RSCALE_MONTH |= {4: 10, 5: 11, 6: 12}


def rscale_rule(observed: Observed, origin_day: date) -> dict | None:
    """The RFC 7529 rule that repeats `origin_day` as `observed` keeps it, where one says
    exactly what chronology.calendars.observed_day does: not for a lunar leap month (a rule
    moves it to another day than the regular month's), nor for Adar I (likewise)."""
    if observed not in RSCALES:
        return None
    origin = to_calendar(observed, origin_day)
    if origin.leap:
        return None
    month = origin.month
    if observed is Observed.HEBREW:
        if month == 12 and hebrew_leap_year(origin.year):
            return None
        month = _HEBREW_RSCALE_MONTH[month]
    rule = {"rscale": RSCALES[observed], "freq": "YEARLY", "bymonth": month}
    rule["bymonthday"] = origin.day
    if origin.day == 30:
        rule["skip"] = "BACKWARD"  # a month of 29 days that year: the 29th, as observed_day
    return rule


def _moving(
    event: Event,
    point: DatePoint,
    bound: Bound,
    url: str,
    policy: Feb29Policy,
    today: date,
    rscale: bool,
) -> VEvent | None:
    """An anniversary kept in another calendar: its days from a year back to RDATE_YEARS
    ahead (inside the calendar's tables), and its RSCALE rule when asked for one."""
    observed = event.observed_in
    start = date(max(today.year - 1, 1), 1, 1)
    end = date(min(today.year + RDATE_YEARS, MAX_YEAR), 12, 31)
    days = [
        day
        for _, day in observed_days(point, event.date_value.calendar, observed, start, end, policy)
        if day < date(MAX_YEAR, 12, 31)  # its end would be in 10000
    ]
    if not days:
        return None
    component = VEvent()
    component.add("uid", f"{event.slug}-{bound}@{UID_DOMAIN}")
    _text(component, "summary", _summary(event, bound))
    kept = gettext("Kept in %(calendar)s.") % {"calendar": event.observed_name}
    _text(component, "description", f"{_describe(event)}\n{kept}")
    component.add("url", url)
    component.add("dtstart", days[0])
    component.add("dtend", days[0] + timedelta(days=1))
    origin = civil_from_day_number(point.earliest)
    # A rule needs the origin as a date: years before 1 (Python's and iCalendar's first)
    # keep their explicit days only.
    if rscale and origin[0] >= 1 and (rule := rscale_rule(observed, date(*origin))):
        component.add("rrule", rule)
    if days[1:]:
        component.add("rdate", days[1:])
    component.add("transp", "TRANSPARENT")
    return component


def _summary(event: Event, bound: Bound) -> str:
    if not event.date_value.is_interval:
        return gettext("Anniversary: %(title)s") % {"title": _title(event)}
    if bound is Bound.START:
        return gettext("Anniversary: %(title)s (began)") % {"title": _title(event)}
    return gettext("Anniversary: %(title)s (ended)") % {"title": _title(event)}


def _yearly(
    event: Event,
    point: DatePoint,
    bound: Bound,
    url: str,
    policy: Feb29Policy,
    gregorian: tuple[int, int, int] | None = None,
) -> VEvent | None:
    """A yearly rule on the written month and day, or on the `gregorian` day's; None when
    the first anniversary is past what a calendar can write."""
    year, month, day = gregorian or (point.year, *listing_month_day(point))
    first_year = max(year + 1, 1)  # the first anniversary; iCalendar has no year 0
    # A first anniversary after 9999, or on its last day (whose end is 10000), is in no
    # year a calendar can write: the event has none in the file.
    if first_year > MAX_YEAR:
        return None
    start = observed_on(month, day, first_year, policy)
    if start == date(MAX_YEAR, 12, 31):
        return None
    component = VEvent()
    # Stable across exports and hosts: the event's slug and which end of it this is.
    component.add("uid", f"{event.slug}-{bound}@{UID_DOMAIN}")
    _text(component, "summary", _summary(event, bound))
    _text(component, "description", _describe(event))
    component.add("url", url)
    component.add("dtstart", start)
    component.add("dtend", start + timedelta(days=1))
    if (month, day) == (2, 29):
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
    notes: dict[str, str] | None = None,
) -> bytes:
    """Each (event, milestone anniversary) as a single dated all-day event. `notes` say
    which events another calendar keeps could be listed only in part."""
    calendar = _calendar(name)
    _truncated(calendar, truncated_at)
    if notes:
        calendar.add("x-wr-caldesc", " ".join(notes.values()))
    for event, anniversary in found:
        component = VEvent()
        component.add("uid", f"{event.slug}-{anniversary.bound}-{anniversary.years}@{UID_DOMAIN}")
        label = translated.anniversary_words(anniversary)
        label = f"{label[:1].upper()}{label[1:]}"
        if anniversary.bound is Bound.END:
            words = gettext("%(label)s of %(title)s (its end)")
        else:
            words = gettext("%(label)s of %(title)s")
        _text(component, "summary", words % {"label": label, "title": _title(event)})
        _text(component, "description", _describe(event))
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
