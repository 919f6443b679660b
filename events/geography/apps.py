from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "events.geography"
    label = "geography"
    verbose_name = "Geography"
