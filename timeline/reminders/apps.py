from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """The reminder pipeline, an app of its own: its models (made under the timeline app,
    whose tables they keep), migrations, tasks ("reminders.*"), commands, templates and
    admin."""

    name = "timeline.reminders"
    label = "reminders"
    verbose_name = "Reminders"
