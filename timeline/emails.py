"""The messages subscribers receive: confirmation, reminders and digests (text + HTML)."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from events.models import Event
from timeline.models import Delivery, Subscription
from timeline.subscriptions import link

# Titles of these kinds read as noun phrases: "of the Korean War Armistice Agreement".
_NOUN_PHRASE_KINDS = {"war", "signing", "celebration", "parade", "meeting", "closure",
                      "disaster", "election"}


def when(lead_days: int) -> str:
    if lead_days == 0:
        return "Today"
    if lead_days == 1:
        return "Tomorrow"
    return f"In {lead_days} days"


def headline(delivery: Delivery) -> str:
    """'75th anniversary of the Korean War Armistice Agreement (27 July 1953)'."""
    event = delivery.event
    article = "the " if event.kind in _NOUN_PHRASE_KINDS and not event.title.lower(
    ).startswith("the ") else ""
    end = " (its end)" if delivery.bound == "end" else ""
    return f"{delivery.label} of {article}{event.title}{end} ({event.date_display})"


def subject(deliveries: Sequence[Delivery]) -> str:
    first = deliveries[0]
    text = f"{when(first.lead_days)}: {headline(first)}"
    if len(deliveries) > 1:
        text += f" and {len(deliveries) - 1} more"
    return text[:200]


def _unsubscribe_headers(subscription: Subscription) -> dict[str, str]:
    # RFC 8058 one-click unsubscribe: a POST to this URL, no login, unsubscribes.
    return {
        "List-Unsubscribe": f"<{link(subscription, 'unsubscribe')}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def reminder_message(subscription: Subscription,
                     deliveries: Sequence[Delivery]) -> EmailMultiAlternatives:
    """One message for one delivery, or a digest of several due at one send time."""
    context = {
        "subscription": subscription,
        "items": [
            {"delivery": d, "when": when(d.lead_days), "headline": headline(d),
             "event": d.event, "event_url": _event_url(d.event),
             "citations": list(d.event.citations.all())}
            for d in deliveries
        ],
        "manage_url": link(subscription, "manage"),
        "unsubscribe_url": link(subscription, "unsubscribe"),
        "digest": len(deliveries) > 1,
    }
    message = EmailMultiAlternatives(
        subject=subject(deliveries),
        body=render_to_string("timeline/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers=_unsubscribe_headers(subscription),
    )
    message.attach_alternative(render_to_string("timeline/email/reminder.html", context),
                               "text/html")
    return message


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    context = {
        "subscription": subscription,
        "confirm_url": link(subscription, "confirm"),
        "unsubscribe_url": link(subscription, "unsubscribe"),
    }
    message = EmailMultiAlternatives(
        subject=f"Confirm your anniversary reminders for {subscription.target_label}",
        body=render_to_string("timeline/email/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers=_unsubscribe_headers(subscription),
    )
    message.attach_alternative(render_to_string("timeline/email/confirm.html", context),
                               "text/html")
    return message


def _event_url(event: Event) -> str:
    return f"{settings.ANNALS_BASE_URL}{event.get_absolute_url()}"
