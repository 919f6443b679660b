"""Timelines: curated, ordered collections of events, public or private to their owner."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from events.models import Event


class TimelineQuerySet(models.QuerySet):
    def visible_to(self, user) -> TimelineQuerySet:
        """Public timelines, and the user's own private ones."""
        public = Q(visibility=Timeline.Visibility.PUBLIC)
        if user is not None and user.is_authenticated:
            return self.filter(public | Q(owner=user))
        return self.filter(public)


def find_timeline(slug: str, user) -> int | None:
    """The id of the timeline `slug`, if `user` may see it (events.scopes)."""
    pk: int | None = (
        Timeline.objects.visible_to(user).filter(slug=slug).values_list("pk", flat=True).first()
    )
    return pk


def events_in_timeline(events, pk: int):
    """The events of `events` in the timeline `pk` (events.scopes): a subquery on the
    timeline's id, not a join on its slug, so the database knows how many entries that
    timeline has and reads a page of a big one off the events' date index, checking
    each against the entries, rather than reading every entry first."""
    return events.filter(pk__in=TimelineEntry.objects.filter(timeline_id=pk).values("event_id"))


class Timeline(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        PRIVATE = "private", "Private (owner only)"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="timelines"
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    events = models.ManyToManyField(Event, through="TimelineEntry", related_name="timelines")
    # {"ko": {"title": …, "description": …}, …}: events.translated.
    translations = models.JSONField(default=dict, blank=True)
    TRANSLATED = ("title", "description")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from events import translated

        try:
            self.translations = translated.check(self.translations, self.TRANSLATED)
        except ValidationError as bad:
            raise ValidationError({"translations": bad.messages}) from None


class TimelineEntry(models.Model):
    """An event's place in a timeline. Entries with the same position fall back to
    chronological order, so curators only number what they want out of date order."""

    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="entries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="timeline_entries")
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["timeline", "position", "event__sort_day", "pk"]
        verbose_name_plural = "timeline entries"
        constraints = [
            models.UniqueConstraint(fields=["timeline", "event"], name="timelineentry_unique")
        ]
        indexes = [
            # A timeline's first events in its order (first_events): read off the index
            # by position, ties sorted a few at a time, never all entries at once.
            models.Index(fields=["timeline", "position"], name="timelineentry_order")
        ]

    def __str__(self) -> str:
        return f"{self.timeline}: {self.event.title}"


class TimelineSummary(models.Model):
    """What a timeline page shows about all of its events at once (timeline.summaries):
    its filter choices and its events per year, as worked out under `versions`. Kept in
    the database, refreshed in the background after a change, so that no reader waits
    for the whole timeline to be read (a second or more at 100,000 events)."""

    timeline = models.OneToOneField(
        Timeline, on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    versions = models.CharField(max_length=100)
    facets = models.JSONField()
    year_counts = models.JSONField()
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.timeline_id} as of {self.versions}"


def first_events(timeline_ids: list[int], events, limit: int) -> dict[int, list[Event]]:
    """The first `limit` of `events` (a queryset: those the reader may see) in each
    timeline, in the timeline's order (position, then date), in two queries whatever the
    number of timelines: one UNION ALL of a LIMIT per timeline, each read off the
    timelineentry_order index, and one for the events themselves."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    parts, params = [], []
    for n, pk in enumerate(timeline_ids):
        part = (
            TimelineEntry.objects.filter(timeline_id=pk, event__in=events)
            .order_by("position", "event__sort_day", "pk")
            .values_list("timeline_id", "event_id", "position", "event__sort_day", "pk")[:limit]
        )
        try:
            sql, part_params = part.query.get_compiler(using=part.db).as_sql()
        except EmptyResultSet:
            continue
        parts.append(f"SELECT * FROM ({sql}) AS part{n}")  # noqa: S608 - compiled SQL only
        params += part_params
    if not parts:
        return {}
    with connections[events.db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    by_id = Event.objects.in_bulk({row[1] for row in rows})
    found: dict[int, list[Event]] = {pk: [] for pk in timeline_ids}
    for timeline_id, event_id, *_ in sorted(rows, key=lambda r: (r[0], r[2], r[3], r[4])):
        found[timeline_id].append(by_id[event_id])
    return found
