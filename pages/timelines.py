"""Timelines for readers: the index of public timelines, a timeline's page (its events
by period, the density strip, filters, a page at a time, kept whole per choice) and its
interactive view (TimelineJS)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext_lazy

from chronology.dates import MAX_YEAR, MIN_YEAR
from events import translated
from events.choices import Choice
from events.models import Event
from gateway import params
from gateway.methods import reads
from gateway.throttling import refused
from pages import density, paging
from timeline import summaries
from timeline.models import Timeline

PAGE_SIZE = 80  # events on a timeline page before "load more"
INDEX_PAGE = 50  # timelines on a page of the index

# The strip's periods, as the zoom control and the strip's captions name them.
ZOOM_NAMES = {
    "century": pgettext_lazy("zoom", "century"),
    "decade": pgettext_lazy("zoom", "decade"),
    "year": pgettext_lazy("zoom", "year"),
}


@reads
def timelines(request):
    """Every public timeline (and the reader's own), with its span, its number of events
    and its description: what a summary stored for each says (a worker refreshes a stale
    one; one never worked out is asked for, and shown as being counted)."""
    number = params.integer(request.GET, "page", low=1, high=10_000) or 1
    listed = summaries.with_versions(
        Timeline.objects.visible_to(request.user).select_related("owner").order_by("title", "pk")
    )[(number - 1) * INDEX_PAGE : number * INDEX_PAGE + 1]
    rows = []
    for timeline in list(listed)[:INDEX_PAGE]:
        rows.append(
            {"timeline": timeline, "extent": summaries.extent_of(summaries.stored(timeline))}
        )
    return render(
        request,
        "pages/timelines.html",
        {
            "rows": rows,
            "page_number": number,
            "previous_url": f"?page={number - 1}" if number > 1 else "",
            "next_url": f"?page={number + 1}" if len(listed) > INDEX_PAGE else "",
        },
    )


FACETS = ("tag", "actor", "place", "kind")


def _timeline_query(request, read_facets: Callable[[], summaries.Facets]) -> QueryDict:
    """The request's query as the timeline page reads it: only the parameters it knows.
    A malformed value is a 400 naming it; a well-formed filter the timeline does not
    offer (not among its facets) is dropped, so it can neither reach the cached page's
    links nor make a cache entry of its own. The facets are read only when a filter is
    asked for: a warm page without one costs its one query."""
    zoom, fragment, *chosen = params.collect(
        lambda: params.choice(request.GET, "zoom", density.ZOOMS),
        lambda: params.boolean(request.GET, "fragment", default=False),
        *(lambda name=name: params.slug(request.GET, name) for name in FACETS),
    )
    query = QueryDict(mutable=True)
    if any(chosen):
        facets = read_facets()
        offered = {
            "tag": {t.slug for t in facets.tags},
            "actor": {a.slug for a in facets.actors},
            "place": {p.slug for p in facets.places},
            "kind": {k for k, _ in facets.kinds},
        }
        for name, value in zip(FACETS, chosen, strict=True):
            if value in offered[name]:
                query[name] = value
    if zoom:
        query["zoom"] = zoom
    if (after := paging.cursor(request.GET)) is not None:
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
    cache.prepare(in_timeline)
    query = _timeline_query(request, lambda: cache.facets(in_timeline))
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
    page, after = paging.page(events, query, PAGE_SIZE)
    groups: dict[int, list[Event]] = {}
    for event in page:
        groups.setdefault(density.period_start(event.start_year, zoom), []).append(event)
    language = translated.current()
    around = page[0].start_year if page else None
    bars = density.bars(chosen.year_counts, zoom, around=around, language=language)
    ticks = density.axis(bars, zoom, language=language)
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
        "zooms": [(level, ZOOM_NAMES[level]) for level in density.ZOOMS],
        "zoom_name": ZOOM_NAMES[zoom],
        "groups": [
            (density.period_label(start, zoom, language), start, items)
            for start, items in groups.items()
        ],
        "bars": bars,
        "ticks": ticks,
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
            "data_url": reverse("timeline-timelinejs", args=[timeline.slug])
            + f"?lang={translation.get_language()}",
            "locale_url": reverse("timelinejs-locale", args=[translation.get_language()]),
        },
    )
