"""Drafting from a report in the API: POST /api/sources/extract/ (editors only)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from events.drafting.reports import draft_events_from_report
from events.models import Event
from events.serializers import EventSerializer, SourceSerializer


class ReportSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    url = serializers.CharField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    published = serializers.DateField()
    publisher = serializers.CharField(required=False, allow_blank=True, default="")


class CanDraftEvents(permissions.BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.user.is_authenticated and request.user.has_perm("events.add_event")


class Extract(APIView):
    permission_classes = [CanDraftEvents]

    @extend_schema(request=ReportSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        """Paste a report: its source is stored and draft events are proposed, each
        citing the sentence it came from. Nothing is published."""
        query = ReportSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            source, drafts = draft_events_from_report(
                **query.validated_data, today=timezone.localdate()
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        shown = (
            Event.objects.filter(pk__in=[d.pk for d in drafts])
            .with_relations(user=request.user)
            .order_by("pk")
        )
        context = {"request": request}
        return Response(
            {
                "source": SourceSerializer(source, context=context).data,
                "drafts": EventSerializer(shown, many=True, context=context).data,
            },
            status=status.HTTP_201_CREATED,
        )
