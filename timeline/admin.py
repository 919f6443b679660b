from typing import cast

from django.contrib import admin

from timeline.models import Timeline, TimelineEntry, TimelineQuerySet


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
        timelines = cast(TimelineQuerySet, super().get_queryset(request))
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
