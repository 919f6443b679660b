"""Browsing by date: any day's events through history (/on-this-day/MM-DD/, today's at
/on-this-day/) and the anniversaries coming up (/anniversaries/).

Both are days of the reader's own calendar: "today" is taken in their time zone
(timeline.readers), and the year whose day it is decides which events another calendar
brings to it and where 29 February falls in a common year (the site's policy). Pages are
kept whole until the records change (pages.keeping).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import groupby

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from chronology import wording
from chronology.dates import century, is_leap_year
from chronology.recurrence import Feb29Policy
from events import translated
from events.models import Event
from events.selection import read_choice
from events.translated import countdown
from gateway import params
from gateway.methods import reads
from pages import paging
from pages.keeping import Kept
from timeline import policy
from timeline.anniversaries.listing import listing, on_this_day, resolve
from timeline.readers import reader_timezone, reader_today

DAY_PAGE = 100  # events of a day on one page
LEAP_SHOWN = 20  # events of 29 February shown on the day a common year keeps them
WINDOW_DAYS = 30  # the anniversaries page's default window
MAX_WINDOW = 366
ANNIVERSARY_PAGE = 50
MAX_ANNIVERSARY_PAGES = 100  # 5,000 rows deep, as the API
# A window is counted up to this many pages' worth: beyond, it says "more than", as
# counting a year of a million events' anniversaries costs more than reading a page.
COUNTED_PAGES = 20


# --- On this day ----------------------------------------------------------------------


def _month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of "MM-DD" (ASCII digits, a day some year has: 02-29 included)."""
    match = re.fullmatch(r"([0-9]{2})-([0-9]{2})", text, re.ASCII)
    if not match:
        return None
    month, day = int(match[1]), int(match[2])
    try:
        date(2000, month, day)  # a leap year: every day a year can have
    except ValueError:
        return None
    return month, day


def _no_such_day(request, asked: str) -> HttpResponse:
    return render(
        request,
        "pages/day_not_found.html",
        {"asked": asked, "months": _months()},
        status=404,
    )


def _months() -> list[tuple[int, str]]:
    language = translated.current()
    return [(number, wording.month_name(number, language)) for number in range(1, 13)]


@reads
def on_this_day_today(request):
    """Today's page in the reader's time zone; the day picker's answer (?month=&day=)
    goes on to that day's own address."""
    if "month" in request.GET or "day" in request.GET:
        month, day = params.collect(
            lambda: params.integer(request.GET, "month", low=1, high=12),
            lambda: params.integer(request.GET, "day", low=1, high=31),
        )
        asked = f"{month or 0:02d}-{day or 0:02d}"
        if _month_day(asked) is None:
            return _no_such_day(request, asked)
        return HttpResponseRedirect(reverse("on-this-day", args=[asked]))
    today = reader_today(request)
    return _day_page(request, today.month, today.day)


@reads
def on_this_day_page(request, month_day: str):
    found = _month_day(month_day)
    if found is None:
        return _no_such_day(request, month_day)
    return _day_page(request, *found)


def _day_page(request, month: int, day: int) -> HttpResponse:
    today = reader_today(request)
    year = params.integer(request.GET, "year", low=1, high=9999) or today.year
    parameters = (month, day, year, paging.cursor(request.GET))
    body = Kept("on-this-day").get_or_refuse(
        request, parameters, lambda: _day_body(request, month, day, year)
    )
    if isinstance(body, HttpResponse):
        return body
    return render(
        request,
        "pages/on_this_day.html",
        {
            "body": body,
            "month": month,
            "day": day,
            "title_day": date(2000, month, day),
            "timezone_name": reader_timezone(request),
            "is_today": (today.month, today.day) == (month, day),
        },
    )


def _day_body(request, month: int, day: int, year: int) -> str:
    events = on_this_day(Event.objects.published(), month, day, year)
    page, after = paging.page(events, request.GET, DAY_PAGE)
    milestones = policy.milestones()
    groups = [
        (number, [(event, year - event.start_year) for event in members])
        for number, members in groupby(page, key=lambda event: century(event.start_year))
    ]
    kept_here = _leap_day_kept_on(year, month, day)
    leap_events = (
        list(
            Event.objects.published()
            .on_this_day(2, 29)
            .select_related("place")
            .order_by("sort_day", "pk")[:LEAP_SHOWN]
        )
        if kept_here
        else []
    )
    shown = date(2000, month, day)
    return render_to_string(
        "pages/on_this_day_body.html",
        {
            "groups": groups,
            "count": events.count() if page else 0,
            "year": year,
            "milestones": milestones,
            "more_url": f"?after={after}" if after else "",
            "is_later_page": "after" in request.GET,
            "previous_day": shown - timedelta(days=1),
            "next_day": shown + timedelta(days=1),
            "shown": shown,
            "months": _months(),
            "days": range(1, 32),
            "leap_events": leap_events,
            "kept_here": kept_here,
        },
        request=request,
    )


def _leap_day_kept_on(year: int, month: int, day: int) -> bool:
    """Whether, in a common `year`, the site keeps 29 February's anniversaries on this day."""
    if is_leap_year(year):
        return False
    kept = (2, 28) if policy.feb29_policy() is Feb29Policy.FEB28 else (3, 1)
    return (month, day) == kept


# --- Coming anniversaries ---------------------------------------------------------------


@reads
def anniversaries_page(request):
    """The anniversaries (or milestones only) coming up: the next WINDOW_DAYS days by
    default, or ?from=&to= (at most MAX_WINDOW days), chosen by tag, actor or timeline,
    a page of ANNIVERSARY_PAGE at a time."""
    today = reader_today(request)
    start, end, milestones_only, number = params.collect(
        lambda: params.day(request.GET, "from"),
        lambda: params.day(request.GET, "to"),
        lambda: params.boolean(request.GET, "milestones", default=False),
        lambda: params.integer(request.GET, "page", low=1, high=MAX_ANNIVERSARY_PAGES),
    )
    start = start or today
    end = end or start + timedelta(days=WINDOW_DAYS - 1)
    if end < start:
        raise params.BadParameter({"to": gettext("The window ends before it starts.")})
    if (end - start).days >= MAX_WINDOW:
        raise params.BadParameter(
            {"to": gettext("A window may be at most %(days)s days long.") % {"days": MAX_WINDOW}}
        )
    choice = read_choice(request.GET, request.user, names=("tag", "actor", "timeline"))
    number = number or 1
    parameters = (start, end, milestones_only, sorted(choice.asked.items()), number, today)

    def body() -> str:
        return _anniversaries_body(request, start, end, milestones_only, choice, number, today)

    kept = Kept("anniversaries").get_or_refuse(request, parameters, body)
    if isinstance(kept, HttpResponse):
        return kept
    return render(
        request,
        "pages/anniversaries.html",
        {
            "body": kept,
            "start": start,
            "end": end,
            "milestones_only": milestones_only,
            "asked": choice.asked,
            "today": today,
            "timezone_name": reader_timezone(request),
            "calendar_url": _calendar_url(choice, milestones_only),
            "subscribe_url": _subscribe_url(choice),
        },
    )


def _anniversaries_body(request, start, end, milestones_only, choice, number, today) -> str:
    from events.models import Tag
    from timeline.models import Timeline

    rows = listing(
        Event.objects.published().chosen(choice), start, end, milestones_only=milestones_only
    )
    deepest = COUNTED_PAGES * ANNIVERSARY_PAGE
    total = rows.count_up_to(deepest)  # None: more than that (the pager goes on)
    first = (number - 1) * ANNIVERSARY_PAGE
    found = resolve(rows[first : first + ANNIVERSARY_PAGE], Event.objects.select_related("place"))
    days = [
        (day, [(event, a) for event, a in members])
        for day, members in groupby(found, key=lambda pair: pair[1].occurs_on)
    ]
    query = request.GET.copy()
    query.pop("page", None)

    def page_url(n: int) -> str:
        query["page"] = str(n)
        return f"?{query.urlencode()}"

    last_page = MAX_ANNIVERSARY_PAGES if total is None else max(1, -(-total // ANNIVERSARY_PAGE))
    return render_to_string(
        "pages/anniversaries_body.html",
        {
            "days": [(day, countdown(today, day), pairs) for day, pairs in days],
            "total": total,
            "deepest": deepest,
            "start": start,
            "end": end,
            "milestones_only": milestones_only,
            "asked": choice.asked,
            "left_out": rows.left_out,
            "number": number,
            "last_page": last_page,
            "previous_url": page_url(number - 1) if number > 1 else "",
            "next_url": page_url(number + 1) if number < last_page else "",
            "tags": Tag.objects.order_by("name")[:FILTER_CHOICES],
            "timelines": Timeline.objects.visible_to(request.user).order_by("title")[
                :FILTER_CHOICES
            ],
        },
        request=request,
    )


FILTER_CHOICES = 300  # tags and timelines offered in the filters' lists


def _calendar_url(choice, milestones_only: bool) -> str:
    for name, route in (("tag", "tag-ics"), ("actor", "actor-ics"), ("timeline", "timeline-ics")):
        if name in choice.asked:
            return reverse(route, args=[choice.asked[name]])
    return reverse("anniversaries-ics") + ("" if milestones_only else "?milestones_only=no")


def _subscribe_url(choice) -> str:
    for name in ("timeline", "tag", "actor"):
        if name in choice.asked:
            return reverse("subscribe", args=[name, choice.asked[name]])
    return reverse("subscribe-all")
