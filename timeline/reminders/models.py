"""Who is reminded of what (Subscription), each reminder to send (Delivery), each try
(DeliveryAttempt) and how far the planner has planned (PlannerState).

These models were made under the timeline app: they keep its tables (db_table), and the
reminders app took them over with a migration that moves only Django's idea of them
(reminders/migrations/0001_initial.py).
"""

from __future__ import annotations

import uuid
from datetime import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events import translated
from events.choices import Choice
from events.models import Actor, Event, Place, Tag
from events.validators import validate_http_url, validate_time_zone
from timeline.models import Timeline


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


# What a subscription gets when it does not say (the model, the service and the form).
DEFAULT_LEAD_DAYS = (7, 0)
DEFAULT_SEND_TIME = time(9, 0)


def default_lead_days() -> list[int]:
    return list(DEFAULT_LEAD_DAYS)


def _name(obj) -> str:
    """What a subscription follows, named in the current language."""
    language = translated.current()
    if isinstance(obj, Event):
        title = translated.shown(obj, "title", language).text
        return f"{title} ({obj.date_display})" if obj.date else title
    if isinstance(obj, Timeline):
        return translated.shown(obj, "title", language).text
    if isinstance(obj, Tag):
        return translated.shown(obj, "name", language).text
    return str(obj)


class Subscription(models.Model):
    """Who is reminded of which anniversaries, when, and how."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        WEBHOOK = "webhook", _("Webhook")

    class Target(models.TextChoices):
        EVENT = "event", _("One event")
        TIMELINE = "timeline", _("A timeline")
        TAG = "tag", _("A tag")
        ACTOR = "actor", _("An actor")
        PLACE = "place", _("A place")
        ALL = "all", _("Everything")

    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    # The language its messages and pages come in: the page it was made on, or the API's
    # `language` (events.translated; the worker writes in it, whatever its own).
    language = models.CharField(
        max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        help_text="The owner of a webhook subscription.",
    )
    webhook_url = models.URLField(max_length=500, blank=True, validators=[validate_http_url])
    webhook_secret = models.CharField(max_length=100, blank=True, editable=False)

    target = models.CharField(max_length=10, choices=Target.choices)
    target_event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_timeline = models.ForeignKey(
        Timeline, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    milestones_only = models.BooleanField(default=False)
    lead_days = models.JSONField(
        default=default_lead_days, help_text="Days before the anniversary, e.g. [7, 0]."
    )
    milestone_lead_days = models.JSONField(
        default=list,
        blank=True,
        help_text="For milestones, an optional longer set, e.g. [365, 90, 7, 0].",
    )
    timezone = models.CharField(max_length=64, validators=[validate_time_zone])
    send_time = models.TimeField(default=DEFAULT_SEND_TIME)
    digest = models.BooleanField(default=False, help_text="Bundle everything due at one send time.")

    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # A webhook whose endpoint kept failing is paused (its owner is told), until resumed.
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_reason = models.TextField(blank=True)
    # The confirmation mail: when the mail server took it, or why it could not (kept
    # while the worker retries, and after it gives up), for the admin to see.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmation_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "timeline_subscription"  # made under the timeline app
        ordering = ["-created_at"]
        indexes = [
            # The planner reads active subscriptions only.
            models.Index(fields=["confirmed_at", "unsubscribed_at"], name="subscription_active"),
        ]

    def __str__(self) -> str:
        who = self.email or self.webhook_url
        return f"{who} → {self.target_label}"

    @property
    def is_active(self) -> bool:
        return (
            self.confirmed_at is not None
            and self.unsubscribed_at is None
            and self.paused_at is None
        )

    @property
    def target_object(self):
        return getattr(self, f"target_{self.target}", None) if self.target != "all" else None

    @property
    def target_label(self) -> str:
        obj = self.target_object
        if self.target == self.Target.ALL:
            return gettext("all events")
        if obj is None:
            return self.target
        return f"{self.get_target_display().lower()}: {_name(obj)}"

    def withdrawn(self) -> str:
        """Why nothing more may be sent for this subscription ("" when it may): it ended,
        or what it follows is no longer visible to its subscriber (a timeline turned
        private, an event unpublished). Read with target_timeline and target_event
        loaded."""
        if self.paused_at is not None:
            return "the subscription is paused: its endpoint kept failing"
        if not self.is_active:
            return "the subscription is no longer active"
        if self.target == self.Target.EVENT and (
            self.target_event is None or self.target_event.status != Event.Status.PUBLISHED
        ):
            return "the event is no longer published"
        if self.target == self.Target.TIMELINE:
            timeline = self.target_timeline
            if timeline is None or (
                timeline.visibility != Timeline.Visibility.PUBLIC
                and timeline.owner_id != self.user_id
            ):
                return "the timeline is no longer visible to the subscriber"
        return ""

    def choice(self) -> Choice:
        """The events this subscription follows, as events are chosen (events.selection)."""
        if self.target == self.Target.ALL:
            return Choice()
        return Choice(**{self.target: getattr(self, f"target_{self.target}_id")})

    def leads_for(self, milestone: bool) -> set[int]:
        leads = set(self.lead_days)
        if milestone and self.milestone_lead_days:
            leads |= set(self.milestone_lead_days)
        return leads


class Delivery(models.Model):
    """One reminder to one subscriber about one anniversary of one event, at one lead
    time. The unique constraint makes a second record of it impossible."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # Not sent, and never will be: what it was about was unpublished or made private.
        WITHDRAWN = "withdrawn", "Withdrawn"

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    occurs_on = models.DateField()
    lead_days = models.PositiveSmallIntegerField()
    bound = models.CharField(max_length=5)
    years = models.IntegerField()
    label = models.CharField(max_length=100)
    milestone = models.BooleanField(default=False)
    due_at = models.DateTimeField()
    late = models.BooleanField(default=False)
    # Stable across retries and redeliveries: the Standard Webhooks `webhook-id`.
    message_id = models.CharField(
        max_length=40, unique=True, default=new_message_id, editable=False
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "timeline_delivery"  # made under the timeline app
        ordering = ["-due_at"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event", "occurs_on", "lead_days", "bound"],
                name="delivery_once",
            ),
        ]
        indexes = [
            # dispatch_due: pending deliveries whose time has come.
            models.Index(fields=["status", "next_attempt_at"], name="delivery_status_next"),
        ]

    def __str__(self) -> str:
        return f"{self.label} of {self.event} → {self.subscription} ({self.status})"


class DeliveryAttempt(models.Model):
    """One try at sending a delivery: what happened, for operators."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField()
    ok = models.BooleanField()
    status_code = models.IntegerField(null=True, blank=True)
    latency_ms = models.IntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        db_table = "timeline_deliveryattempt"  # made under the timeline app
        ordering = ["delivery", "at"]

    def __str__(self) -> str:
        outcome = "ok" if self.ok else f"failed: {self.error}"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or ''} {outcome}"


def origin_of(url: str) -> str:
    """A webhook URL's endpoint, as circuits count it: scheme, host and port."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


class Endpoint(models.Model):
    """A webhook receiver (scheme, host and port) as deliveries meet it.

    Its circuit: after consecutive failures it is not called until `open_until`, and the
    deliveries for it wait without spending their attempts (a receiver that never answers
    would otherwise cost every one of them the whole deadline). Its lease: one batch of
    deliveries in flight at a time (`busy_until`), so a slow receiver holds one worker
    slot, never all of them."""

    origin = models.CharField(max_length=300, unique=True)
    failures = models.PositiveIntegerField(default=0, help_text="Consecutive failed attempts.")
    failing_since = models.DateTimeField(null=True, blank=True)
    open_until = models.DateTimeField(null=True, blank=True)
    busy_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        db_table = "timeline_endpoint"  # made under the timeline app
        ordering = ["origin"]

    def __str__(self) -> str:
        state = f"open until {self.open_until:%Y-%m-%d %H:%M}" if self.open_until else "closed"
        return f"{self.origin} ({self.failures} failures, circuit {state})"


class PlannerState(models.Model):
    """How far the reminder planner has planned (a single row)."""

    planned_until = models.DateTimeField(null=True)
    # A running planner's lease: a second planner finds it taken and leaves the work to
    # the first; a planner that died loses it when it expires.
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "timeline_plannerstate"  # made under the timeline app

    def __str__(self) -> str:
        return f"planned until {self.planned_until}"
