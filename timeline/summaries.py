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

from events.changes import RECORDS, bump, events_changed, shared_cache, track
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


class Summaries:
    """A timeline's cached summaries, as of the versions read with the timeline itself
    (with_versions): a page asks for several and pays no query for any."""

    def __init__(self, timeline) -> None:
        """`timeline` as with_versions() reads it: no query here."""
        self._key = (
            f"annals:timeline-{timeline.pk}-{{}}:v{timeline.records_version}.{timeline.own_version}"
        )

    def facets(self, events: QuerySet[Event]) -> Facets:
        return self.cached("facets", lambda: _facets(events))

    def span(self, active: dict[str, str], events: QuerySet[Event]) -> Span:
        return self.cached(f"span:{digest(sorted(active.items()))}", lambda: _span(events))

    def has(self, key: str) -> bool:
        """Whether `key` is kept (a page about to be built, or served)."""
        return shared_cache().has_key(self._key.format(key))

    def cached(self, key: str, compute):
        """compute(), kept until the records or the timeline change (or TIMEOUT passes)."""
        key = self._key.format(key)
        found = shared_cache().get(key)
        if found is None:
            found = compute()
            shared_cache().set(key, found, TIMEOUT)
        return found


def with_versions(timelines: QuerySet) -> QuerySet:
    """Timelines with the versions their summaries are keyed by, read in the same query."""
    from django.db.models import CharField, OuterRef, Subquery, Value
    from django.db.models.functions import Cast, Coalesce, Concat

    from events.models import Version

    def number(name):
        return Coalesce(Subquery(Version.objects.filter(name=name).values("number")[:1]), Value(0))

    own = Concat(Value(_PREFIX), Cast(OuterRef("pk"), CharField()))
    return timelines.annotate(records_version=number(Value(RECORDS)), own_version=number(own))


def digest(value) -> str:
    """A short key for a value with a stable repr (sorted lists of pairs)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:24]


def track_timelines() -> None:
    """A timeline's version moves on when it, its entries, or the events in it change."""
    from timeline.models import Timeline, TimelineEntry

    track(Timeline, names=lambda timeline: [version_name(timeline.pk)])
    track(TimelineEntry, names=lambda entry: [version_name(entry.timeline_id)])
    events_changed.connect(_events_changed, dispatch_uid="timelines-of-events")


def _events_changed(sender, event_ids, **_) -> None:
    from timeline.models import TimelineEntry

    holding = (
        TimelineEntry.objects.filter(event_id__in=event_ids)
        .values_list("timeline_id", flat=True)
        .distinct()
    )
    bump(*(version_name(pk) for pk in holding))


_PREFIX = "timeline:"


def version_name(timeline_pk: int) -> str:
    return f"{_PREFIX}{timeline_pk}"


def _facets(events: QuerySet[Event]) -> Facets:
    def top(model, relation):
        return list(
            model.objects.filter(**{f"{relation}__in": events})
            .annotate(n=Count("pk"))
            .order_by("-n", "name")[:FACET_SIZE]
        )

    present = set(events.order_by().values_list("kind", flat=True).distinct())
    return Facets(
        tags=top(Tag, "events"),
        actors=top(Actor, "participations__event"),
        places=top(Place, "events"),
        kinds=[(k, label) for k, label in Event.Kind.choices if k in present],
    )


def _span(events: QuerySet[Event]) -> Span:
    return Span(
        sorted(events.order_by().values_list("start_year").annotate(n=Count("pk", distinct=True)))
    )
