"""The proximity analysis's query and answer, as the OpenAPI document describes them
(answers.py reads the query itself, so that the page and the API refuse alike)."""

from __future__ import annotations

from rest_framework import serializers

from events.models import Event


class ProximityQuerySerializer(serializers.Serializer):
    """The parameters of /api/analysis/proximity/ (documentation: timeline.analysis.answers reads
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
