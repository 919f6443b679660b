"""Search for readers: one box, then events, people and places (and sources) in sections,
each with how many match; events a page at a time, by date, with the words found marked
and, when they matched through a participant's name, which one.

Events are found through the search index (EventQuerySet.searched): a count is exact up
to the index's SEARCH_IDS, and "more than" beyond. Searches are throttled per anonymous
client (ANNALS_THROTTLE_SEARCH).
"""

from __future__ import annotations

import re

from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import render

from events.models import SEARCH_IDS, Actor, ActorName, Event, Participation, Place, Source
from events.search import common, fold, query_words
from gateway import params
from gateway.methods import answers
from gateway.throttling import throttle

EVENTS_PAGE = 20
MAX_PAGES = 50  # 1,000 events deep: a reader narrows the search before going further
OTHERS = 12  # people, places and sources shown
COMMON_COUNTED = 1_000
ORDERS = {"oldest": ("sort_day", "pk"), "newest": ("-sort_day", "-pk")}


def _search_head(request):
    _read(request)  # the GET's own checks: a 400 for a bad query
    return HttpResponse(content_type="text/html; charset=utf-8")


def _read(request) -> tuple[str, int, str]:
    return tuple(
        params.collect(
            lambda: params.text(request.GET, "q", max_length=200),
            lambda: params.integer(request.GET, "page", low=1, high=MAX_PAGES) or 1,
            lambda: params.choice(request.GET, "order", ORDERS) or "oldest",
        )
    )


@answers(head=_search_head)
@throttle("search")
def search(request):
    query, number, order = _read(request)
    context: dict = {"query": query, "order": order, "orders": list(ORDERS)}
    words = query_words(query)
    if words:
        context |= _events(query, words, number, order, request)
        context["actors"], context["actors_more"] = _capped(
            Actor.objects.matching(query).prefetch_related("names").order_by("name")
        )
        context["places"], context["places_more"] = _capped(
            Place.objects.matching(query).order_by("name", "country")
        )
        context["sources"], context["sources_more"] = _capped(
            Source.objects.filter(Q(title__icontains=query) | Q(publisher__icontains=query))
        )
    return render(request, "pages/search.html", context)


def _capped(found) -> tuple[list, bool]:
    """The first OTHERS, and whether there are more."""
    rows = list(found[: OTHERS + 1])
    return rows[:OTHERS], len(rows) > OTHERS


def _events(query: str, words: list[str], number: int, order: str, request) -> dict:
    events, few = Event.objects.published().searched(query)
    more_than = SEARCH_IDS
    if few:
        total: int | None = events.count()
    elif common(words):
        # Single letters match most events: the first COMMON_COUNTED are met at once, so
        # a count up to there is cheap (a small site's "a" still says how many).
        more_than = COMMON_COUNTED
        found = len(events.values_list("pk", flat=True)[: COMMON_COUNTED + 1])
        total = found if found <= COMMON_COUNTED else None
    else:
        total = None
    first = (number - 1) * EVENTS_PAGE
    participants = Prefetch(
        "participations",
        Participation.objects.select_related("actor").prefetch_related(
            Prefetch("actor__names", ActorName.objects.only("actor_id", "name"))
        ),
    )
    page = list(
        events.select_related("place")
        .prefetch_related(participants)
        .order_by(*ORDERS[order])[first : first + EVENTS_PAGE + 1]
    )
    more = len(page) > EVENTS_PAGE
    page = page[:EVENTS_PAGE]
    last_page = MAX_PAGES if total is None else max(1, -(-total // EVENTS_PAGE))
    query_string = request.GET.copy()

    def page_url(n: int) -> str:
        query_string["page"] = str(n)
        return f"?{query_string.urlencode()}"

    return {
        "events": [(event, _matched_through(event, words)) for event in page],
        "total": total,
        "more_than": more_than,
        "words": words,
        "number": number,
        "first_shown": first + 1,
        "last_shown": first + len(page),
        "previous_url": page_url(number - 1) if number > 1 else "",
        "next_url": page_url(number + 1) if more and number < min(last_page, MAX_PAGES) else "",
    }


_HAN_OR_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _holds(text: str, word: str) -> bool:
    """Whether `text` has a word starting with `word` (Han and kana: anywhere, as the
    index reads them in pairs)."""
    folded = fold(text)
    if _HAN_OR_KANA.search(word):
        return word in folded
    return re.search(r"(?<!\w)" + re.escape(word), folded) is not None


def _matched_through(event: Event, words: list[str]) -> list[str]:
    """The participants whose names hold a word that the title and summary do not: why
    the event was found, when the page's marks would not show it."""
    shown = f"{event.title} {event.summary}"
    missing = [w for w in words if not _holds(shown, w)]
    if not missing:
        return []
    found = []
    for participation in event.participations.all():
        actor = participation.actor
        for name in [actor.name, *(n.name for n in actor.names.all())]:
            if any(_holds(name, w) for w in missing):
                found.append(name)
                break
    return found
