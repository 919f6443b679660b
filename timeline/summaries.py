"""What a timeline page shows about all of its events at once: the filter choices, the
span, the count and the events per year of the density strip.

Working them out reads every entry of the timeline (over a second at 100,000 events), so
they are cached, keyed by the timeline, the filters chosen and the records' version
(events/changes.py), which every change to events, entries, tags, actors or places moves
on as it commits: a reader never sees counts older than the records. A timeout bounds
what a lost update of the version could leave behind.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from events.changes import records_version, shared_cache
from events.models import Actor, Event, Place, Tag

TIMEOUT = 600  # seconds: the bound on a stale summary if an invalidation is ever lost
FACET_SIZE = 50


@dataclass(frozen=True)
class Facets:
    """The filter choices present in a timeline: its 50 most used of each."""

    tags: list[Tag]
    actors: list[Actor]
    places: list[Place]
    kinds: list[tuple[str, str]]


@dataclass(frozen=True)
class Span:
    """The chosen events' first and last years, and how many fall in each year."""

    first: int | None
    last: int | None
    year_counts: list[tuple[int, int]]

    @property
    def count(self) -> int:
        return sum(n for _, n in self.year_counts)


def facets(timeline_pk: int, events: QuerySet[Event]) -> Facets:
    return cached(f"facets:{timeline_pk}", lambda: _facets(events))


def span(timeline_pk: int, active: dict[str, str], events: QuerySet[Event]) -> Span:
    return cached(f"span:{timeline_pk}:{digest(sorted(active.items()))}",
                  lambda: _span(events))


def digest(value) -> str:
    """A short key for a value with a stable repr (sorted lists of pairs)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:24]


def cached(key: str, compute):
    """compute(), kept until the records change (or TIMEOUT passes)."""
    key = f"annals:timeline-{key}:v{records_version()}"
    found = shared_cache().get(key)
    if found is None:
        found = compute()
        shared_cache().set(key, found, TIMEOUT)
    return found


def _facets(events: QuerySet[Event]) -> Facets:
    def top(model, relation):
        return list(model.objects.filter(**{f"{relation}__in": events})
                    .annotate(n=Count("pk")).order_by("-n", "name")[:FACET_SIZE])

    present = set(events.order_by().values_list("kind", flat=True).distinct())
    return Facets(
        tags=top(Tag, "events"), actors=top(Actor, "participations__event"),
        places=top(Place, "events"),
        kinds=[(k, label) for k, label in Event.Kind.choices if k in present],
    )


def _span(events: QuerySet[Event]) -> Span:
    year_counts = sorted(events.order_by().values_list("start_year").annotate(
        n=Count("pk", distinct=True)))
    years = [year for year, _ in year_counts]
    return Span(min(years, default=None), max(years, default=None), year_counts)
