"""REST endpoints of the time layer: timelines, anniversaries, and on this day."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chronology.recurrence import today_in
from events import translated
from events.api import SlugPages
from events.models import Citation, Event
from gateway.absolute_urls import absolute_url
from timeline import policy
from timeline.models import Timeline, TimelineEntry, TimelineQuerySet, first_events
from timeline.serializers import (
    EVENTS_SHOWN,
    EVENTS_SHOWN_IN_LISTS,
    TimelineSerializer,
)
from timeline.timelinejs import timelinejs


class TimelinePermission(permissions.BasePermission):
    """Anyone reads what they can see; editors create; the owner (or a superuser) changes
    and deletes, and editors may also change public timelines."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            return False
        if request.method == "POST":
            return request.user.has_perm("timeline.add_timeline")
        return True

    def has_object_permission(self, request: Request, view: APIView, timeline: Timeline) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        if user.is_superuser or timeline.owner_id == user.pk:
            return True
        return (
            request.method != "DELETE"
            and timeline.visibility == Timeline.Visibility.PUBLIC
            and user.has_perm("timeline.change_timeline")
        )


class TimelinePages(SlugPages):
    # Each timeline in a list carries its first events: 50 timelines a page at most.
    max_page_size = 50


class TimelineViewSet(viewsets.ModelViewSet):
    serializer_class = TimelineSerializer
    permission_classes = [TimelinePermission]
    lookup_field = "slug"
    pagination_class = TimelinePages
    queryset = Timeline.objects.all()

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path="timelinejs")
    def timelinejs(self, request: Request, slug: str | None = None) -> Response:
        """The timeline as TimelineJS 3 JSON (slides, groups by kind, eras)."""
        timeline = self.get_object()
        # TimelineJS shows a few hundred slides well: a bigger timeline is cut (and says
        # so in its title slide) rather than sent whole.
        limit = settings.ANNALS_TIMELINEJS_MAX_EVENTS
        # Slides show a quote with its source's credit: the citations are all they read
        # of an event's relations.
        citations = Prefetch("citations", queryset=Citation.objects.select_related("source"))
        events = list(
            Event.objects.visible_to(request.user)
            .filter(pk__in=TimelineEntry.objects.filter(timeline=timeline).values("event_id"))
            .select_related("place")
            .prefetch_related(citations)
            .order_by("sort_day", "pk")[: limit + 1]
        )
        language = translated.current()
        description = translated.shown(timeline, "description", language).text
        if len(events) > limit:
            events = events[:limit]
            description += " " + gettext(
                "(The first %(limit)s events; the timeline page lists all.)"
            ) % {"limit": f"{limit:,}"}
        return Response(
            timelinejs(
                translated.shown(timeline, "title", language).text,
                description,
                events,
                lambda e: absolute_url(e.get_absolute_url()),
                today=today_in(settings.TIME_ZONE, timezone.now()),
                policy=policy.feb29_policy(),
            )
        )

    def get_queryset(self) -> TimelineQuerySet:
        return Timeline.objects.visible_to(self.request.user).select_related("owner")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "first_events": getattr(self, "_firsts", {})}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        self._firsts = first_events(
            [t.pk for t in page], Event.objects.visible_to(request.user), EVENTS_SHOWN_IN_LISTS
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        timeline = self.get_object()
        self._firsts = first_events(
            [timeline.pk], Event.objects.visible_to(request.user), EVENTS_SHOWN
        )
        return Response(self.get_serializer(timeline).data)
