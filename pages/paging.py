"""Long lists of events a page at a time, by position in date order (keyset): the next
page starts after the last event shown (?after=<sort day>.<id>), or at a year (?from=),
so that a page deep in a million events is an index range, never an OFFSET."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext

from chronology.dates import MAX_YEAR, MIN_YEAR, day_number
from events.models import Event
from gateway import params

# A sort day (days from 1970, a million years either way) and an id.
_DAY_BOUND = 400_000_000


def cursor(query) -> tuple[int, int] | None:
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
            {"after": gettext("Not a position from this list; start again from its first page.")}
        ) from None


def keyset(events, query):
    """Start the list after ?after=<sort_day>.<id> or at ?from=<year> (the strip's jumps)."""
    if (after := cursor(query)) is not None:
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


def page(events, query, size: int) -> tuple[list[Event], str]:
    """Up to `size` events from the query's position on, with their places, and the
    `after` cursor of the next page ("" when this is the last)."""
    found = list(
        keyset(events, query).select_related("place").order_by("sort_day", "pk")[: size + 1]
    )
    if len(found) <= size:
        return found, ""
    found = found[:size]
    return found, f"{found[-1].sort_day}.{found[-1].pk}"
