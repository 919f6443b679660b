from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timelines"

    def ready(self) -> None:
        from timeline import summaries

        summaries.track_timelines()
