from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "timeline.analysis"
    label = "analysis"
    verbose_name = "Proximity analysis"
