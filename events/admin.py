from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Min
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from chronology.dates import MAX_YEAR, MIN_YEAR, display_year
from events.drafting import draft_events_from_report
from events.exchange import import_rows, read_rows
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


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV with the columns of the CSV export "
        "(external_id, title, date, … ); at most "
        f"{settings.ANNALS_IMPORT_MAX_BYTES // 1_000_000} MB."
    )
    dry_run = forms.BooleanField(required=False, help_text="Check only; write nothing.")
    strict = forms.BooleanField(required=False, help_text="Import nothing if any row is bad.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        most = settings.ANNALS_IMPORT_MAX_BYTES
        if upload.size > most:
            raise ValidationError(
                f"The file is {upload.size / 1e6:.1f} MB; an upload may be at most "
                f"{most / 1e6:.0f} MB. Split it, or use manage.py import_events."
            )
        return upload


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "timezone", "latitude", "longitude"]
    search_fields = ["name", "country", "slug"]
    prepopulated_fields = {"slug": ["name"]}


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


class ReportForm(forms.Form):
    title = forms.CharField(max_length=300)
    url = forms.CharField(label="URL", max_length=500)
    published = forms.DateField(
        help_text="YYYY-MM-DD", widget=forms.DateInput(attrs={"type": "date"})
    )
    publisher = forms.CharField(max_length=200, required=False)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16}), help_text="The report's text, pasted."
    )


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    change_list_template = "admin/events/source/change_list.html"

    def get_urls(self):
        extra = [
            path(
                "draft-from-report/",
                self.admin_site.admin_view(self.draft_view),
                name="events_source_draft",
            )
        ]
        return extra + super().get_urls()

    def draft_view(self, request):
        """Paste a report: store it as a source and propose draft events to review."""
        if not request.user.has_perm("events.add_event"):
            raise PermissionDenied
        form = ReportForm(request.POST or None)
        drafts = None
        if request.method == "POST" and form.is_valid():
            try:
                _, drafts = draft_events_from_report(
                    **form.cleaned_data, today=timezone.localdate()
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field, errors)
        return TemplateResponse(
            request,
            "admin/events/source/draft.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Draft events from a report",
                "form": form,
                "drafts": drafts,
            },
        )

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
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "date_display", "precision", "kind", "status", "place"]
    list_filter = ["status", "precision", "kind", "tags", CenturyFilter, DecadeFilter]
    search_fields = ["title", "summary", "citations__source__title"]
    list_select_related = ["place"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["place", "tags"]
    readonly_fields = ["date_understood", "earliest", "latest"]
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
    ]

    change_list_template = "admin/events/event/change_list.html"

    def get_urls(self):
        extra = [
            path(
                "import/", self.admin_site.admin_view(self.import_view), name="events_event_import"
            )
        ]
        return extra + super().get_urls()

    def import_view(self, request):
        """Upload a CSV with the export's columns; the same import as `import_events`."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
                for chunk in form.cleaned_data["file"].chunks():
                    handle.write(chunk)
                handle.flush()
                report = import_rows(
                    read_rows(Path(handle.name), "csv"),
                    strict=form.cleaned_data["strict"],
                    dry_run=form.cleaned_data["dry_run"],
                )
        return TemplateResponse(
            request,
            "admin/events/event/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Import events from CSV",
                "form": form,
                "report": report,
            },
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
