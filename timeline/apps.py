from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timelines"

    def ready(self) -> None:
        from events import scopes
        from timeline import policy, summaries
        from timeline.models import events_in_timeline, find_timeline

        # A mistyped policy stops the process at start-up, not at a reader's request.
        policy.feb29_policy()
        policy.milestones()
        summaries.track_timelines()
        scopes.register("timeline", find_timeline, events_in_timeline)
