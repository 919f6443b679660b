"""REST endpoints of the time layer: timelines, anniversaries, and on this day."""

from __future__ import annotations

import re
from typing import Any, cast

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chronology.dates import days_in_month
from chronology.recurrence import today_in
from events.api import EventPages, SlugPages
from events.models import Actor, Citation, Event, EventQuerySet, Participation, Tag
from events.representations import event_representations, event_rows
from events.serializers import EventSerializer
from gateway import params
from gateway.throttling import AnonThrottle, AnonymousScopedThrottle, UserThrottle
from gateway.urls import absolute_url
from timeline import policy
from timeline.analysis import BadQuery, answer
from timeline.models import Timeline, TimelineEntry, TimelineQuerySet, first_events
from timeline.queries import listing, on_this_day, resolve
from timeline.serializers import (
    EVENTS_SHOWN,
    EVENTS_SHOWN_IN_LISTS,
    AnniversaryQuerySerializer,
    AnniversarySerializer,
    ProximityAnswerSerializer,
    ProximityQuerySerializer,
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
        description = timeline.description
        if len(events) > limit:
            events = events[:limit]
            description += f" (The first {limit:,} events; the timeline page lists all.)"
        return Response(
            timelinejs(
                timeline.title,
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


class AnniversaryPages(PageNumberPagination):
    """Numbered pages, as deep as MAX_ROWS: a page is read by taking the first
    page * page_size rows of each range of the window off its index (queries.Listing),
    so the depth of a page is the work it costs. A window holding more is narrowed."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    MAX_ROWS = 5_000
    # Set by the view for the answer to name (queries.LeftOut, as dicts).
    left_out: list[dict] | None = None

    def get_page_size(self, request: Request) -> int:
        size = params.integer(request.query_params, self.page_size_query_param, low=1, high=10**9)
        return self.page_size if size is None else min(size, self.max_page_size)

    def paginate_queryset(
        self, queryset: Any, request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        size = self.get_page_size(request)
        most = max(self.MAX_ROWS // size, 1)
        try:
            params.integer(request.query_params, self.page_query_param, low=1, high=most)
        except params.BadParameter:
            raise params.BadParameter(
                {
                    self.page_query_param: f"Give a page from 1 to {most}: a listing is read "
                    f"at most {self.MAX_ROWS:,} rows deep ({most} pages of {size}); "
                    "narrow the window for the rest."
                }
            ) from None
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise ValidationError({self.page_query_param: [str(exc.detail)]}) from exc

    def get_paginated_response_schema(self, schema: dict) -> dict:
        described = super().get_paginated_response_schema(schema)
        described["properties"]["left_out"] = {
            "type": "array",
            "description": "Events kept in a calendar whose tables do not reach the whole "
            "window: listed where they reach, and counted here.",
            "items": {
                "type": "object",
                "properties": {
                    "observed": {"type": "string"},
                    "events": {"type": "integer"},
                    "known_from": {"type": "string", "format": "date"},
                    "known_to": {"type": "string", "format": "date"},
                    "note": {"type": "string"},
                },
                "required": ["observed", "events", "known_from", "known_to", "note"],
            },
        }
        described["required"] = [*described.get("required", []), "left_out"]
        return described

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        left_out = getattr(self, "left_out", None)
        if left_out is not None:
            response.data["left_out"] = left_out
        return response


# What EventBriefSerializer reads, and the date the anniversary is computed from.
BRIEF_FIELDS = ["slug", "title", "date", "calendar", "observed"]


class AnniversaryList(GenericAPIView):
    """Anniversaries of published events on one day, or in a window of up to 366 days
    (which may cross the year end). With neither, today in `tz`."""

    queryset = Event.objects.none()  # names the model for the schema; get() builds its own
    serializer_class = AnniversarySerializer
    pagination_class = AnniversaryPages
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[AnniversaryQuerySerializer], responses=AnniversarySerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        query = AnniversaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        asked = query.validated_data
        if asked.get("start"):
            start, end = asked["start"], asked["end"]
        else:
            start = end = asked.get("date") or today_in(
                asked.get("tz") or settings.TIME_ZONE, timezone.now()
            )
        events = self._filtered(Event.objects.published(), asked)
        # The page is read in listing order off the indexes; only its events are loaded.
        rows = listing(events, start, end, milestones_only=asked["milestones_only"])
        # Events kept in a calendar whose tables do not reach the whole window are
        # listed where they can be, and the answer says which could not be.
        cast(AnniversaryPages, self.paginator).left_out = [gap.as_dict() for gap in rows.left_out]
        # A Listing pages like a queryset (count and slices in SQL).
        page = resolve(
            self.paginate_queryset(cast(Any, rows)) or [], Event.objects.only(*BRIEF_FIELDS)
        )
        data = [{"event": event, **anniversary.__dict__} for event, anniversary in page]
        return self.get_paginated_response(self.get_serializer(data, many=True).data)

    def _filtered(self, events: EventQuerySet, asked: dict[str, Any]) -> EventQuerySet:
        if slug := asked.get("tag"):
            if not Tag.objects.filter(slug=slug).exists():
                raise ValidationError({"tag": f"No tag with slug {slug!r}."})
            events = events.filter(
                pk__in=Event.tags.through.objects.filter(tag__slug=slug).values("event_id")
            )
        if slug := asked.get("actor"):
            if not Actor.objects.filter(slug=slug).exists():
                raise ValidationError({"actor": f"No actor with slug {slug!r}."})
            events = events.filter(
                pk__in=Participation.objects.filter(actor__slug=slug).values("event_id")
            )
        if slug := asked.get("timeline"):
            visible = Timeline.objects.visible_to(self.request.user).filter(slug=slug)
            if not visible.exists():
                raise ValidationError({"timeline": f"No timeline with slug {slug!r}."})
            events = events.filter(
                pk__in=TimelineEntry.objects.filter(timeline__in=visible).values("event_id")
            )
        # Subqueries rather than joins: no duplicates, so no DISTINCT to undo the order.
        return events


class OnThisDay(GenericAPIView):
    """Published day-precision events on this month and day, every year, oldest first."""

    queryset = Event.objects.none()  # names the model for the schema; get() builds its own
    serializer_class = EventSerializer
    pagination_class = EventPages
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "month_day", str, OpenApiParameter.PATH, description="MM-DD, e.g. 07-27"
            ),
            OpenApiParameter(
                "year",
                int,
                description="The year whose day it is (default: this year), for events "
                "whose anniversaries another calendar keeps.",
            ),
        ],
        responses=EventSerializer(many=True),
    )
    def get(self, request: Request, month_day: str) -> Response:
        match = re.fullmatch(r"([0-9]{2})-([0-9]{2})", month_day, re.ASCII)
        month, day = (int(match[1]), int(match[2])) if match else (0, 0)
        if not (1 <= month <= 12 and 1 <= day <= days_in_month(2000, month)):
            raise ValidationError(
                {"month_day": [f"{month_day!r} is not a month and day (MM-DD, e.g. 07-27)."]}
            )
        this_year = params.integer(request.query_params, "year", low=1, high=9999) or (
            today_in(settings.TIME_ZONE, timezone.now()).year
        )
        events = on_this_day(Event.objects.published(), month, day, this_year)
        # Rows and plain dicts, as the events list reads them (events/representations.py).
        page = self.paginate_queryset(event_rows(events)) or []
        return self.get_paginated_response(event_representations(page, request))


def with_urls(data: dict, request: Request) -> dict:
    """The answer's event paths as absolute URLs, as the rest of the API gives them."""

    def brief(event: dict) -> dict:
        shown = {k: v for k, v in event.items() if k != "path"}
        return {**shown, "url": absolute_url(event["path"])}

    near = [
        {**row, "event": brief(row["event"]), "anchor": brief(row["anchor"])}
        for row in data["near_events"]
    ]
    return {**data, "near_events": near}


class ProximityAnalysis(APIView):
    """Are events timed to anniversaries? How many of one set of events fell within
    `window` days of an anniversary of another set (the anchors), how many chance would
    give, and the exact one-sided p-value (timeline/proximity.py says how)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonThrottle, UserThrottle, AnonymousScopedThrottle]
    throttle_scope = "analysis"

    @extend_schema(parameters=[ProximityQuerySerializer], responses=ProximityAnswerSerializer)
    def get(self, request: Request) -> Response:
        try:
            data = answer(request.query_params, request.user)
        except BadQuery as bad:
            raise ValidationError(
                {name: [problem] for name, problem in bad.errors.items()}
            ) from bad
        return Response(with_urls(data, request))
