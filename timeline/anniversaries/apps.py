from django.apps import AppConfig


class AnniversariesConfig(AppConfig):
    name = "timeline.anniversaries"
    label = "anniversaries"
    verbose_name = "Anniversaries"
