from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from events.models import Event
from events.serializers import BoundedLists, EventSlug, Translated
from events.services import unique_slug
from gateway.absolute_urls import absolute_url
from timeline.models import Timeline, TimelineEntry, first_events

# A timeline's representation lists its first events only (a timeline may hold a
# million); /api/events/?timeline=<slug> pages through them all. A list of timelines
# shows fewer of each: it holds up to 200 timelines.
EVENTS_SHOWN = 1000
EVENTS_SHOWN_IN_LISTS = 10


class FirstEvents(serializers.ManyRelatedField):
    """Event slugs in; out, the timeline's first events as TimelineViewSet read them for
    the whole page (first_events), never one query per timeline."""

    def get_attribute(self, timeline):
        found = self.context.get("first_events", {}).get(timeline.pk)
        if found is None:  # after a write
            request = self.context.get("request")
            visible = Event.objects.visible_to(request.user if request else None)
            found = first_events([timeline.pk], visible, EVENTS_SHOWN)[timeline.pk]
        return found


class TimelineSerializer(BoundedLists, Translated, serializers.ModelSerializer):
    list_limits = {"events": 5000}
    owner = serializers.CharField(source="owner.username", read_only=True)
    events = FirstEvents(
        child_relation=EventSlug(slug_field="slug", queryset=Event.objects.all()),
        required=False,
        help_text="Event slugs, in the timeline's order (read: the first 1,000, or 10 "
        "in a list of timelines; events_url lists them all).",
    )
    events_url = serializers.SerializerMethodField(
        help_text="All of the timeline's events, page by page (/api/events/?timeline=)."
    )
    slug = serializers.SlugField(required=False, max_length=200)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Timeline
        fields = [
            "slug",
            "title",
            "description",
            "owner",
            "visibility",
            "events",
            "events_url",
            "url",
            "translations",
        ]

    def get_events_url(self, timeline) -> str:
        return self._absolute(f"{reverse('event-list')}?timeline={timeline.slug}")

    def get_url(self, timeline) -> str:
        return self._absolute(reverse("timeline-page", args=[timeline.slug]))

    def _absolute(self, path: str) -> str:
        return absolute_url(path)

    def validate_slug(self, slug):
        clash = Timeline.objects.filter(slug=slug)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("Another timeline already has this slug.")
        return slug

    @transaction.atomic
    def create(self, validated_data):
        events = validated_data.pop("events", [])
        if not validated_data.get("slug"):
            validated_data["slug"] = unique_slug(Timeline, validated_data["title"])
        timeline = Timeline.objects.create(owner=self.context["request"].user, **validated_data)
        self._set_events(timeline, events)
        return timeline

    @transaction.atomic
    def update(self, instance, validated_data):
        events = validated_data.pop("events", None)
        timeline = super().update(instance, validated_data)
        if events is not None:
            self._set_events(timeline, events)
        return timeline

    def _set_events(self, timeline, events):
        timeline.entries.all().delete()
        TimelineEntry.objects.bulk_create(
            TimelineEntry(timeline=timeline, event=event, position=position)
            for position, event in enumerate(dict.fromkeys(events), start=1)
        )
