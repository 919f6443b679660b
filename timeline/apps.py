from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timelines"

    def ready(self) -> None:
        from events.changes import track
        from timeline.models import Timeline, TimelineEntry

        track(Timeline, TimelineEntry)  # what timeline pages work out from their entries
