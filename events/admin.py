from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import admin, messages
from django.db.models import Max, Min
from django.urls import path
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from chronology.dates import MAX_YEAR, MIN_YEAR, display_year
from events import mapping
from events.models import (
    Actor,
    ActorName,
    Citation,
    Event,
    EventRelation,
    Participation,
    Place,
    Source,
    Tag,
    actors_matching,
)
from gateway import params

# Admin views that apps above the records add to a records model's list page (the CSV
# import, drafting from a report), registered when those apps load: the records know no
# app above them. Each is (route, view(model_admin, request), URL name).
_TOOLS: dict[type, list[tuple[str, Callable, str]]] = {}


def add_tool(model: type, route: str, view: Callable, name: str) -> None:
    _TOOLS.setdefault(model, []).append((route, view, name))


class WithTools(admin.ModelAdmin):
    """A ModelAdmin that serves the tools other apps added to its model."""

    def get_urls(self):
        tools = [
            path(route, self.admin_site.admin_view(partial(view, self)), name=name)
            for route, view, name in _TOOLS.get(self.model, [])
        ]
        return tools + super().get_urls()


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "timezone", "latitude", "longitude"]
    search_fields = ["name", "country", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "country",
        ("latitude", "longitude"),
        "point",
        "timezone",
        "translations",
    ]
    readonly_fields = ["point"]

    @admin.display(description="On the map")
    def point(self, place: Place) -> str:
        """The place's point on a small map, as saved (the model refuses latitudes beyond
        ±90 and longitudes beyond ±180)."""
        if place.latitude is None or place.longitude is None:
            return "No coordinates: the place is on no map."
        drawing = mapping.around(
            mapping.Spot(float(place.latitude), float(place.longitude), str(place))
        )
        circle = drawing.circles[0]
        return format_html(
            '<svg viewBox="{}" width="320" height="160" role="img" aria-label="{} on a map" '
            'style="border:1px solid #ccc;background:#dfe9ee">'
            '<path d="{}" fill="#ece5d8" stroke="#9c8f7a" stroke-width="{}"/>'
            '<circle cx="{}" cy="{}" r="{}" fill="#8a2b0e"/></svg>',
            drawing.view_box,
            place,
            drawing.land,
            drawing.scale,
            circle.cx,
            circle.cy,
            circle.r,
        )


class ActorNameInline(admin.TabularInline):
    model = ActorName
    extra = 1


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "other_names"]
    list_filter = ["kind"]
    search_fields = ["slug"]  # names in every script are matched in get_search_results
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorNameInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("names")

    @admin.display(description="Other names")
    def other_names(self, actor: Actor) -> str:
        return " · ".join(name.name for name in actor.names.all())

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(actors_matching(search_term)), True


@admin.register(Source)
class SourceAdmin(WithTools, SimpleHistoryAdmin):
    change_list_template = "admin/events/source/change_list.html"
    list_display = ["title", "publisher", "published", "kind", "language"]
    list_filter = ["kind", "language"]
    search_fields = ["title", "publisher", "authors", "url"]
    autocomplete_fields = ["cites"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "url", "publisher", "authors", "published", "kind", "language"]},
        ),
        ("Provenance", {"fields": ["accessed_on", "archive_url", "cites"]}),
    ]


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "locator"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["actor"]


class RelationInline(admin.TabularInline):
    model = EventRelation
    fk_name = "from_event"
    extra = 0
    autocomplete_fields = ["to_event"]
    verbose_name = "relation to another event"
    verbose_name_plural = "relations to other events"


class CenturyFilter(admin.SimpleListFilter):
    title = "century"
    parameter_name = "century"

    def lookups(self, request, model_admin):
        bounds = Event.objects.aggregate(first=Min("start_year"), last=Max("start_year"))
        if bounds["first"] is None:
            return []
        first, last = bounds["first"] // 100 * 100, bounds["last"] // 100 * 100
        return [
            (str(start), f"{display_year(start)} – {display_year(start + 99)}")
            for start in range(last, first - 1, -100)
        ]

    def queryset(self, request, queryset):
        start = params.integer(request.GET, self.parameter_name, low=MIN_YEAR, high=MAX_YEAR)
        if start is None:
            return queryset
        return queryset.filter(start_year__gte=start, start_year__lt=start + 100)


class DecadeFilter(admin.SimpleListFilter):
    """Decades of the chosen century (shown once a century is chosen)."""

    title = "decade"
    parameter_name = "decade"

    def lookups(self, request, model_admin):
        start = params.integer(
            request.GET, CenturyFilter.parameter_name, low=MIN_YEAR, high=MAX_YEAR
        )
        if start is None:
            return []
        return [
            (str(decade), f"{display_year(decade)} – {display_year(decade + 9)}")
            for decade in range(start, start + 100, 10)
        ]

    def queryset(self, request, queryset):
        start = params.integer(request.GET, self.parameter_name, low=MIN_YEAR, high=MAX_YEAR)
        if start is None:
            return queryset
        return queryset.filter(start_year__gte=start, start_year__lt=start + 10)


@admin.register(Event)
class EventAdmin(WithTools, SimpleHistoryAdmin):
    list_display = ["title", "date_display", "precision", "kind", "status", "place"]
    list_filter = ["status", "precision", "kind", "tags", CenturyFilter, DecadeFilter]
    search_fields = ["title", "summary", "citations__source__title"]
    list_select_related = ["place"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["place", "tags"]
    readonly_fields = ["date_understood", "earliest", "latest", "picture_preview"]
    inlines = [ParticipationInline, CitationInline, RelationInline]
    actions = ["publish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "kind"]}),
        (
            "When",
            {
                "fields": [
                    ("date", "calendar", "observed"),
                    "date_understood",
                    ("earliest", "latest"),
                    ("time", "timezone"),
                ]
            },
        ),
        ("Where and what", {"fields": ["place", "tags", "summary", "body"]}),
        (
            "Picture",
            {
                "fields": [
                    "image",
                    "picture_preview",
                    "image_alt",
                    "image_credit",
                    "image_source_url",
                ],
                "description": "Only a picture whose licence allows it, with its credit.",
            },
        ),
        (
            "Other languages",
            {
                "fields": ["translations"],
                "description": "The title and summary in Korean, Russian and Chinese, e.g. "
                '{"ko": {"title": "한국 정전 협정", "summary": "…"}, "zh-hans": {"title": "…"}}. '
                "A field left out is shown in English.",
            },
        ),
    ]

    change_list_template = "admin/events/event/change_list.html"

    @admin.display(description="Thumbnail")
    def picture_preview(self, event: Event) -> str:
        if not event.image_thumbnail:
            return "Made from the picture when it is saved."
        return format_html(
            '<img src="{}" alt="" style="max-width: 240px; border-radius: 4px">',
            event.image_thumbnail.url,
        )

    @admin.display(description="How the date was understood")
    def date_understood(self, event: Event) -> str:
        return event.date_description if event.pk else "Shown once the event is saved."

    @admin.display(description="Date", ordering="sort_day")
    def date_display(self, event: Event) -> str:
        return event.date_display

    def get_search_results(self, request, queryset, search_term):
        filtered, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term:
            return filtered, may_have_duplicates
        # Actor names in any script, case-folded (see events.models.fold).
        by_actor = queryset.filter(participations__actor__in=Actor.objects.matching(search_term))
        return filtered | by_actor, True

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        messages.info(request, f"Date understood as: {obj.date_description}.")

    @admin.action(description="Publish the selected events", permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for event in queryset.exclude(status=Event.Status.PUBLISHED):
            event.status = Event.Status.PUBLISHED
            event.save()  # one by one so that history records each change
            count += 1
        self.message_user(request, f"Published {count} event(s).")
