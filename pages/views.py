"""Web pages for readers (server-rendered) and the calendar files they subscribe to."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse

from chronology.countdown import countdown
from chronology.dates import MAX_YEAR, MIN_YEAR, day_number
from chronology.recurrence import next_anniversaries
from events.choices import Choice
from events.models import Actor, Event, Place, Source, Tag
from gateway import params
from gateway.methods import answers, reads
from gateway.throttling import refused, throttle
from pages import density
from timeline import policy, summaries
from timeline.analysis import answers as analysis
from timeline.analysis import chart as proximity_chart
from timeline.anniversaries.ics import RSCALES
from timeline.anniversaries.listing import anniversaries, on_this_day
from timeline.models import Timeline
from timeline.readers import reader_timezone, reader_today

PAGE_SIZE = 150  # events on a timeline page before "load more"


@reads
def home(request):
    today = reader_today(request)
    this_day = (
        on_this_day(Event.objects.published(), today.month, today.day, today.year)
        .select_related("place")
        .order_by("sort_day", "pk")[:50]
    )
    upcoming = anniversaries(
        Event.objects.published().select_related("place"),
        today,
        today + timedelta(days=90),
        milestones_only=True,
        limit=30,
    )
    return render(
        request,
        "home.html",
        {
            "today": today,
            "timezone_name": reader_timezone(request),
            "on_this_day": this_day,
            "upcoming": [(event, a, countdown(today, a.occurs_on)) for event, a in upcoming],
            "timelines": Timeline.objects.visible_to(request.user).filter(
                visibility=Timeline.Visibility.PUBLIC
            ),
        },
    )


def _published_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published().with_relations(), slug=slug)


def moment_display(event: Event) -> str:
    """ "27 July 1953, 10:00 Pyongyang time" for events with a time of day."""
    if event.time is None:
        return event.date_display
    zone = event.effective_timezone
    city = zone.rsplit("/", 1)[-1].replace("_", " ") if zone else ""
    return f"{event.date_display}, {event.time:%H:%M}" + (f" {city} time" if city else "")


@reads
def event_detail(request, slug: str):
    event = _published_event(slug)
    today = reader_today(request)
    rules = policy.feb29_policy(), policy.milestones()
    value, observed = event.date_value, event.observed_in
    upcoming = next_anniversaries(value, today, 3, *rules, observed=observed)
    milestone = next_anniversaries(value, today, 1, *rules, milestones_only=True, observed=observed)
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
        },
    )


def _page(events, query) -> tuple[list[Event], str]:
    """Up to PAGE_SIZE events from the query's position on, and the `after` cursor of
    the next page ("" when this is the last)."""
    page = list(
        _keyset(events, query).select_related("place").order_by("sort_day", "pk")[: PAGE_SIZE + 1]
    )
    if len(page) <= PAGE_SIZE:
        return page, ""
    page = page[:PAGE_SIZE]
    return page, f"{page[-1].sort_day}.{page[-1].pk}"


# A sort day (days from 1970, a million years either way) and an id.
_DAY_BOUND = 400_000_000


def _cursor(query) -> tuple[int, int] | None:
    """?after=<sort_day>.<id>, the position the previous page ended at, or None."""
    text = params.text(query, "after", max_length=40)
    if not text:
        return None
    day, _, pk = text.partition(".")
    try:
        return (
            params.integer({"after": day}, "after", low=-_DAY_BOUND, high=_DAY_BOUND) or 0,
            params.integer({"after": pk}, "after", low=1, high=2**62) or 0,
        )
    except params.BadParameter:
        raise params.BadParameter(
            {"after": "Not a position from this list; start again from its first page."}
        ) from None


def _keyset(events, query):
    """Start the list after ?after=<sort_day>.<id> or at ?from=<year> (the strip's jumps)."""
    if (after := _cursor(query)) is not None:
        day, pk = after
        # sort_day >= day makes the position an index range (an OR alone would not be).
        return events.filter(sort_day__gte=day).filter(
            Q(sort_day__gt=day) | Q(sort_day=day, pk__gt=pk)
        )
    start = params.integer(query, "from", low=MIN_YEAR, high=MAX_YEAR)
    if start is not None:
        # Every event of that year or later starts on or after its first Gregorian day
        # (a Julian date falls days later): an index range, then the year itself.
        return events.filter(sort_day__gte=day_number(start, 1, 1), start_year__gte=start)
    return events


FACETS = ("tag", "actor", "place", "kind")


def _timeline_query(request, facets: summaries.Facets) -> QueryDict:
    """The request's query as the timeline page reads it: only the parameters it knows.
    A malformed value is a 400 naming it; a well-formed filter the timeline does not
    offer (not among its facets) is dropped, so it can neither reach the cached page's
    links nor make a cache entry of its own."""
    offered = {
        "tag": {t.slug for t in facets.tags},
        "actor": {a.slug for a in facets.actors},
        "place": {p.slug for p in facets.places},
        "kind": {k for k, _ in facets.kinds},
    }
    zoom, fragment, *chosen = params.collect(
        lambda: params.choice(request.GET, "zoom", density.ZOOMS),
        lambda: params.boolean(request.GET, "fragment", default=False),
        *(lambda name=name: params.slug(request.GET, name) for name in FACETS),
    )
    query = QueryDict(mutable=True)
    for name, value in zip(FACETS, chosen, strict=True):
        if value in offered[name]:
            query[name] = value
    if zoom:
        query["zoom"] = zoom
    if (after := _cursor(request.GET)) is not None:
        query["after"] = f"{after[0]}.{after[1]}"
    elif (start := params.integer(request.GET, "from", low=MIN_YEAR, high=MAX_YEAR)) is not None:
        query["from"] = str(start)
    if fragment:
        query["fragment"] = "1"
    return query


@reads
def timeline_detail(request, slug: str):
    timeline = get_object_or_404(
        summaries.with_versions(Timeline.objects.visible_to(request.user).select_related("owner")),
        slug=slug,
    )
    in_timeline = summaries.in_timeline(timeline)
    cache = summaries.Summaries(timeline)
    query = _timeline_query(request, cache.facets(in_timeline))
    fragment = "fragment" in query  # "load more" from annals.js

    def body() -> str:
        return render_to_string(
            "pages/timeline_items.html" if fragment else "pages/timeline_body.html",
            _timeline_page(query, timeline, in_timeline, cache),
        )

    # All but the subscribe form is the same for every reader who may see the timeline,
    # and reading 100,000 entries is slow: the first page of each choice of filters, and
    # each jump of the strip (?from=), is rendered once until the timeline, its entries or
    # its events change (timeline.summaries). Later pages (?after=) are keyset reads off
    # the index and are not kept. Filters and jumps make millions of possible pages: an
    # anonymous client may make only so many that are not kept yet (ANNALS_THROTTLE_FACETS).
    if "after" in query:
        html = body()
    else:
        key = f"page:{summaries.digest(sorted(query.lists()))}"
        chosen = query.keys() - {"fragment"}
        if chosen and not cache.has(key) and (too_many := refused("facets", request)):
            return too_many
        html = cache.cached(key, body)
    if fragment:
        return HttpResponse(html)
    return render(
        request,
        "pages/timeline_detail.html",
        {
            "timeline": timeline,
            "body": html,
        },
    )


def _timeline_page(
    query: QueryDict, timeline: Timeline, in_timeline, cache: summaries.Summaries
) -> dict:
    """The context of a timeline page: the chosen filters, the density strip, and a page
    of events from the query's position on."""
    filters = _timeline_filters(query, cache.facets(in_timeline))
    events = in_timeline.chosen(filters["choice"])
    chosen = cache.span(filters["active"], events)
    years = (chosen.last or 0) - (chosen.first or 0)
    default_zoom = "century" if years > 300 else "decade" if years > 30 else "year"
    zoom = query.get("zoom") or default_zoom
    page, after = _page(events, query)
    groups: dict[int, list[Event]] = {}
    for event in page:
        groups.setdefault(density.period_start(event.start_year, zoom), []).append(event)
    bars = density.bars(chosen.year_counts, zoom, around=page[0].start_year if page else None)
    params = query.copy()
    for name in ("after", "from", "fragment"):
        params.pop(name, None)
    next_params = params.copy()
    if after:
        next_params["after"] = after
        if "fragment" in query:
            next_params["fragment"] = "1"
    return {
        "timeline": timeline,
        "zoom": zoom,
        "zooms": list(density.ZOOMS),
        "groups": [
            (density.period_label(start, zoom), start, items) for start, items in groups.items()
        ],
        "bars": bars,
        "strip_end": bars[-1].label if bars else "",
        "more_url": f"?{next_params.urlencode()}" if after else "",
        "params": params,
        "filters": filters,
        "count": chosen.count,
    }


def _timeline_filters(query: QueryDict, facets: summaries.Facets) -> dict:
    """The timeline's filter choices (summaries.Facets) and those chosen (`query` holds
    only accepted values: _timeline_query), as the Choice they make."""
    offered: dict[str, list[Any]] = {
        "tag": facets.tags,
        "actor": facets.actors,
        "place": facets.places,
    }
    ids = {name: {record.slug: record.pk for record in offered[name]} for name in offered}
    active = {name: str(query[name]) for name in FACETS if name in query}
    choice = Choice(
        **{name: ids[name][slug] for name, slug in active.items() if name in ids},
        kind=active.get("kind", ""),
    )
    return {
        "tags": facets.tags,
        "actors": facets.actors,
        "places": facets.places,
        "kinds": facets.kinds,
        "active": active,
        "choice": choice,
        "selected": {name: query.get(name, "") for name in FACETS},
    }


@reads
def timeline_interactive(request, slug: str):
    timeline = get_object_or_404(Timeline.objects.visible_to(request.user), slug=slug)
    return render(
        request,
        "pages/timeline_interactive.html",
        {
            "timeline": timeline,
            "data_url": reverse("timeline-timelinejs", args=[timeline.slug]),
        },
    )


def _listing(request, template: str, obj, events, target: str):
    page, after = _page(events, request.GET)
    return render(
        request,
        template,
        {
            "object": obj,
            "events": page,
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


def _search_head(request):
    params.text(request.GET, "q")  # the GET's own check: a 400 for a bad query
    return HttpResponse(content_type="text/html; charset=utf-8")


@answers(head=_search_head)
@throttle("search")
def search(request):
    query = params.text(request.GET, "q")
    results: dict[str, list[Any]] = {"events": [], "actors": [], "sources": []}
    if query:
        results["actors"] = list(Actor.objects.matching(query).prefetch_related("names")[:20])
        results["events"] = list(
            Event.objects.published()
            .matching(query)
            .select_related("place")
            .order_by("sort_day", "pk")[:50]
        )
        results["sources"] = list(
            Source.objects.filter(Q(title__icontains=query) | Q(publisher__icontains=query))[:20]
        )
    return render(request, "pages/search.html", {"query": query, **results})


# The form's select lists: the tags and public timelines to choose from (at most this many
# each; any other slug can still be typed into the URL).
PROXIMITY_CHOICES = 500


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
        for prefix, legend in (("events", "Events"), ("anchors", "Anchors (their anniversaries)"))
    ]
    choices = {
        "sets": sets,
        "tags": Tag.objects.order_by("name")[:PROXIMITY_CHOICES],
        "timelines": Timeline.objects.visible_to(request.user).order_by("title")[
            :PROXIMITY_CHOICES
        ],
        "kinds": Event.Kind.choices,
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
