"""GET /api/geo/events/: the events the events list would give, as GeoJSON.

The same filters as /api/events/ (q, tag, actor, place, kind, timeline, after, before),
read by the same filter set. At most `page_size` features (default DEFAULT_FEATURES, at
most MAX_FEATURES), in date order; a cut answer says so and gives `next`, a keyset
position (?cursor=<sort day>.<id>), so that a page deep in a million events is an index
range. Answers for anonymous readers are kept until the records change; making one that
is not kept yet counts toward ANNALS_THROTTLE_FACETS, as the pages' filters do.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from events.api import EventFilter
from events.changes import EVENTS, RECORDS, shared_cache, versions
from events.geography.geojson import COLUMNS, collection, feature
from events.models import Event
from events.representations import plain_rows
from gateway import params
from gateway.absolute_urls import absolute_url
from gateway.throttling import (
    AnonThrottle,
    TextSearchThrottle,
    UserThrottle,
    refused,
)

DEFAULT_FEATURES = 1000
MAX_FEATURES = 2000
KEPT_SECONDS = 24 * 60 * 60
_DAY_BOUND = 400_000_000


class JSONWhateverAsked(BaseContentNegotiation):
    """The answer is GeoJSON whatever the client accepts (a client asking for
    application/json reads it as JSON); errors (400, 429) are plain JSON, as elsewhere
    in the API."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


FEATURE_COLLECTION = {
    "type": "object",
    "description": "An RFC 7946 FeatureCollection, longitude first.",
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "string"},
                    "geometry": {
                        "type": "object",
                        "nullable": True,
                        "properties": {
                            "type": {"type": "string", "enum": ["Point"]},
                            "coordinates": {
                                "type": "array",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                                "description": "[longitude, latitude]",
                            },
                        },
                    },
                    "properties": {
                        "type": "object",
                        "properties": {
                            "slug": {"type": "string"},
                            "title": {"type": "string"},
                            "date": {"type": "string"},
                            "date_display": {"type": "string"},
                            "earliest": {"type": "string", "nullable": True},
                            "latest": {"type": "string", "nullable": True},
                            "year": {"type": "integer"},
                            "url": {"type": "string", "format": "uri"},
                            "place": {"type": "string", "nullable": True},
                            "place_slug": {"type": "string", "nullable": True},
                        },
                    },
                },
            },
        },
        "numberReturned": {"type": "integer"},
        "cap": {"type": "integer"},
        "next": {"type": "string", "format": "uri", "nullable": True},
        "note": {"type": "string", "nullable": True},
    },
}


class GeoEvents(APIView):
    """Published events (and, for editors, drafts) as a GeoJSON FeatureCollection: one
    feature an event at its place, a null geometry where it has none. Filters as
    /api/events/; at most `page_size` features, the rest behind `next`."""

    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONWhateverAsked
    throttle_classes = [AnonThrottle, UserThrottle, TextSearchThrottle]
    filterset_class = EventFilter
    queryset = Event.objects.none()  # names the model for the schema

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                description=f"Features at most (default {DEFAULT_FEATURES}, "
                f"at most {MAX_FEATURES}).",
            ),
            OpenApiParameter(
                "cursor", OpenApiTypes.STR, description="Where `next` begins (opaque)."
            ),
        ],
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                response=FEATURE_COLLECTION, description="A FeatureCollection"
            )
        },
    )
    def get(self, request: Request) -> HttpResponse:
        size, position = params.collect(
            lambda: params.integer(request.query_params, "page_size", low=1, high=MAX_FEATURES),
            lambda: _cursor(request.query_params),
        )
        size = size or DEFAULT_FEATURES
        editor = request.user.has_perm("events.change_event")
        key = None
        if not editor:  # what an anonymous reader sees, kept per version of the records
            records, events = versions(RECORDS, EVENTS)
            query = sorted(request.query_params.lists())
            digest = hashlib.sha256(repr(query).encode()).hexdigest()[:24]
            key = f"annals:geo:v{records}.{events}:{translation.get_language()}:{digest}"
            if (kept := shared_cache().get(key)) is not None:
                return _geojson(kept)
            if too_many := refused("facets", request):
                return too_many
        body = json.dumps(self._collection(request, size, position), separators=(",", ":"))
        if key is not None:
            shared_cache().set(key, body, KEPT_SECONDS)
        return _geojson(body)

    def _collection(self, request: Request, size: int, position) -> dict[str, Any]:
        chosen = EventFilter(
            request.query_params,
            queryset=Event.objects.visible_to(request.user),
            request=request,
        )
        if not chosen.is_valid():
            raise params.BadParameter(
                {name: " ".join(problems) for name, problems in chosen.errors.items()}
            )
        events = chosen.qs
        if position is not None:
            day, pk = position
            events = events.filter(sort_day__gte=day).filter(
                Q(sort_day__gt=day) | Q(sort_day=day, pk__gt=pk)
            )
        rows = [
            dict(zip(COLUMNS, row, strict=True))
            for row in plain_rows(
                events.order_by("sort_day", "pk").values_list(*COLUMNS)[: size + 1]
            )
        ]
        more = len(rows) > size
        rows = rows[:size]
        page = absolute_url(reverse("event-detail-page", args=["--slug--"]))
        next_url = None
        if more:
            query = request.query_params.copy()
            query["cursor"] = f"{rows[-1]['sort_day']}.{rows[-1]['id']}"
            next_url = absolute_url(f"{reverse('geo-events')}?{query.urlencode()}")
        return collection(
            (feature(row, page.replace("--slug--", row["slug"])) for row in rows),
            next_url=next_url,
            cap=size,
        )


def _cursor(query) -> tuple[int, int] | None:
    text = params.text(query, "cursor", max_length=40)
    if not text:
        return None
    day, _, pk = text.partition(".")
    try:
        return (
            params.integer({"cursor": day}, "cursor", low=-_DAY_BOUND, high=_DAY_BOUND) or 0,
            params.integer({"cursor": pk}, "cursor", low=1, high=2**62) or 0,
        )
    except params.BadParameter:
        raise params.BadParameter(
            {"cursor": "Not a position from this list; start again from its first page."}
        ) from None


def _geojson(body: str) -> HttpResponse:
    return HttpResponse(body, content_type="application/geo+json")
