"""What a timeline page shows about all of its events at once: the filter choices, the
span, the count and the events per year of the density strip.

Working them out reads every entry of the timeline (over a second at 100,000 events), so
they are cached, keyed by the filters chosen, the records' version and the timeline's own
(events/changes.py). A change to the timeline, its entries or the events in it (their
tags, actors, citations) moves the timeline's version on as it commits; renaming a tag,
actor, place or source, or a bulk import, moves the records' version, and every timeline
with it. A reader never sees counts older than the records; an edit elsewhere leaves
the page warm. A timeout bounds what a lost update of a version could leave behind.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from events.changes import bump, events_changed, shared_cache, track, version
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
    """How many of the chosen events fall in each year, by year."""

    year_counts: list[tuple[int, int]]

    @property
    def first(self) -> int | None:
        return self.year_counts[0][0] if self.year_counts else None

    @property
    def last(self) -> int | None:
        return self.year_counts[-1][0] if self.year_counts else None

    @property
    def count(self) -> int:
        return sum(n for _, n in self.year_counts)


def facets(timeline_pk: int, events: QuerySet[Event]) -> Facets:
    return cached(timeline_pk, "facets", lambda: _facets(events))


def span(timeline_pk: int, active: dict[str, str], events: QuerySet[Event]) -> Span:
    return cached(timeline_pk, f"span:{digest(sorted(active.items()))}",
                  lambda: _span(events))


def digest(value) -> str:
    """A short key for a value with a stable repr (sorted lists of pairs)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:24]


def cached(timeline_pk: int, key: str, compute):
    """compute(), kept until the records or the timeline change (or TIMEOUT passes)."""
    key = (f"annals:timeline-{timeline_pk}-{key}:"
           f"v{version()}.{version(_name(timeline_pk))}")
    found = shared_cache().get(key)
    if found is None:
        found = compute()
        shared_cache().set(key, found, TIMEOUT)
    return found


def track_timelines() -> None:
    """A timeline's version moves on when it, its entries, or the events in it change."""
    from timeline.models import Timeline, TimelineEntry

    track(Timeline, names=lambda timeline: [_name(timeline.pk)])
    track(TimelineEntry, names=lambda entry: [_name(entry.timeline_id)])
    events_changed.connect(_events_changed, dispatch_uid="timelines-of-events")


def _events_changed(sender, event_ids, **_) -> None:
    from timeline.models import TimelineEntry

    holding = (TimelineEntry.objects.filter(event_id__in=event_ids)
               .values_list("timeline_id", flat=True).distinct())
    bump(*(_name(pk) for pk in holding))


def _name(timeline_pk: int) -> str:
    return f"timeline:{timeline_pk}"


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
    return Span(sorted(events.order_by().values_list("start_year").annotate(
        n=Count("pk", distinct=True))))
