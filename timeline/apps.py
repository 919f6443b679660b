from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timelines"

    def ready(self) -> None:
        from events import scopes
        from timeline import summaries
        from timeline.models import events_in_timeline

        summaries.track_timelines()
        scopes.register("timeline", events_in_timeline)
