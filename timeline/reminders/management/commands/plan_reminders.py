"""Plan anniversary reminders as if it were a given moment, for operators and tests.

    manage.py plan_reminders                                   # now
    manage.py plan_reminders --as-of 2028-07-20T09:00:00+09:00 # as if it were then
    manage.py plan_reminders --as-of ... --send                # and send them here

Without --send the due deliveries are handed to the Celery workers.
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from timeline.reminders import planner, sending
from timeline.reminders.models import Delivery, Subscription


class Command(BaseCommand):
    help = "Plan (and optionally send) anniversary reminders as of a moment."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="An ISO 8601 moment with its UTC offset.")
        parser.add_argument(
            "--send",
            action="store_true",
            help="Send due deliveries in this process instead of the workers.",
        )

    def handle(self, *args, as_of=None, send=False, **options):
        now = timezone.now()
        if as_of:
            try:
                now = datetime.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError(f"--as-of {as_of!r} is not an ISO 8601 moment.") from exc
            if timezone.is_naive(now):
                raise CommandError("--as-of needs a UTC offset, e.g. 2028-07-20T09:00:00+09:00.")
        report = planner.plan_reminders(now, dispatch=not send)
        if report.busy:
            raise CommandError("Another planner is running; try again when it is done.")
        self.stdout.write(
            f"Planned {report.since:%Y-%m-%d %H:%M} → {report.until:%Y-%m-%d %H:%M} UTC: "
            f"{report.created} new deliveries ({report.late} late)."
        )
        for note in report.left_out.values():
            self.stdout.write(f"Not planned: {note}")
        if report.skipped_from:
            self.stdout.write(
                f"Reminders due before {report.skipped_from:%Y-%m-%d %H:%M} "
                "were skipped as too late."
            )
        if send:
            due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
            emails = list(
                due.filter(subscription__channel=Subscription.Channel.EMAIL).values_list(
                    "pk", flat=True
                )
            )
            hooks = list(
                due.filter(subscription__channel=Subscription.Channel.WEBHOOK).values_list(
                    "pk", flat=True
                )
            )
            sent = sending.send_email_batch(emails, now) if emails else 0
            sent += sum(sending.send_webhook(pk, now) for pk in hooks)
            self.stdout.write(f"Sent {sent} of {len(emails) + len(hooks)} due deliveries.")
        else:
            self.stdout.write(f"Handed {report.enqueued} deliveries to the workers.")
        for error in report.errors:
            self.stderr.write(error)
