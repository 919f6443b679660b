"""REST endpoints for the records: events, sources, actors, places and tags."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from events.models import (
    Actor,
    ActorQuerySet,
    Event,
    EventQuerySet,
    Place,
    PlaceQuerySet,
    Source,
    Tag,
)
from events.representations import event_representations, event_rows
from events.selection import read_choice
from events.serializers import (
    ActorSerializer,
    EventSerializer,
    PlaceSerializer,
    SourceSerializer,
    TagSerializer,
)
from gateway import params

_DAY_MONTH_OR_YEAR = re.compile(r"-?\d{4}(-\d{2}(-\d{2})?)?")


class Pages(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    # What a position in a cursor of this list must look like (the value of the first
    # ordering field of the last row): it goes into a query.
    position_pattern = re.compile(r"-?[0-9]{1,18}", re.ASCII)

    def get_page_size(self, request: Request) -> int:
        """?page_size=N in ASCII digits, at least 1; more than the most is the most."""
        size = params.integer(request.query_params, self.page_size_query_param, low=1, high=10**9)
        return self.page_size if size is None else min(size, self.max_page_size)

    def decode_cursor(self, request: Request) -> Cursor | None:
        # A cursor we never gave out is a bad parameter (400), not a missing page (404),
        # and so is one whose position is not a value of the field it orders by: it
        # would reach the database.
        try:
            cursor = super().decode_cursor(request)
        except NotFound as exc:
            raise self._forged() from exc
        position = cursor.position if cursor is not None else None
        if position is not None and not self.position_pattern.fullmatch(str(position)):
            raise self._forged()
        return cursor

    def _forged(self) -> ValidationError:
        return ValidationError(
            {
                self.cursor_query_param: [
                    "Not a cursor from this list; start again from its first page."
                ]
            }
        )


class SlugPages(Pages):
    ordering = "slug"
    position_pattern = re.compile(r"[-a-zA-Z0-9_]{1,200}", re.ASCII)


class IdPages(Pages):
    ordering = "id"


class EventPages(Pages):
    """Chronological, or reverse with ordering=-date; ties broken by id so the order
    is stable across pages."""

    def get_ordering(
        self, request: Request, queryset: QuerySet[Event], view: APIView
    ) -> tuple[str, str]:
        if request.query_params.get("ordering") == "-date":
            return ("-sort_day", "-id")
        return ("sort_day", "id")


@extend_schema_field(OpenApiTypes.STR)
class CalendarDayFilter(django_filters.CharFilter):
    """YYYY, YYYY-MM or YYYY-MM-DD; signed years allowed (-0043): read by
    events.selection."""


class EventFilter(django_filters.FilterSet):
    """The events list's parameters. The facets (tag, actor, place, kind, timeline) and
    days (after, before) are declared here for the OpenAPI document and chosen by
    events.selection, as events are everywhere; q, precision and ordering are the list's
    own."""

    q = django_filters.CharFilter(
        method="search", label="Title, summary or actor name", max_length=params.MAX_TEXT
    )
    tag = django_filters.CharFilter(method="chosen", max_length=params.MAX_SLUG)
    actor = django_filters.CharFilter(method="chosen", max_length=params.MAX_SLUG)
    place = django_filters.CharFilter(method="chosen", max_length=params.MAX_SLUG)
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices, method="chosen")
    precision = django_filters.ChoiceFilter(choices=Event._meta.get_field("precision").choices)
    after = CalendarDayFilter(
        method="chosen", label="Starting on or after (YYYY, YYYY-MM or YYYY-MM-DD)"
    )
    before = CalendarDayFilter(
        method="chosen", label="Starting on or before (YYYY, YYYY-MM or YYYY-MM-DD)"
    )
    timeline = django_filters.CharFilter(method="chosen", max_length=params.MAX_SLUG)
    ordering = django_filters.ChoiceFilter(
        choices=[("date", "date"), ("-date", "-date")],
        method="chosen",
        label="date (oldest first, the default) or -date",
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_queryset(self, queryset: EventQuerySet) -> QuerySet[Event]:
        choice = read_choice(self.data, self.request.user if self.request else None)
        return super().filter_queryset(queryset.chosen(choice))

    def search(self, queryset: EventQuerySet, name: str, value: str) -> EventQuerySet:
        return queryset.matching(value)

    def chosen(self, queryset: EventQuerySet, name: str, value: str) -> EventQuerySet:
        return queryset  # applied in filter_queryset (or, for ordering, by EventPages)


class EventViewSet(viewsets.ModelViewSet):
    serializer_class = EventSerializer
    lookup_field = "slug"
    filterset_class = EventFilter
    pagination_class = EventPages
    queryset = Event.objects.all()

    def get_queryset(self) -> EventQuerySet:
        events = Event.objects.visible_to(self.request.user)
        return (
            events
            if self.action == "list"
            else events.with_relations(user=self.request.user, actor_names=False)
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The hot read: rows and plain dicts instead of instances and serializer fields
        # (events/representations.py; the output is the serializer's, as tested).
        events = self.filter_queryset(Event.objects.visible_to(request.user))
        page = self.paginate_queryset(event_rows(events)) or []
        return self.get_paginated_response(event_representations(page, request))


class SourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Title, publisher or URL", max_length=params.MAX_TEXT
    )
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices)

    class Meta:
        model = Source
        fields: list[str] = []

    def search(self, queryset: QuerySet[Source], name: str, value: str) -> QuerySet[Source]:
        return queryset.filter(
            Q(title__icontains=value) | Q(publisher__icontains=value) | Q(url__icontains=value)
        )


class SourceViewSet(viewsets.ModelViewSet):
    serializer_class = SourceSerializer
    queryset = Source.objects.prefetch_related("cites")
    filterset_class = SourceFilter
    pagination_class = IdPages


class ActorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Any name, in any script", max_length=params.MAX_TEXT
    )
    kind = django_filters.ChoiceFilter(choices=Actor.Kind.choices)

    class Meta:
        model = Actor
        fields: list[str] = []

    def search(self, queryset: ActorQuerySet, name: str, value: str) -> ActorQuerySet:
        return queryset.matching(value)


class ActorViewSet(viewsets.ModelViewSet):
    serializer_class = ActorSerializer
    queryset = Actor.objects.prefetch_related("names")
    lookup_field = "slug"
    filterset_class = ActorFilter
    pagination_class = SlugPages


class PlaceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Name or country, in any script", max_length=params.MAX_TEXT
    )

    class Meta:
        model = Place
        fields = ["country", "timezone"]

    def search(self, queryset: PlaceQuerySet, name: str, value: str) -> PlaceQuerySet:
        return queryset.matching(value)


class PlaceViewSet(viewsets.ModelViewSet):
    serializer_class = PlaceSerializer
    queryset = Place.objects.all()
    lookup_field = "slug"
    pagination_class = SlugPages
    filterset_class = PlaceFilter


class TagViewSet(viewsets.ModelViewSet):
    serializer_class = TagSerializer
    queryset = Tag.objects.all()
    lookup_field = "slug"
    pagination_class = SlugPages
