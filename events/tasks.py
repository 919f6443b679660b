from celery import shared_task
from django.core.management import call_command

from events.maintenance import refresh_statistics


@shared_task
def clear_expired_sessions() -> None:
    """Housekeeping on the beat schedule: drop sessions past their expiry."""
    call_command("clearsessions")


@shared_task
def refresh_planner_statistics() -> None:
    """Housekeeping on the beat schedule: see events.maintenance."""
    refresh_statistics()
