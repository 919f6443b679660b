from django.apps import AppConfig


class DraftingConfig(AppConfig):
    name = "events.drafting"
    label = "drafting"
    verbose_name = "Drafting from reports"

    def ready(self) -> None:
        from events.admin import add_tool
        from events.drafting.admin import draft_view
        from events.models import Source

        # "Draft events from a report" on the sources' list (events/admin.py knows no
        # drafting).
        add_tool(Source, "draft-from-report/", draft_view, "events_source_draft")
