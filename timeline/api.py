"""REST endpoints of the time layer: timelines, anniversaries, and on this day."""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination

from events.api import EventPages, SlugPages, events_for, with_relations
from events.dates import days_in_month
from events.models import Actor, Event, Tag
from events.serializers import EventSerializer
from timeline.anniversaries import today_in
from timeline.models import Timeline, TimelineEntry
from timeline.queries import anniversaries
from timeline.serializers import (
    AnniversaryQuerySerializer,
    AnniversarySerializer,
    TimelineSerializer,
)


class TimelinePermission(permissions.BasePermission):
    """Anyone reads what they can see; editors create; the owner (or a superuser) changes
    and deletes, and editors may also change public timelines."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            return False
        if request.method == "POST":
            return request.user.has_perm("timeline.add_timeline")
        return True

    def has_object_permission(self, request, view, timeline):
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


class TimelineViewSet(viewsets.ModelViewSet):
    serializer_class = TimelineSerializer
    permission_classes = [TimelinePermission]
    lookup_field = "slug"
    pagination_class = SlugPages
    queryset = Timeline.objects.all()

    def get_queryset(self):
        visible_events = events_for(self.request.user)
        return (
            Timeline.objects.visible_to(self.request.user)
            .select_related("owner")
            .prefetch_related(Prefetch(
                "entries",
                queryset=TimelineEntry.objects.filter(event__in=visible_events)
                .select_related("event"),
                to_attr="visible_entries",
            ))
        )


class AnniversaryPages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class AnniversaryList(GenericAPIView):
    """Anniversaries of published events on one day, or in a window of up to 366 days
    (which may cross the year end). With neither, today in `tz`."""

    serializer_class = AnniversarySerializer
    pagination_class = AnniversaryPages
    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[AnniversaryQuerySerializer])
    def get(self, request):
        query = AnniversaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if params.get("start"):
            start, end = params["start"], params["end"]
        else:
            start = end = params.get("date") or today_in(
                params.get("tz") or settings.TIME_ZONE, timezone.now()
            )
        events = self._filtered(Event.objects.published(), params)
        found = anniversaries(events, start, end,
                              milestones_only=params["milestones_only"])
        page = self.paginate_queryset(found)
        data = [
            {"event": event, **anniversary.__dict__} for event, anniversary in page
        ]
        return self.get_paginated_response(self.get_serializer(data, many=True).data)

    def _filtered(self, events, params):
        if slug := params.get("tag"):
            if not Tag.objects.filter(slug=slug).exists():
                raise ValidationError({"tag": f"No tag with slug {slug!r}."})
            events = events.filter(tags__slug=slug)
        if slug := params.get("actor"):
            if not Actor.objects.filter(slug=slug).exists():
                raise ValidationError({"actor": f"No actor with slug {slug!r}."})
            events = events.filter(participations__actor__slug=slug)
        if slug := params.get("timeline"):
            visible = Timeline.objects.visible_to(self.request.user).filter(slug=slug)
            if not visible.exists():
                raise ValidationError({"timeline": f"No timeline with slug {slug!r}."})
            events = events.filter(timeline_entries__timeline__in=visible)
        return events.distinct()


class OnThisDay(GenericAPIView):
    """Published day-precision events on this month and day, every year, oldest first."""

    serializer_class = EventSerializer
    pagination_class = EventPages
    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[OpenApiParameter("month_day", str, OpenApiParameter.PATH,
                                                description="MM-DD, e.g. 07-27")])
    def get(self, request, month_day: str):
        match = re.fullmatch(r"(\d{2})-(\d{2})", month_day)
        month, day = (int(match[1]), int(match[2])) if match else (0, 0)
        if not (1 <= month <= 12 and 1 <= day <= days_in_month(2000, month)):
            raise ValidationError(
                {"month_day": [f"{month_day!r} is not a month and day (MM-DD, e.g. 07-27)."]}
            )
        events = with_relations(
            Event.objects.published().filter(precision="day", start_md=month * 100 + day)
        )
        page = self.paginate_queryset(events)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
