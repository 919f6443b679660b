"""Every Celery task of the reminder pipeline, under the names that queued messages and
the beat schedule use ("timeline.tasks.<name>", kept from before this package).

Each task is thin (ids in, a service called) and defined beside the service it calls,
so that a stage may enqueue the next one (subscribing sends a confirmation; dispatch
hands deliveries to the senders) without importing this module back. Celery finds
them all through this module.
"""

from timeline.reminders.planner import plan_reminders_task as plan_reminders
from timeline.reminders.sending import send_confirmation_task as send_confirmation
from timeline.reminders.sending import send_emails_task as send_emails
from timeline.reminders.sending import send_webhook_task as send_webhook
from timeline.reminders.sending import send_webhooks_task as send_webhooks
from timeline.reminders.subscriptions import expire_subscriptions_task as expire_subscriptions

__all__ = [
    "expire_subscriptions",
    "plan_reminders",
    "send_confirmation",
    "send_emails",
    "send_webhook",
    "send_webhooks",
]
