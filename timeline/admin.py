from django.contrib import admin

from timeline.models import Timeline, TimelineEntry


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
