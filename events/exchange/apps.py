from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "events.exchange"
    label = "exchange"
    verbose_name = "Imports and exports"

    def ready(self) -> None:
        from events.admin import add_tool
        from events.exchange.admin import import_view
        from events.models import Event

        # The Import CSV button of the events' list (events/admin.py knows no importer).
        add_tool(Event, "import/", import_view, "events_event_import")
