"""The anniversaries in the API: a day or a window (AnniversaryList), and on this day."""

from __future__ import annotations

import re
from typing import Any, cast

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chronology.dates import days_in_month
from chronology.recurrence import today_in
from events import columns
from events.api import EventPages
from events.models import Event
from events.representations import event_representations, event_rows
from events.selection import read_choice
from events.serializers import EventSerializer
from gateway import params
from timeline.anniversaries.listing import listing, on_this_day, resolve
from timeline.anniversaries.serializers import AnniversaryQuerySerializer, AnniversarySerializer


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
        choice = read_choice(request.query_params, request.user, names=("tag", "actor", "timeline"))
        events = Event.objects.published().chosen(choice)
        # The page is read in listing order off the indexes; only its events are loaded.
        rows = listing(events, start, end, milestones_only=asked["milestones_only"])
        # Events kept in a calendar whose tables do not reach the whole window are
        # listed where they can be, and the answer says which could not be.
        cast(AnniversaryPages, self.paginator).left_out = [gap.as_dict() for gap in rows.left_out]
        # A Listing pages like a queryset (count and slices in SQL).
        page = resolve(
            self.paginate_queryset(cast(Any, rows)) or [], Event.objects.only(*columns.BRIEF)
        )
        data = [{"event": event, **anniversary.__dict__} for event, anniversary in page]
        return self.get_paginated_response(self.get_serializer(data, many=True).data)


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
