"""The map of events (/map/): the same filters as the events list and its GeoJSON, plus a
range of years. Drawn on the server as SVG (the land outline and one circle a place),
with the list of events, so that it works without JavaScript or a network; with
JavaScript, Leaflet (served by Annals) takes the GeoJSON and clusters the points, and a
time control narrows them without reloading. Kept per version of the records."""

from __future__ import annotations

from collections.abc import Callable

from babel import Locale
from django.conf import settings
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from chronology.dates import MAX_YEAR, MIN_YEAR
from chronology.wording import LOCALES
from events import mapping as drawing
from events import translated
from events.choices import DAYS, FACETS
from events.geography.geojson import place_label
from events.models import Event
from events.selection import read_choice
from gateway import params
from gateway.methods import reads
from pages import paging
from pages.keeping import Kept

# The places drawn on the server are those of the first DRAWN events in date order: a
# bound on the work one page can ask for (the corpus's 12,000 are all drawn).
DRAWN = 20_000
LISTED = 50
FILTERS = (*FACETS[1:], *DAYS)  # tag, actor, place, timeline, kind, after, before
# What the browser's map loads (GeoJSON pages of 2,000) before it says it stopped.
CLIENT_MOST = 20_000


def _read(request):
    query = request.GET
    q, first, last = params.collect(
        lambda: params.text(query, "q", max_length=200),
        lambda: params.integer(query, "from", low=MIN_YEAR, high=MAX_YEAR),
        lambda: params.integer(query, "to", low=MIN_YEAR, high=MAX_YEAR),
    )
    choice = read_choice(query, request.user, names=FILTERS)
    if first is not None and last is not None and last < first:
        raise params.BadParameter({"to": gettext("The range of years ends before it starts.")})
    return q, first, last, choice


def chosen_events(request):
    q, first, last, choice = _read(request)
    events = Event.objects.visible_to(request.user).chosen(choice)
    if q:
        events = events.matching(q)
    if first is not None:
        events = events.filter(start_year__gte=first)
    if last is not None:
        events = events.filter(start_year__lte=last)
    return events, q, first, last, choice


@reads
def map_page(request):
    events, q, first, last, choice = chosen_events(request)
    asked = {**choice.asked, **({"q": q} if q else {})}
    parameters = (sorted(asked.items()), first, last, paging.cursor(request.GET))
    body = Kept("map").get_or_refuse(request, parameters, lambda: _body(request, events))
    if isinstance(body, HttpResponse):
        return body
    # Titles, dates and places in the page's language.
    language = translation.get_language()
    asked_geo = {**asked, "lang": language} if language != settings.LANGUAGE_CODE else asked
    geo = reverse("geo-events") + (f"?{_query(asked_geo)}" if asked_geo else "")
    return render(
        request,
        "pages/map.html",
        {
            "body": body,
            "asked": asked,
            "first": first,
            "last": last,
            "geojson_url": geo,
            "client_most": CLIENT_MOST,
            "land_url": "annals/land-110m.geojson",
            "map_tiles": settings.ANNALS_MAP_TILES,
            "map_words": words(),
        },
    )


def words() -> dict:
    """What map.js writes, in the page's language; counts in each of the language's
    plural forms (CLDR's categories, as the browser's Intl.PluralRules names them)."""
    return {
        "language": translation.get_language(),
        "label": gettext("Map of the events’ places. Arrow keys move it; plus and minus zoom."),
        "place": gettext("A place"),
        "events": plural_forms(lambda n: ngettext("%(n)s event", "%(n)s events", n)),
        "shown": plural_forms(
            lambda n: ngettext("%(n)s event in these years", "%(n)s events in these years", n)
        ),
        "more": plural_forms(lambda n: ngettext("and %(n)s more", "and %(n)s more", n)),
        "cut": plural_forms(
            lambda n: ngettext(
                "(the first %(n)s; narrow the choice to see the rest)",
                "(the first %(n)s; narrow the choice to see the rest)",
                n,
            )
        ),
    }


def plural_forms(message: Callable[[int], str]) -> dict[str, str]:
    """{"one": "{n} event", "other": "{n} events"} (and few, many in Russian): the
    message for a number of each of the language's plural categories, {n} its place."""
    rule = Locale.parse(LOCALES[translated.current()]).plural_form
    forms: dict[str, str] = {}
    for n in (1, 2, 5, 21, 0, 11, 100, 3):
        forms.setdefault(rule(n), message(n) % {"n": "{n}"})
    return forms


def _query(asked: dict[str, str]) -> str:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update(asked)
    return query.urlencode()


def _body(request, events) -> str:
    first_events = events.order_by("sort_day", "pk").values("pk")[:DRAWN]
    places = list(
        Event.objects.filter(
            pk__in=first_events, place__latitude__isnull=False, place__longitude__isnull=False
        )
        .values(
            "place__slug",
            "place__name",
            "place__country",
            "place__latitude",
            "place__longitude",
            "place__translations",
        )
        .annotate(events=Count("pk"))
        .order_by("-events", "place__slug")
    )
    spots = [
        drawing.Spot(
            latitude=float(p["place__latitude"] or 0),  # never None: filtered above
            longitude=float(p["place__longitude"] or 0),
            label=place_label(p["place__name"], p["place__country"], p["place__translations"])
            or "",
            count=p["events"],
            url=reverse("place-page", args=[p["place__slug"]]),
        )
        for p in places
    ]
    page, after = paging.page(events, request.GET, LISTED)
    total = events.count() if len(page) < LISTED else None
    query = request.GET.copy()
    query.pop("after", None)
    if after:
        query["after"] = after
    return render_to_string(
        "pages/map_body.html",
        {
            "map": drawing.world(spots),
            "places": len(spots),
            "placed_events": sum(s.count for s in spots),
            "events": page,
            "total": total,
            "more_url": f"?{query.urlencode()}" if after else "",
            "drawn_cap": DRAWN,
        },
        request=request,
    )
