"""Timelines: curated, ordered collections of events, public or private to their owner."""

from __future__ import annotations

from django.conf import settings
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


def events_in_timeline(events, slug: str, user):
    """The events of `events` in the timeline `slug`, if `user` may see it (events.scopes:
    the API's and the exports' `timeline` parameter)."""
    visible = Timeline.objects.visible_to(user).filter(slug=slug)
    return events.filter(timeline_entries__timeline__in=visible)


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


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

    def __str__(self) -> str:
        return f"{self.timeline}: {self.event.title}"
