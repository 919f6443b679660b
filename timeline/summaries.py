"""What a timeline page shows about all of its events at once: the filter choices, the
span, the count and the events per year of the density strip.

Working them out reads every entry of the timeline (seconds at 100,000 events), so no
reader waits for it. They are kept in the database (timeline.models.TimelineSummary)
under the versions they were worked out from: the records' version and the timeline's
own (events/changes.py). A committed change to the timeline, its entries or its events
moves the timeline's version on and asks a worker to work the summary out again
(refresh_task); until it has, readers see the events as they are now, and the counts and
filter choices as they were a moment before. A timeline with no summary yet (a new one)
is worked out as it is first read. Counts for a choice of filters are narrower and are
worked out on demand, kept in the shared cache (an anonymous client may make only so many
that are not kept yet: ANNALS_THROTTLE_FACETS).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from celery import shared_task
from django.db import transaction
from django.db.models import Count, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from events.changes import RECORDS, bump, events_changed, shared_cache, track
from events.models import Actor, Event, Place, Tag

log = logging.getLogger(__name__)

TIMEOUT = 600  # seconds: the bound on a stale entry if an invalidation is ever lost
FACET_SIZE = 50
# A refresh asked for and not yet done is asked for again after this long (a lost task).
REFRESH_AGAIN_AFTER = 300


@dataclass(frozen=True)
class Facets:
    """The filter choices present in a timeline: its 50 most used of each."""

    tags: list[Tag]
    actors: list[Actor]
    places: list[Place]
    kinds: list[tuple[str, Any]]  # (value, label: lazily translated)


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
    """A timeline's summaries, as of the versions read with the timeline itself
    (with_versions, which also reads its stored summary): a page asks for several and
    pays no query for any once the summary is stored."""

    def __init__(self, timeline) -> None:
        """`timeline` as with_versions() reads it: no query here."""
        self.timeline = timeline
        self.versions = f"{timeline.records_version}.{timeline.own_version}"
        self._stored = _stored_summary(timeline)
        self._facets: Facets | None = None

    @property
    def key_prefix(self) -> str:
        """What a cached page is keyed by: the records it lists, and the summary it shows."""
        stored = self._stored.versions if self._stored else "-"
        language = translation.get_language()
        return f"annals:timeline-{self.timeline.pk}-{{}}:{language}:v{self.versions}:s{stored}"

    def _summary(self, events: QuerySet[Event]):
        if self._stored is None:  # never worked out: now, once
            self._stored = store(self.timeline, events, self.versions)
        elif self._stored.versions != self.versions:
            ask_refresh(self.timeline.pk, self.versions)
        return self._stored

    def prepare(self, events: QuerySet[Event]) -> None:
        """Work the summary out now if it never was (no query when it is stored): the
        keys of cached pages name it."""
        self._summary(events)

    def facets(self, events: QuerySet[Event]) -> Facets:
        if self._facets is None:
            self._facets = _facets_from(self._summary(events).facets)
        return self._facets

    def span(self, active: dict[str, str], events: QuerySet[Event]) -> Span:
        if not active:
            return Span([tuple(pair) for pair in self._summary(events).year_counts])
        return self.cached(f"span:{digest(sorted(active.items()))}", lambda: _span(events))

    def has(self, key: str) -> bool:
        """Whether `key` is kept (a page about to be built, or served)."""
        return shared_cache().has_key(self.key_prefix.format(key))

    def cached(self, key: str, compute):
        """compute(), kept until the records, the timeline or its summary change (or
        TIMEOUT passes)."""
        key = self.key_prefix.format(key)
        found = shared_cache().get(key)
        if found is None:
            found = compute()
            shared_cache().set(key, found, TIMEOUT)
        return found


def stored(timeline):
    """The summary stored for a timeline read with_versions(), as it is (None when none
    was ever worked out); a worker is asked to work out a missing or stale one. For
    lists of timelines, which never work a summary out while the reader waits."""
    summary = _stored_summary(timeline)
    versions = f"{timeline.records_version}.{timeline.own_version}"
    if summary is None or summary.versions != versions:
        ask_refresh(timeline.pk, versions)
    return summary


@dataclass(frozen=True)
class Extent:
    """How many events a timeline holds and the years they span."""

    count: int
    first: int | None
    last: int | None


def extent_of(summary) -> Extent | None:
    if summary is None:
        return None
    years = summary.year_counts
    return Extent(
        count=sum(count for _, count in years),
        first=years[0][0] if years else None,
        last=years[-1][0] if years else None,
    )


def _stored_summary(timeline):
    try:
        return timeline.summary
    except Exception:  # RelatedObjectDoesNotExist: none stored yet
        return None


def with_versions(timelines: QuerySet) -> QuerySet:
    """Timelines with the versions their summaries are keyed by and their stored summary,
    read in the same query."""
    from django.db.models import CharField, OuterRef, Subquery, Value
    from django.db.models.functions import Cast, Coalesce, Concat

    from events.models import Version

    def number(name):
        return Coalesce(Subquery(Version.objects.filter(name=name).values("number")[:1]), Value(0))

    own = Concat(Value(_PREFIX), Cast(OuterRef("pk"), CharField()))
    return timelines.select_related("summary").annotate(
        records_version=number(Value(RECORDS)), own_version=number(own)
    )


def store(timeline, events: QuerySet[Event], versions: str):
    """Work the summary of `events` (the timeline's) out now and keep it."""
    from timeline.models import TimelineSummary

    facets, years = _facet_data(events), sorted(_span(events).year_counts)
    summary, _ = TimelineSummary.objects.update_or_create(
        timeline_id=timeline.pk,
        defaults={
            "versions": versions,
            "facets": facets,
            "year_counts": [list(pair) for pair in years],
            "computed_at": timezone.now(),
        },
    )
    return summary


def ask_refresh(timeline_pk: int, versions: str) -> None:
    """Ask a worker to work a timeline's summary out again, once per version (a second
    asker finds it asked)."""
    if shared_cache().add(f"annals:summary-asked:{timeline_pk}:{versions}", 1, REFRESH_AGAIN_AFTER):
        transaction.on_commit(lambda: refresh_task.delay(timeline_pk))


@shared_task(name="timeline.refresh_summary", acks_late=True, soft_time_limit=300, time_limit=360)
def refresh_task(timeline_pk: int) -> None:
    """Work a timeline's summary out under its current versions. Safe to run twice: one
    worker at a time per timeline (another finds the lock and leaves it to the first,
    which looks at the versions again when done, as they may have moved meanwhile)."""
    from timeline.models import Timeline

    lock = f"annals:summary-lock:{timeline_pk}"
    if not shared_cache().add(lock, 1, 360):
        return
    try:
        for _ in range(3):
            timeline = with_versions(Timeline.objects.filter(pk=timeline_pk)).first()
            if timeline is None:
                return
            versions = f"{timeline.records_version}.{timeline.own_version}"
            stored = _stored_summary(timeline)
            if stored is not None and stored.versions == versions:
                return
            store(timeline, in_timeline(timeline), versions)
            log.info("Timeline %s summarised as of %s", timeline_pk, versions)
    finally:
        shared_cache().delete(lock)


def in_timeline(timeline) -> QuerySet[Event]:
    """The published events of a timeline (a subquery: no join, no duplicates)."""
    from timeline.models import TimelineEntry

    return Event.objects.published().filter(
        pk__in=TimelineEntry.objects.filter(timeline_id=timeline.pk).values("event_id")
    )


def digest(value) -> str:
    """A short key for a value with a stable repr (sorted lists of pairs)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:24]


def track_timelines() -> None:
    """A timeline's version moves on when it, its entries, or the events in it change;
    its summary is then worked out again in the background."""
    from timeline.models import Timeline, TimelineEntry

    track(Timeline, names=lambda timeline: [version_name(timeline.pk)])
    track(TimelineEntry, names=lambda entry: [version_name(entry.timeline_id)])
    events_changed.connect(_events_changed, dispatch_uid="timelines-of-events")
    for model, pk in ((Timeline, "pk"), (TimelineEntry, "timeline_id")):
        for signal in (post_save, post_delete):
            signal.connect(
                _refresh_after(pk),
                sender=model,
                weak=False,
                dispatch_uid=f"summary-{signal is post_save}-{model._meta.label}",
            )


def _refresh_after(attribute: str):
    def changed(sender, instance, **_):
        pk = getattr(instance, attribute)
        # After the version has moved on (track's callback was registered first).
        transaction.on_commit(lambda: refresh_task.delay(pk))

    return changed


def _events_changed(sender, event_ids, **_) -> None:
    from timeline.models import TimelineEntry

    holding = list(
        TimelineEntry.objects.filter(event_id__in=event_ids)
        .values_list("timeline_id", flat=True)
        .distinct()
    )
    bump(*(version_name(pk) for pk in holding))
    for pk in holding:  # past the commit already (events.changes): work them out now
        refresh_task.delay(pk)


_PREFIX = "timeline:"


def version_name(timeline_pk: int) -> str:
    return f"{_PREFIX}{timeline_pk}"


def _facet_data(events: QuerySet[Event]) -> dict:
    """The ids of the timeline's most used tags, actors and places (most used first), and
    its kinds. Names are read when shown (_facets_from), so a rename shows at once."""

    def top(model, relation):
        return list(
            model.objects.filter(**{f"{relation}__in": events})
            .annotate(n=Count("pk"))
            .order_by("-n", "name")
            .values_list("pk", flat=True)[:FACET_SIZE]
        )

    present = set(events.order_by().values_list("kind", flat=True).distinct())
    return {
        "tags": top(Tag, "events"),
        "actors": top(Actor, "participations__event"),
        "places": top(Place, "events"),
        "kinds": [k for k, _ in Event.Kind.choices if k in present],
    }


def _facets_from(data: dict) -> Facets:
    """The stored choices as records, in their stored order: one query per kind of
    record, for at most FACET_SIZE ids each (those deleted since are left out)."""

    def records(model, ids):
        found = model.objects.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    labels = dict(Event.Kind.choices)
    return Facets(
        tags=records(Tag, data["tags"]),
        actors=records(Actor, data["actors"]),
        places=records(Place, data["places"]),
        kinds=[(kind, labels[kind]) for kind in data["kinds"] if kind in labels],
    )


def _span(events: QuerySet[Event]) -> Span:
    return Span(sorted(events.order_by().values_list("start_year").annotate(n=Count("pk"))))
