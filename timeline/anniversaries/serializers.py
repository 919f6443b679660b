from __future__ import annotations

import re

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from chronology import wording
from chronology.calendars import Observed
from chronology.dates import Precision
from chronology.recurrence import MAX_WINDOW_DAYS
from events import translated
from events.serializers import EventBriefSerializer
from events.validators import validate_time_zone


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

    def to_representation(self, instance):
        data = super().to_representation(instance)
        language = translated.current()
        if language != "en":  # the label in the language asked for: 70주년, 70-летие
            data["label"] = wording.anniversary_label(
                data["years"], Precision(data["precision"]), Observed(data["observed"]), language
            )
        return data
