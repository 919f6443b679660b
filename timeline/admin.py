from django.contrib import admin
from django.utils import timezone

from timeline import sending
from timeline.models import Delivery, DeliveryAttempt, Subscription, Timeline, TimelineEntry
from timeline.planner import dispatch_due


class TimelineEntryInline(admin.TabularInline):
    model = TimelineEntry
    extra = 0
    autocomplete_fields = ["event"]


@admin.register(Timeline)
class TimelineAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "visibility", "updated_at"]
    list_filter = ["visibility"]
    search_fields = ["title", "description", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TimelineEntryInline]
    autocomplete_fields = ["owner"]

    def get_changeform_initial_data(self, request):
        return {"owner": request.user.pk, **super().get_changeform_initial_data(request)}

    # Editors see and change public timelines and their own private ones; only a
    # superuser sees every timeline or hands one to another owner.
    def get_queryset(self, request):
        timelines = super().get_queryset(request)
        return timelines if request.user.is_superuser else timelines.visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "owner"]

    def get_autocomplete_fields(self, request):
        return self.autocomplete_fields if request.user.is_superuser else []

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.owner = request.user
        super().save_model(request, obj, form, change)


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "ok", "status_code", "latency_ms", "error"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "channel", "target", "timezone", "send_time", "digest",
                    "confirmed_at", "unsubscribed_at"]
    list_filter = ["channel", "target", "digest", "milestones_only"]
    search_fields = ["email", "webhook_url"]
    raw_id_fields = ["user", "target_event", "target_timeline", "target_tag",
                     "target_actor", "target_place"]
    readonly_fields = ["created_at"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "label", "occurs_on", "lead_days", "subscription", "status",
                    "attempts", "late", "due_at", "sent_at"]
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
            status=Delivery.Status.PENDING, next_attempt_at=timezone.now(), enqueued_at=None,
            attempts=0)
        dispatch_due()
        self.message_user(request, f"{count} delivery(ies) will be retried.")

    @admin.action(description="Redeliver (same webhook-id)")
    def redeliver(self, request, queryset):
        for delivery in queryset:
            sending.redeliver(delivery)
        dispatch_due()
        self.message_user(request, f"{queryset.count()} delivery(ies) queued again.")
