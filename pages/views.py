"""Reader pages: the home page, an event, an actor, a place, a tag, and the proximity
analysis's page. Timelines (pages.timelines), days and anniversaries (pages.days) and
search (pages.searching) have modules of their own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from babel.dates import get_timezone_location
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from chronology.recurrence import next_anniversaries
from chronology.wording import LOCALES
from events import mapping as drawing
from events import translated
from events.choices import Choice
from events.models import Actor, Event, Place, Tag
from events.translated import countdown
from gateway.methods import answers, reads
from gateway.throttling import throttle
from pages import paging
from pages.keeping import Kept
from timeline import policy, summaries
from timeline.analysis import answers as analysis
from timeline.analysis import chart as proximity_chart
from timeline.anniversaries.ics import RSCALES
from timeline.anniversaries.listing import anniversaries, on_this_day
from timeline.models import Timeline
from timeline.readers import reader_timezone, reader_today

LIST_PAGE = 40  # events on an actor's, a place's or a tag's page
HOME_EVENTS = 6  # today's events on the home page, before "all of them"
HOME_MILESTONES = 6
HOME_TIMELINES = 6
WEEK = 7


@reads
def home(request):
    """Today's events through history and the milestones of today and the coming week
    (kept per day and version of the records), and the timelines (read each time: one
    query, and a new timeline shows at once)."""
    today = reader_today(request)
    kept = Kept("home").get_or_refuse(request, (today,), lambda: _home_days(request, today))
    if isinstance(kept, HttpResponse):
        return kept
    this_day, milestones = kept
    timelines = list(
        summaries.with_versions(
            Timeline.objects.filter(visibility=Timeline.Visibility.PUBLIC).order_by("title")
        )[: HOME_TIMELINES + 1]
    )
    return render(
        request,
        "home.html",
        {
            "on_this_day_html": this_day,
            "milestones_html": milestones,
            "today": today,
            "timezone_name": reader_timezone(request),
            "timelines": [
                (t, summaries.extent_of(summaries.stored(t))) for t in timelines[:HOME_TIMELINES]
            ],
            "more_timelines": len(timelines) > HOME_TIMELINES,
        },
    )


def _home_days(request, today) -> tuple[str, str]:
    events = Event.objects.published()
    this_day = on_this_day(events, today.month, today.day, today.year)
    shown = list(this_day.select_related("place").order_by("-sort_day", "-pk")[:HOME_EVENTS])
    week = anniversaries(
        events.select_related("place"),
        today,
        today + timedelta(days=WEEK - 1),
        milestones_only=True,
        limit=HOME_MILESTONES + 1,
    )
    context = {
        "today": today,
        "on_this_day": [(event, today.year - event.start_year) for event in shown],
        "on_this_day_count": this_day.count() if shown else 0,
        "milestones": [
            (event, a, countdown(today, a.occurs_on)) for event, a in week[:HOME_MILESTONES]
        ],
        "more_milestones": len(week) > HOME_MILESTONES,
        "week_end": today + timedelta(days=WEEK - 1),
    }
    return (
        render_to_string("pages/home_on_this_day.html", context, request=request),
        render_to_string("pages/home_milestones.html", context, request=request),
    )


def _published_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published().with_relations(), slug=slug)


def moment_display(event: Event) -> str:
    """ "27 July 1953, 10:00 Pyongyang time" for events with a time of day."""
    if event.time is None:
        return event.date_display
    zone = event.effective_timezone
    if not zone:
        return f"{event.date_display}, {event.time:%H:%M}"
    # The zone by its city, as CLDR names it in the page's language (평양, Пхеньян, 平壤).
    city = get_timezone_location(
        zone, locale=LOCALES[translated.current()], return_city=True
    ) or zone.rsplit("/", 1)[-1].replace("_", " ")
    return _("%(date)s, %(time)s %(city)s time") % {
        "date": event.date_display,
        "time": f"{event.time:%H:%M}",
        "city": city,
    }


@reads
def event_detail(request, slug: str):
    event = _published_event(slug)
    today = reader_today(request)
    rules = policy.feb29_policy(), policy.milestones()
    value, observed = event.date_value, event.observed_in
    milestone = next_anniversaries(value, today, 1, *rules, milestones_only=True, observed=observed)
    # The next few anniversaries, the milestone among them named once (above them).
    upcoming = [
        a
        for a in next_anniversaries(value, today, 4, *rules, observed=observed)
        if a not in milestone
    ][:3]
    in_timelines = Timeline.objects.visible_to(request.user).filter(entries__event=event)
    place = event.place
    where = (
        drawing.around(drawing.Spot(float(place.latitude), float(place.longitude), str(place)))
        if place is not None and place.latitude is not None and place.longitude is not None
        else None
    )
    return render(
        request,
        "pages/event_detail.html",
        {
            "event": event,
            "moment": moment_display(event),
            "today": today,
            "upcoming": [(a, countdown(today, a.occurs_on)) for a in upcoming],
            "milestone": [(a, countdown(today, a.occurs_on)) for a in milestone],
            "rscale_calendars": [o.value for o in RSCALES],
            "timelines": list(in_timelines.order_by("title")[:20]),
            "where": where,
        },
    )


def _listing(request, template: str, obj, events, target: str):
    page, after = paging.page(events, request.GET, LIST_PAGE)
    return render(
        request,
        template,
        {
            "object": obj,
            "events": page,
            "this_year": reader_today(request).year,
            "more_url": f"?after={after}" if after else "",
            "subscribe_target": target,
        },
    )


@reads
def actor_detail(request, slug: str):
    actor = get_object_or_404(Actor.objects.prefetch_related("names"), slug=slug)
    events = Event.objects.published().chosen(Choice(actor=actor.pk))
    return _listing(request, "pages/actor_detail.html", actor, events, "actor")


@reads
def place_detail(request, slug: str):
    place = get_object_or_404(Place, slug=slug)
    return _listing(
        request,
        "pages/place_detail.html",
        place,
        Event.objects.published().chosen(Choice(place=place.pk)),
        "place",
    )


@reads
def tag_detail(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(
        request,
        "pages/tag_detail.html",
        tag,
        Event.objects.published().chosen(Choice(tag=tag.pk)),
        "tag",
    )


# The form's select lists: the tags and public timelines to choose from (at most this many
# each; any other slug can still be typed into the URL).
PROXIMITY_CHOICES = 500
SUGGESTED = 50


def _proximity_head(request):
    # The answer is the costly part (throttled on GET): a HEAD gets the page's headers.
    return HttpResponse(content_type="text/html; charset=utf-8")


@answers(head=_proximity_head)
def proximity_page(request):
    """Are events timed to anniversaries? The form, and with a query the answer: a
    sentence, the histogram as SVG and the near events. Works without JavaScript."""
    asked = any(request.GET.get(name) for name in request.GET)
    sets = [
        {
            "prefix": prefix,
            "legend": legend,
            "values": {name: request.GET.get(f"{prefix}_{name}", "") for name in analysis.FILTERS},
        }
        for prefix, legend in (
            ("events", _("Events")),
            ("anchors", _("Anchors (their anniversaries)")),
        )
    ]
    choices = {
        "sets": sets,
        "tags": Tag.objects.order_by("name")[:PROXIMITY_CHOICES],
        "timelines": Timeline.objects.visible_to(request.user).order_by("title")[
            :PROXIMITY_CHOICES
        ],
        "kinds": Event.Kind.choices,
        # The first few people and places offered at once; typing asks the API for more.
        "actors": Actor.objects.order_by("name")[:SUGGESTED],
        "places": Place.objects.order_by("name")[:SUGGESTED],
    }
    if not asked:
        return render(request, "pages/proximity.html", {**choices, "window": 1})
    return _proximity_answer(request, choices)


@throttle("analysis")
def _proximity_answer(request, choices: dict):
    context: dict[str, Any] = {**choices, "window": request.GET.get("window") or 1}
    try:
        data = analysis.answer(request.GET, request.user)
    except analysis.BadQuery as bad:
        return render(
            request, "pages/proximity.html", {**context, "errors": bad.errors}, status=400
        )
    return render(
        request,
        "pages/proximity.html",
        {
            **context,
            "answer": data,
            "chart": proximity_chart.chart(data["histogram"], data["window"]),
            "api_url": reverse("analysis-proximity") + "?" + request.GET.urlencode(),
        },
    )
