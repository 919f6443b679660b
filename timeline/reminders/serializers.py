from __future__ import annotations

from django.conf import settings
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from events.validators import validate_time_zone


class SubscriptionTargetSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["event", "timeline", "tag", "actor", "place", "all"])
    slug = serializers.SlugField(required=False, allow_null=True)


class SubscriptionSerializer(serializers.Serializer):
    """Subscribe by email (double opt-in) or, signed in, by webhook."""

    id = serializers.IntegerField(read_only=True)
    channel = serializers.ChoiceField(choices=["email", "webhook"], default="email")
    email = serializers.EmailField(required=False, allow_blank=True)
    webhook_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    target = SubscriptionTargetSerializer()
    # Checked in full by subscriptions.clean_lead_days (few, distinct, in range); the
    # lengths bound what a request can make the server read at all.
    lead_days = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=50
    )
    milestone_lead_days = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=50
    )
    milestones_only = serializers.BooleanField(default=False)
    timezone = serializers.CharField(required=False, validators=[validate_time_zone])
    send_time = serializers.TimeField(required=False)
    digest = serializers.BooleanField(default=False)
    language = serializers.ChoiceField(
        choices=[code for code, _ in settings.LANGUAGES],
        required=False,
        help_text="The language of its messages and pages (default: the request's, by "
        "?lang= or Accept-Language).",
    )
    confirmed = serializers.SerializerMethodField()
    active = serializers.BooleanField(source="is_active", read_only=True)
    paused = serializers.SerializerMethodField(
        help_text="A webhook whose endpoint kept failing is paused until resumed."
    )
    paused_reason = serializers.CharField(read_only=True)

    def get_confirmed(self, subscription) -> bool:
        return subscription.confirmed_at is not None

    def get_paused(self, subscription) -> bool:
        return subscription.paused_at is not None

    def validate(self, attrs):
        if attrs["channel"] == "email" and not attrs.get("email"):
            raise ValidationError({"email": "An email subscription needs an email address."})
        if attrs["channel"] == "webhook" and not attrs.get("webhook_url"):
            raise ValidationError({"webhook_url": "A webhook subscription needs a URL."})
        if attrs["target"]["type"] != "all" and not attrs["target"].get("slug"):
            raise ValidationError({"target": "Give the slug of what to subscribe to."})
        return attrs

    def to_representation(self, subscription):
        return {
            "id": subscription.pk,
            "channel": subscription.channel,
            "email": subscription.email,
            "webhook_url": subscription.webhook_url,
            "target": {
                "type": subscription.target,
                "slug": getattr(subscription.target_object, "slug", None),
            },
            "lead_days": subscription.lead_days,
            "milestone_lead_days": subscription.milestone_lead_days,
            "milestones_only": subscription.milestones_only,
            "timezone": subscription.timezone,
            "send_time": subscription.send_time.strftime("%H:%M"),
            "digest": subscription.digest,
            "language": subscription.language,
            "confirmed": subscription.confirmed_at is not None,
            "active": subscription.is_active,
            "paused": subscription.paused_at is not None,
            "paused_reason": subscription.paused_reason,
        }
