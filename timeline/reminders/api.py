"""Subscriptions over the REST API: email by anyone (confirmed by email first), webhooks
by signed-in users, who also list, read and cancel their own."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from events.api import IdPages
from gateway.throttling import UserThrottle
from timeline.reminders import circuits
from timeline.reminders.models import Subscription
from timeline.reminders.serializers import SubscriptionSerializer
from timeline.reminders.subscriptions import (
    TooManyConfirmations,
    rotate_secret,
    subscription_create,
)


class SubscribeThrottle(UserThrottle):
    """Subscribing sends email to an address anyone can type: a rate of its own."""

    scope = "subscribe"


class SubscriptionViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Anyone may subscribe an email address (a confirmation email is sent first);
    signed-in users may also subscribe a webhook, and see and cancel their own."""

    serializer_class = SubscriptionSerializer
    pagination_class = IdPages

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.action == "create":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_throttles(self) -> list[BaseThrottle]:
        return (
            [*super().get_throttles(), SubscribeThrottle()]
            if self.action == "create"
            else super().get_throttles()
        )

    def get_queryset(self) -> QuerySet[Subscription]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Subscription.objects.none()
        return Subscription.objects.filter(
            user_id=cast(int, self.request.user.pk), unsubscribed_at__isnull=True
        ).select_related(
            "target_event", "target_timeline", "target_tag", "target_actor", "target_place"
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["channel"] == "webhook" and not request.user.is_authenticated:
            raise NotAuthenticated("Webhook subscriptions need a signed-in user (a token).")
        try:
            created = subscription_create(
                target=data["target"]["type"],
                target_slug=data["target"].get("slug"),
                email=data.get("email", "") if data["channel"] == "email" else "",
                webhook_url=data.get("webhook_url", "") if data["channel"] == "webhook" else "",
                user=request.user,
                lead_days=data.get("lead_days"),
                milestone_lead_days=data.get("milestone_lead_days"),
                milestones_only=data["milestones_only"],
                timezone_name=data.get("timezone"),
                send_time=data.get("send_time"),
                digest=data["digest"],
                language=data.get("language"),
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        except TooManyConfirmations as exc:
            raise Throttled(
                exc.wait, detail="This address was sent enough confirmation mails for now."
            ) from exc
        body = self.get_serializer(created.subscription).data
        if created.secret:
            body["secret"] = created.secret  # shown once; rotate to get a new one
        else:
            body["detail"] = "Check your inbox: nothing is sent until you confirm."
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_destroy(self, subscription: Subscription) -> None:
        # Unsubscribe rather than delete: the delivery history stays for the record.
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="resume")
    def resume(self, request: Request, pk: str | None = None) -> Response:
        """A paused webhook (its endpoint kept failing) sends again from now on."""
        subscription = self.get_object()
        if subscription.paused_at is None:
            raise ValidationError({"paused": "This subscription is not paused."})
        circuits.resume(subscription)
        subscription.refresh_from_db()
        return Response(self.get_serializer(subscription).data)

    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str | None = None) -> Response:
        subscription = self.get_object()
        if subscription.channel != Subscription.Channel.WEBHOOK:
            raise ValidationError({"channel": "Only webhook subscriptions have a secret."})
        return Response(
            {**self.get_serializer(subscription).data, "secret": rotate_secret(subscription)}
        )
