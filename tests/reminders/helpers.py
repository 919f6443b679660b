"""What the reminder tests share: moments, confirmed subscriptions, and the planner and
dispatcher run on a chosen clock."""

from datetime import UTC, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command

from timeline.reminders import dispatch, planner
from timeline.reminders.models import PlannerState, Subscription
from timeline.reminders.subscriptions import subscription_create

SEOUL = ZoneInfo("Asia/Seoul")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def planned_until(moment: datetime) -> None:
    PlannerState.objects.update_or_create(pk=1, defaults={"planned_until": moment})


def confirmed(**kwargs) -> Subscription:
    kwargs.setdefault("email", "reader@example.org")
    created = subscription_create(**kwargs)
    subscription = created.subscription
    subscription.confirmed_at = datetime(2020, 1, 1, tzinfo=UTC)
    subscription.save()
    subscription.secret = created.secret
    return subscription


def call_command_output(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def plan_and_dispatch(moment: str) -> None:
    """The beat's planner run at `moment`, with workers (inline) on the same clock."""
    with time_machine.travel(at(moment), tick=False):
        planner.plan_reminders(dispatch=False)
        dispatch.dispatch_due()  # what plan_reminders does on commit (test_planning.py)


def dispatch_at(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        dispatch.dispatch_due()
