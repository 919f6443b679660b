"""Subscriptions and deliveries for operators: every attempt shown, failed deliveries
retried and any delivery sent again (with the same webhook-id)."""

from django.contrib import admin
from django.utils import timezone

from timeline.reminders import circuits, sending
from timeline.reminders.dispatch import dispatch_due
from timeline.reminders.models import Delivery, DeliveryAttempt, Endpoint, Subscription


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "ok", "status_code", "latency_ms", "error"]

    def has_add_permission(self, request, obj=None):
        return False


class ConfirmationFilter(admin.SimpleListFilter):
    """Email subscriptions whose confirmation mail the mail server never took."""

    title = "confirmation mail"
    parameter_name = "confirmation"

    def lookups(self, request, model_admin):
        return [("failed", "Could not be sent"), ("sent", "Sent"), ("waiting", "Not sent yet")]

    def queryset(self, request, queryset):
        email = queryset.filter(channel=Subscription.Channel.EMAIL)
        if self.value() == "failed":
            return email.exclude(confirmation_error="")
        if self.value() == "sent":
            return email.filter(confirmation_error="", confirmation_sent_at__isnull=False)
        if self.value() == "waiting":
            return email.filter(confirmation_error="", confirmation_sent_at__isnull=True)
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "channel",
        "target",
        "timezone",
        "send_time",
        "digest",
        "confirmation",
        "confirmed_at",
        "unsubscribed_at",
        "paused_at",
    ]
    list_filter = ["channel", "target", "digest", "milestones_only", ConfirmationFilter]
    actions = ["resume"]
    search_fields = ["email", "webhook_url"]
    raw_id_fields = [
        "user",
        "target_event",
        "target_timeline",
        "target_tag",
        "target_actor",
        "target_place",
    ]
    readonly_fields = [
        "created_at",
        "paused_at",
        "paused_reason",
        "confirmation_sent_at",
        "confirmation_error",
    ]

    @admin.display(description="Confirmation mail")
    def confirmation(self, subscription: Subscription) -> str:
        if subscription.channel != Subscription.Channel.EMAIL:
            return "—"
        if subscription.confirmation_error:
            return f"Not sent: {subscription.confirmation_error}"
        if subscription.confirmation_sent_at is not None:
            return f"Sent {subscription.confirmation_sent_at:%Y-%m-%d %H:%M} UTC"
        return "Not sent yet"

    @admin.action(description="Resume paused webhooks (their endpoints answer again)")
    def resume(self, request, queryset):
        paused = list(queryset.filter(paused_at__isnull=False))
        for subscription in paused:
            circuits.resume(subscription)
        self.message_user(request, f"{len(paused)} subscription(s) resumed.")


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    """Webhook receivers: their circuits, as deliveries met them."""

    list_display = ["origin", "failures", "failing_since", "open_until", "busy_until"]
    search_fields = ["origin"]
    readonly_fields = [
        "origin",
        "failures",
        "failing_since",
        "open_until",
        "busy_until",
        "last_error",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "label",
        "occurs_on",
        "lead_days",
        "subscription",
        "status",
        "attempts",
        "late",
        "due_at",
        "sent_at",
    ]
    list_filter = ["status", "late", "milestone", "subscription__channel"]
    search_fields = ["event__title", "subscription__email", "message_id"]
    list_select_related = ["event", "subscription"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    inlines = [DeliveryAttemptInline]
    actions = ["retry", "redeliver"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Retry failed deliveries now")
    def retry(self, request, queryset):
        count = queryset.filter(status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING,
            next_attempt_at=timezone.now(),
            enqueued_at=None,
            attempts=0,
        )
        dispatch_due()
        self.message_user(request, f"{count} delivery(ies) will be retried.")

    @admin.action(description="Redeliver (same webhook-id)")
    def redeliver(self, request, queryset):
        for delivery in queryset:
            sending.redeliver(delivery)
        dispatch_due()
        self.message_user(request, f"{queryset.count()} delivery(ies) queued again.")
