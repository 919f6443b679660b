"""The proximity analysis in the API: /api/analysis/proximity/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gateway.absolute_urls import absolute_url
from gateway.throttling import AnonThrottle, AnonymousScopedThrottle, UserThrottle
from timeline.analysis.answers import BadQuery, answer
from timeline.analysis.serializers import ProximityAnswerSerializer, ProximityQuerySerializer


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

    # The docstring is the operation's published description (docs/openapi.yaml), kept
    # word for word when the module moved: the method is in timeline/analysis/proximity.py.

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
