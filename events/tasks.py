from celery import shared_task
from django.core.management import call_command


@shared_task
def clear_expired_sessions() -> None:
    """Housekeeping on the beat schedule: drop sessions past their expiry."""
    call_command("clearsessions")
