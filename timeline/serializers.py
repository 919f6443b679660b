from __future__ import annotations

import re

from django.db import transaction
from django.urls import reverse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from chronology.calendars import Observed
from chronology.recurrence import MAX_WINDOW_DAYS
from events.models import Event
from events.serializers import BoundedLists, EventBriefSerializer, EventSlug
from events.services import unique_slug
from events.validators import validate_time_zone
from gateway.urls import absolute_url
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


class TimelineSerializer(BoundedLists, serializers.ModelSerializer):
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


class CalendarDateField(serializers.DateField):
    """YYYY-MM-DD in ASCII digits (Django's parser also reads other scripts' digits)."""

    default_error_messages = {
        "invalid": "Enter a real calendar day as YYYY-MM-DD (e.g. 2023-07-27).",
    }

    def __init__(self, **kwargs):
        super().__init__(input_formats=["iso-8601"], **kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
            self.fail("invalid")
        return super().to_internal_value(value)


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class AnniversaryQuerySerializer(serializers.Serializer):
    date = CalendarDateField(required=False, help_text="One day (YYYY-MM-DD).")
    start = CalendarDateField(required=False, help_text="First day of a window.")
    end = CalendarDateField(required=False, help_text="Last day (at most 366 days).")
    tz = serializers.CharField(
        required=False,
        max_length=64,
        validators=[validate_time_zone],
        help_text="IANA time zone for 'today' (default: the site's).",
    )
    milestones_only = serializers.BooleanField(required=False, default=False)
    tag = serializers.SlugField(required=False)
    actor = serializers.SlugField(required=False)
    timeline = serializers.SlugField(required=False)

    def validate(self, attrs):
        day, start, end = attrs.get("date"), attrs.get("start"), attrs.get("end")
        if day and (start or end):
            raise ValidationError({"date": "Give either date, or start and end; not both."})
        if start and not end:
            raise ValidationError({"end": "end is required with start."})
        if end and not start:
            raise ValidationError({"start": "start is required with end."})
        if start and end:
            if start > end:
                raise ValidationError({"end": f"end ({end}) is before start ({start})."})
            days = (end - start).days + 1
            if days > MAX_WINDOW_DAYS:
                raise ValidationError(
                    {"end": f"The window is {days} days; it may be at most {MAX_WINDOW_DAYS}."}
                )
        return attrs


class AnniversarySerializer(serializers.Serializer):
    event = EventBriefSerializer()
    occurs_on = serializers.DateField()
    years = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    milestone = serializers.BooleanField()
    precision = serializers.CharField()
    approximate = serializers.BooleanField()
    uncertain = serializers.BooleanField()
    bound = serializers.ChoiceField(choices=["start", "end"])
    observed = serializers.ChoiceField(
        choices=[o.value for o in Observed],
        help_text="The calendar that keeps this anniversary; `years` counts its years.",
    )


class ProximityQuerySerializer(serializers.Serializer):
    """The parameters of /api/analysis/proximity/ (documentation: timeline.analysis reads
    them, so that the page and the API refuse alike)."""

    events_tag = serializers.SlugField(required=False, help_text="Events with this tag.")
    events_timeline = serializers.SlugField(required=False)
    events_kind = serializers.ChoiceField(choices=Event.Kind.values, required=False)
    events_actor = serializers.SlugField(required=False)
    events_place = serializers.SlugField(required=False)
    anchors_tag = serializers.SlugField(
        required=False, help_text="Anchors (whose anniversaries are tested) with this tag."
    )
    anchors_timeline = serializers.SlugField(required=False)
    anchors_kind = serializers.ChoiceField(choices=Event.Kind.values, required=False)
    anchors_actor = serializers.SlugField(required=False)
    anchors_place = serializers.SlugField(required=False)
    window = serializers.IntegerField(
        required=False, min_value=0, max_value=60, default=1, help_text="Days either side."
    )


class _ProximityEvent(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    date = serializers.CharField()
    date_display = serializers.CharField()
    url = serializers.URLField()


class _ProximityNear(serializers.Serializer):
    event = _ProximityEvent()
    anchor = _ProximityEvent()
    days = serializers.IntegerField(help_text="Event minus anniversary: positive, after it.")
    anniversary = serializers.DateField()


class _ProximityBin(serializers.Serializer):
    days = serializers.IntegerField()
    events = serializers.IntegerField()
    expected = serializers.FloatField()
    expected_sd = serializers.FloatField()


class ProximityAnswerSerializer(serializers.Serializer):
    events = serializers.IntegerField(help_text="Day-precision events analysed.")
    excluded = serializers.IntegerField(help_text="Chosen events coarser than a day.")
    anchors = serializers.IntegerField()
    anchors_excluded = serializers.IntegerField()
    window = serializers.IntegerField()
    near = serializers.IntegerField()
    expected = serializers.FloatField()
    ratio = serializers.FloatField(allow_null=True)
    p_value = serializers.FloatField(help_text="One-sided: P(X >= near), exact.")
    method = serializers.CharField()
    sentence = serializers.CharField()
    near_events = _ProximityNear(many=True, help_text="The first 200 by date.")
    histogram = _ProximityBin(many=True)
    query = serializers.DictField()
