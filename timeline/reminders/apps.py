from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """An app of its own for its commands, templates, tasks and admin; its models keep
    the "timeline" app label they were created under (models.py)."""

    name = "timeline.reminders"
    label = "reminders"
    verbose_name = "Reminders"
