"""1. Subscribe: creating, confirming, managing and unsubscribing, the services behind
the web forms, the API and the links in every message (links.py)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from events.models import Actor, Event, Place, Tag
from events.selection import read_choice
from gateway.params import BadParameter
from gateway.throttling import Attempts, normalized_name
from timeline.models import Timeline
from timeline.reminders.links import CONFIRM_MAX_AGE, read_token
from timeline.reminders.models import DEFAULT_SEND_TIME, Subscription, default_lead_days
from timeline.reminders.sending import send_confirmation_task
from timeline.reminders.webhooks import UnsafeWebhookURL, new_secret, resolve_public

# Each lead time is one more message per anniversary: a few, within a year (milestones,
# which come rarely, may be announced up to ten years ahead).
MAX_LEADS = 5
MAX_LEAD_DAYS = {"lead_days": 365, "milestone_lead_days": 3660}


_TARGETS = {
    "event": (Event, "target_event"),
    "timeline": (Timeline, "target_timeline"),
    "tag": (Tag, "target_tag"),
    "actor": (Actor, "target_actor"),
    "place": (Place, "target_place"),
}


def find_target(kind: str, slug: str | None, user=None) -> tuple[str, Any]:
    """The subscribed-to object, chosen as events are (events.selection), or a
    ValidationError naming `target`."""
    if kind == "all":
        return "all", None
    if kind not in _TARGETS:
        raise ValidationError(
            {
                "target": f"Unknown target type {kind!r}; use one of "
                "event, timeline, tag, actor, place or all."
            }
        )
    try:
        pk = getattr(read_choice({kind: slug or ""}, user, names=[kind]), kind)
    except BadParameter as bad:
        raise ValidationError({"target": next(iter(bad.errors.values()))}) from bad
    if pk is None:
        raise ValidationError({"target": f"No {kind} with slug {slug!r}."})
    return kind, _TARGETS[kind][0]._default_manager.get(pk=pk)


def clean_lead_days(value: Any, field: str) -> list[int]:
    """Distinct lead times, longest first; a ValidationError naming `field` otherwise."""
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in value)
    ):
        raise ValidationError({field: "Give a list of whole numbers of days, e.g. [7, 0]."})
    most = MAX_LEAD_DAYS[field]
    if any(n < 0 or n > most for n in value):
        raise ValidationError({field: f"Each lead time must be 0 to {most} days."})
    distinct = sorted(set(value), reverse=True)
    if len(distinct) > MAX_LEADS:
        raise ValidationError(
            {field: f"Give at most {MAX_LEADS} different lead times; this gives {len(distinct)}."}
        )
    return distinct


# Subscriptions one email address may have waiting for confirmation: each sent a mail
# to an address nobody has shown to be theirs yet.
MAX_UNCONFIRMED = 3


class TooManyConfirmations(Exception):
    """The address was sent as many confirmation mails as ANNALS_THROTTLE_CONFIRMATION
    allows; `wait` is the seconds until another may go."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"Too many confirmation mails to this address; try in {wait:.0f}s.")
        self.wait = wait


def _confirmations(email: str) -> Attempts:
    # Hashed: the cache key carries no address.
    digest = hashlib.sha256(normalized_name(email).encode()).hexdigest()[:32]
    return Attempts("confirmation", digest)


def _check_room(*, email: str, user) -> None:
    """At most ANNALS_MAX_SUBSCRIPTIONS_PER_ADDRESS confirmed live subscriptions per email
    address, and as many live ones per webhook owner: otherwise one address could be
    signed up to every tag and actor, and every one of them mailed. Only confirmed ones
    count: a stranger who signs an address up cannot fill its room. Unconfirmed ones
    (each a mail to an address nobody has shown to be theirs) are at most MAX_UNCONFIRMED,
    and their mails are throttled per address (ANNALS_THROTTLE_CONFIRMATION)."""
    most = settings.ANNALS_MAX_SUBSCRIPTIONS_PER_ADDRESS
    live = Subscription.objects.filter(unsubscribed_at__isnull=True)
    if not email:
        if live.filter(user=user, channel=Subscription.Channel.WEBHOOK).count() >= most:
            raise ValidationError(
                {
                    "webhook_url": f"You already have {most} webhook subscriptions, the "
                    "most you may have; delete one first."
                }
            )
        return
    mine = live.filter(email__iexact=email)
    confirmed = mine.filter(confirmed_at__isnull=False).count()
    if confirmed >= most:
        raise ValidationError(
            {
                "email": f"This address already has {most} subscriptions, the "
                "most it may have; unsubscribe from one first."
            }
        )
    if mine.filter(confirmed_at__isnull=True).count() >= MAX_UNCONFIRMED:
        raise ValidationError(
            {
                "email": f"This address has {MAX_UNCONFIRMED} subscriptions waiting for "
                "confirmation. Confirm one with the link in its message (unconfirmed ones "
                "are deleted after 7 days), then subscribe again."
            }
        )
    if (wait := _confirmations(email).wait()) is not None:
        raise TooManyConfirmations(wait)


@dataclass
class Created:
    subscription: Subscription
    secret: str | None  # a webhook's signing secret, shown once


@transaction.atomic
def subscription_create(
    *,
    target: str,
    target_slug: str | None = None,
    email: str = "",
    webhook_url: str = "",
    user=None,
    lead_days: list[int] | None = None,
    milestone_lead_days: list[int] | None = None,
    milestones_only: bool = False,
    timezone_name: str | None = None,
    send_time: time | None = None,
    digest: bool = False,
    language: str | None = None,
) -> Created:
    kind, obj = find_target(target, target_slug, user)
    subscription = Subscription(
        target=kind,
        milestones_only=milestones_only,
        lead_days=clean_lead_days(
            lead_days if lead_days is not None else default_lead_days(), "lead_days"
        ),
        milestone_lead_days=(
            clean_lead_days(milestone_lead_days, "milestone_lead_days")
            if milestone_lead_days
            else []
        ),
        timezone=timezone_name or settings.TIME_ZONE or "UTC",
        send_time=send_time or DEFAULT_SEND_TIME,
        digest=digest,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )
    if obj is not None:
        setattr(subscription, _TARGETS[kind][1], obj)
    secret = None
    if webhook_url:
        if user is None or not user.is_authenticated:
            raise ValidationError({"channel": "Webhook subscriptions need a signed-in user."})
        try:
            resolve_public(webhook_url)
        except UnsafeWebhookURL as exc:
            raise ValidationError({"webhook_url": str(exc)}) from exc
        subscription.channel = Subscription.Channel.WEBHOOK
        subscription.webhook_url = webhook_url
        subscription.user = user
        subscription.webhook_secret = secret = new_secret()
        subscription.confirmed_at = timezone.now()  # the owner is signed in: no opt-in mail
        _check_room(email="", user=user)
    elif email:
        _check_room(email=email, user=None)
        subscription.channel = Subscription.Channel.EMAIL
        subscription.email = email
        if user is not None and user.is_authenticated:
            subscription.user = user
    else:
        raise ValidationError({"email": "Give an email address (or a webhook URL)."})
    subscription.full_clean()
    subscription.save()
    if subscription.channel == Subscription.Channel.EMAIL:
        _confirmations(email).add()
        # Only once the subscription is committed: a rollback sends nothing.
        transaction.on_commit(lambda: send_confirmation_task.delay(subscription.pk))
    return Created(subscription, secret)


def subscription_confirm(token: str) -> Subscription:
    """Confirm (by POST only: mail scanners follow links with GET, and must not opt
    anybody in)."""
    subscription = read_token(token, "confirm")
    if subscription.unsubscribed_at is None and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_unsubscribe(token: str) -> Subscription:
    subscription = read_token(token, "unsubscribe")
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def subscriptions_expire(now: datetime) -> int:
    """Delete email subscriptions never confirmed within CONFIRM_MAX_AGE (their link has
    expired, so nobody can confirm them any more); returns how many."""
    stale = Subscription.objects.filter(
        channel=Subscription.Channel.EMAIL,
        confirmed_at__isnull=True,
        created_at__lt=now - timedelta(seconds=CONFIRM_MAX_AGE),
    )
    deleted, _ = stale.delete()
    return deleted


def rotate_secret(subscription: Subscription) -> str:
    subscription.webhook_secret = secret = new_secret()
    subscription.save(update_fields=["webhook_secret"])
    return secret


@shared_task(name="reminders.expire_subscriptions")
def expire_subscriptions_task() -> int:
    """The beat's daily job."""
    return subscriptions_expire(timezone.now())
