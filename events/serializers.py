"""REST representations of the records. Reads and writes use the same names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from events import columns, translated
from events.models import (
    Actor,
    ActorName,
    Event,
    Participation,
    Place,
    Source,
    Tag,
    absolute_picture,
)
from events.services import event_save
from gateway.absolute_urls import absolute_url


class BoundedLists(serializers.Serializer):
    """Lists in a write are counted before any item is read: each related key is a query,
    so an unbounded list would be unbounded work. `list_limits` names the most of each."""

    list_limits: dict[str, int] = {}

    def to_internal_value(self, data):
        errors = {}
        for name, most in self.list_limits.items():
            items = (
                data.getlist(name)
                if hasattr(data, "getlist")
                else data.get(name)
                if isinstance(data, dict)
                else None
            )
            if isinstance(items, list) and len(items) > most:
                errors[name] = [f"Give at most {most}; this gives {len(items)}."]
        if errors:
            raise ValidationError(errors)
        return super().to_internal_value(data)


def _drf_errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class Translated(serializers.Serializer):
    """Records given in several languages: `translations` read and written as
    {"ko": {"title": …}, …} (events.translated), and the translated fields shown in the
    request's language (?lang= or Accept-Language), English where none is given.
    Written values of those fields are always the English ones."""

    translations = serializers.JSONField(
        required=False,
        help_text='The other languages: {"ko": {…}, "ru": {…}, "zh-hans": {…}}.',
    )

    def validate_translations(self, value):
        model = self.Meta.model  # type: ignore[attr-defined]
        try:
            return translated.check(value, model.TRANSLATED)
        except DjangoValidationError as bad:
            raise ValidationError(bad.messages) from None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        model = self.Meta.model  # type: ignore[attr-defined]
        return translated.in_language(data, instance, model.TRANSLATED, get_language())


class TagSerializer(Translated, serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["slug", "name", "translations"]


class PlaceSerializer(Translated, serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = [
            "slug",
            "name",
            "country",
            "latitude",
            "longitude",
            "timezone",
            "translations",
        ]


class ActorNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActorName
        fields = ["name", "language", "kind"]


class ActorSerializer(BoundedLists, serializers.ModelSerializer):
    list_limits = {"names": 50}
    names = ActorNameSerializer(many=True, required=False)

    def validate_names(self, names: list[dict]) -> list[dict]:
        # One actor has each name once (a unique constraint): say so rather than fail.
        seen: set[str] = set()
        for entry in names:
            if entry["name"] in seen:
                raise ValidationError(f"{entry['name']!r} is given twice.")
            seen.add(entry["name"])
        return names

    class Meta:
        model = Actor
        fields = ["slug", "name", "kind", "description", "names"]

    def create(self, validated_data):
        names = validated_data.pop("names", [])
        actor = Actor.objects.create(**validated_data)
        for name in names:
            ActorName.objects.create(actor=actor, **name)
        return actor

    def update(self, instance, validated_data):
        names = validated_data.pop("names", None)
        actor = super().update(instance, validated_data)
        if names is not None:
            actor.names.all().delete()
            for name in names:
                ActorName.objects.create(actor=actor, **name)
        return actor


class SourceSerializer(BoundedLists, serializers.ModelSerializer):
    list_limits = {"cites": 100}
    published_display = serializers.CharField(read_only=True)
    cites = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Source.objects.all(), required=False
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "authors",
            "published",
            "published_display",
            "accessed_on",
            "archive_url",
            "language",
            "kind",
            "cites",
        ]


class SourceBriefSerializer(serializers.ModelSerializer):
    published_display = serializers.CharField(read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "title",
            "publisher",
            "url",
            "published",
            "published_display",
            "archive_url",
        ]


class EventBriefSerializer(serializers.ModelSerializer):
    date_display = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = list(columns.BRIEF_SHOWN)

    def to_representation(self, event):
        data = super().to_representation(event)
        return translated.in_language(data, event, ("title",), get_language())

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event: Event) -> str:
        return _absolute(self.context, reverse("event-detail-page", args=[event.slug]))


class ParticipantSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    role = serializers.ChoiceField(choices=Participation.Role.choices)


class KeyInObjectOut(serializers.RelatedField):
    """A related field written as the record's key and read as `read_serializer`'s object
    (KeyInObjectOutSchema describes both directions)."""

    read_serializer: type[serializers.Serializer]

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        # One reader per field, not per value: building a serializer copies its fields.
        if (reader := getattr(self, "_reader", None)) is None:
            reader = self._reader = self.read_serializer(context=self.context)
        return reader.to_representation(value)


class KeyInObjectOutSchema(OpenApiSerializerFieldExtension):
    """The schema of a KeyInObjectOut field: written as a key, read as an object."""

    target_class = KeyInObjectOut
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            return auto_schema.resolve_serializer(self.target.read_serializer, direction).ref
        return auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)


class SourceKey(KeyInObjectOut, serializers.PrimaryKeyRelatedField):
    read_serializer = SourceBriefSerializer


class EventSlug(KeyInObjectOut, serializers.SlugRelatedField):
    read_serializer = EventBriefSerializer


class CitationSerializer(serializers.Serializer):
    # "source" is also a Field attribute (where a field reads from) in the stubs.
    source = SourceKey(queryset=Source.objects.all())  # type: ignore[assignment]
    quote = serializers.CharField(required=False, allow_blank=True, default="")
    locator = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class RelationSerializer(serializers.Serializer):
    kind = serializers.CharField()
    direction = serializers.ChoiceField(choices=["outgoing", "incoming"])
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    years_between = serializers.IntegerField(allow_null=True)
    event = EventBriefSerializer()


class PictureSerializer(serializers.Serializer):
    """An event's picture (uploaded by editors in the admin)."""

    url = serializers.URLField()
    thumbnail_url = serializers.URLField(help_text="At most 480 pixels a side, JPEG.")
    alt = serializers.CharField(help_text="What the picture shows.")
    credit = serializers.CharField(help_text="Who made it, and its licence.")
    source_url = serializers.CharField(help_text="Where it was found (may be empty).")


class EventSerializer(BoundedLists, Translated, serializers.ModelSerializer):
    list_limits = {"tags": 50, "actors": 100, "citations": 100}
    # Not trimmed: a line break in a date is refused, not silently cut. Checked with its
    # calendar in validate(), by the model's own rule (models.moment_problems).
    date = serializers.CharField(
        max_length=100,
        trim_whitespace=False,
        help_text="EDTF (ISO 8601-2), e.g. 1953-07-27, 1950~, 1950-06-25/1953-07-27; "
        "years -999999 to 9999.",
    )
    body_html = serializers.CharField(read_only=True)
    date_display = serializers.CharField(read_only=True)
    earliest = serializers.CharField(
        read_only=True, allow_null=True, help_text="ISO 8601 day; signed years before year 1."
    )
    latest = serializers.CharField(read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Tag.objects.all(), required=False
    )
    place = serializers.SlugRelatedField(
        slug_field="slug", queryset=Place.objects.all(), allow_null=True, required=False
    )
    actors = ParticipantSerializer(many=True, required=False)
    citations = CitationSerializer(many=True, required=False)
    relations = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()
    picture = serializers.SerializerMethodField()
    slug = serializers.SlugField(required=False, max_length=200)

    class Meta:
        model = Event
        fields = [*columns.API, *columns.DETAIL_ONLY]
        read_only_fields = [name for name in columns.DERIVED if name in columns.API]
        extra_kwargs = {name: {"write_only": True} for name in columns.WRITE_ONLY}

    def to_representation(self, event):
        data = super().to_representation(event)  # title and summary in the language asked
        data["actors"] = [
            {"slug": p.actor.slug, "name": p.actor.name, "kind": p.actor.kind, "role": p.role}
            for p in event.participations.all()
        ]
        # `actors` is no attribute, so the fields skipped it: put it back in its place.
        return {name: data[name] for name in self.Meta.fields if name in data}

    @extend_schema_field(RelationSerializer(many=True))
    def get_relations(self, event: Event) -> list[dict]:
        relations = []
        for relation in event.relations_out.all():
            relations.append(
                self._relation(relation, "outgoing", relation.to_event, relation.get_kind_display())
            )
        for relation in event.relations_in.all():
            relations.append(
                self._relation(relation, "incoming", relation.from_event, relation.inverse_label)
            )
        return relations

    def _relation(self, relation, direction, other, label):
        return {
            "kind": relation.kind,
            "direction": direction,
            "label": label,
            "years_between": relation.years_between,
            "event": EventBriefSerializer(other, context=self.context).data,
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event: Event) -> str:
        return _absolute(self.context, reverse("event-detail-page", args=[event.slug]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_ics_url(self, event: Event) -> str:
        return _absolute(self.context, reverse("event-ics", args=[event.slug]))

    @extend_schema_field(PictureSerializer(allow_null=True))
    def get_picture(self, event: Event) -> dict | None:
        return absolute_picture(event.picture)

    def validate_date(self, date: str) -> str:
        return date.strip(" ")  # what parse_edtf reads

    def validate_slug(self, slug: str) -> str:
        clash = Event.objects.filter(slug=slug)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("Another event already has this slug.")
        return slug

    def validate_actors(self, actors: list[dict]) -> list[tuple[Actor, str]]:
        slugs = [a["slug"] for a in actors]
        found = {a.slug: a for a in Actor.objects.filter(slug__in=slugs)}
        missing = [s for s in slugs if s not in found]
        if missing:
            raise ValidationError(f"No actor with slug {', '.join(map(repr, missing))}.")
        return [(found[a["slug"]], a["role"]) for a in actors]

    def validate(self, attrs):
        # The model's cross-field rules (a time needs a day and a time zone).
        probe = Event(
            **{
                **{
                    f: getattr(self.instance, f)
                    for f in ("date", "calendar", "observed", "time", "timezone")
                    if self.instance is not None
                },
                **{
                    k: v
                    for k, v in attrs.items()
                    if k in ("date", "calendar", "observed", "time", "timezone", "place")
                },
            }
        )
        if "place" not in attrs and self.instance is not None:
            probe.place = self.instance.place
        try:
            probe.clean()
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc
        return attrs

    def _save(self, event: Event | None, data: dict) -> Event:
        tags = data.pop("tags", None)
        participants = data.pop("actors", None)
        citations = data.pop("citations", None)
        try:
            return event_save(
                event=event,
                fields=data,
                tags=tags,
                participants=participants,
                citations=None
                if citations is None
                else [
                    # A partial update (PATCH) applies no defaults inside nested objects.
                    (c["source"], c.get("quote", ""), c.get("locator", ""))
                    for c in citations
                ],
            )
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc

    def create(self, validated_data):
        return self._save(None, validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


def _absolute(context: Mapping[str, Any], path: str) -> str:
    return absolute_url(path)
