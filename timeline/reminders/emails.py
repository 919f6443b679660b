"""The messages subscribers receive: confirmation, reminders and digests (text + HTML),
each in the subscription's language (whatever language the worker started in), with
links to the pages in that language."""

from __future__ import annotations

import email.policy
import re
from collections.abc import Sequence
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, ngettext

from chronology import wording
from events import translated
from events.models import Event
from timeline.reminders.links import link
from timeline.reminders.models import Delivery, Subscription


class AnnalsEmail(EmailMultiAlternatives):
    """Headers are kept on one line up to RFC 5322's 998 characters. With the usual 78, a
    List-Unsubscribe URL (which has no space to fold at) would be turned into RFC 2047
    encoded words that mail clients cannot follow."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


# Titles of these kinds read as noun phrases: "of the Korean War Armistice Agreement".
_NOUN_PHRASE_KINDS = {
    "war",
    "signing",
    "celebration",
    "parade",
    "meeting",
    "closure",
    "disaster",
    "election",
}


def when(lead_days: int) -> str:
    if lead_days == 0:
        return gettext("Today")
    if lead_days == 1:
        return gettext("Tomorrow")
    return ngettext("In %(n)s day", "In %(n)s days", lead_days) % {"n": lead_days}


def label(delivery: Delivery) -> str:
    """The anniversary's words in the current language ("75th anniversary", "75주년"):
    kept in English with the delivery, worked out again in any other."""
    language = translated.current()
    if language == "en":
        return delivery.label
    event = delivery.event
    value = event.date_value
    point = value.end if delivery.bound == "end" and value.end is not None else value.first
    return wording.anniversary_label(delivery.years, point.precision, event.observed_in, language)


def headline(delivery: Delivery) -> str:
    """'75th anniversary of the Korean War Armistice Agreement (27 July 1953)'."""
    event = delivery.event
    language = translated.current()
    title = translated.shown(event, "title", language).text
    if language == "en":
        article = (
            "the "
            if event.kind in _NOUN_PHRASE_KINDS and not event.title.lower().startswith("the ")
            else ""
        )
        end = " (its end)" if delivery.bound == "end" else ""
        return f"{delivery.label} of {article}{title}{end} ({event.date_display})"
    if delivery.bound == "end":
        words = gettext("%(label)s of %(title)s (its end) (%(date)s)")
    else:
        words = gettext("%(label)s of %(title)s (%(date)s)")
    return words % {"label": label(delivery), "title": title, "date": event.date_display}


def subject(deliveries: Sequence[Delivery]) -> str:
    first = deliveries[0]
    text = f"{when(first.lead_days)}: {headline(first)}"
    if len(deliveries) > 1:
        more = len(deliveries) - 1
        text += " " + ngettext("and %(n)s more", "and %(n)s more", more) % {"n": more}
    return text[:200]


def _unsubscribe_headers(
    subscription: Subscription, unsubscribe: str | None = None
) -> dict[str, str]:
    # RFC 8058 one-click unsubscribe: a POST to this URL, no login, unsubscribes.
    return {
        "List-Unsubscribe": f"<{unsubscribe or link(subscription, 'unsubscribe')}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# Stand-ins for the per-subscriber links while a shared body is rendered.
_MANAGE, _UNSUBSCRIBE = "annals-manage-link-placeholder", "annals-unsubscribe-link-placeholder"


def reminder_message(subscription: Subscription, deliveries: Sequence[Delivery]) -> AnnalsEmail:
    """One message for one delivery, or a digest of several due at one send time."""
    with translation.override(subscription.language):
        return _reminder(
            subscription,
            deliveries,
            subscription.email,
            link(subscription, "manage"),
            link(subscription, "unsubscribe"),
        )


def _reminder(
    subscription: Subscription,
    deliveries: Sequence[Delivery],
    to: str,
    manage: str,
    unsubscribe: str,
) -> AnnalsEmail:
    text, html = _render_reminder(subscription, deliveries, manage, unsubscribe)
    message = AnnalsEmail(
        subject=subject(deliveries),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=_unsubscribe_headers(subscription, unsubscribe),
    )
    message.attach_alternative(html, "text/html")
    return message


class ReminderBatch:
    """A fan-out sends one reminder to many subscribers. Building a MIME message is most
    of the cost of sending one (Python's email package; bench/README.md), so each distinct
    reminder is built once, with stand-ins for the recipient, their links and the
    Message-ID, and copied per subscriber as bytes. Bodies are 8bit (lines stay under
    998 characters), so the stand-ins appear verbatim; where they do not, or the address
    is not ASCII, `raw` returns None and the caller builds the message normally."""

    _TO = "annals-recipient@placeholder.invalid"
    _MESSAGE_ID = re.compile(rb"^Message-ID: <[^>]+>", re.MULTILINE)

    def __init__(self) -> None:
        self._built: dict[tuple, bytes | None] = {}

    def raw(self, subscription: Subscription, deliveries: Sequence[Delivery]) -> bytes | None:
        if not subscription.email.isascii():
            return None
        key = (
            subscription.language,
            subscription.target_label,
            tuple(
                (d.event_id, d.lead_days, d.label, d.bound, d.late, d.due_at) for d in deliveries
            ),
        )
        if key not in self._built:
            with translation.override(subscription.language):
                built = _reminder(subscription, deliveries, self._TO, _MANAGE, _UNSUBSCRIBE)
            raw = built.message(policy=email.policy.SMTP).as_bytes()
            usable = all(
                marker in raw
                for marker in (self._TO.encode(), _MANAGE.encode(), _UNSUBSCRIBE.encode())
            )
            self._built[key] = raw if usable and self._MESSAGE_ID.search(raw) else None
        template = self._built[key]
        if template is None:
            return None
        message_id = f"Message-ID: {make_msgid(domain=DNS_NAME)}".encode()
        return (
            self._MESSAGE_ID.sub(message_id, template, count=1)
            .replace(self._TO.encode(), subscription.email.encode())
            .replace(_MANAGE.encode(), self._link(subscription, "manage").encode())
            .replace(_UNSUBSCRIBE.encode(), self._link(subscription, "unsubscribe").encode())
        )

    @staticmethod
    def _link(subscription: Subscription, kind: str) -> str:
        with translation.override(subscription.language):
            return link(subscription, kind)


def _render_reminder(
    subscription: Subscription, deliveries: Sequence[Delivery], manage: str, unsubscribe: str
) -> tuple[str, str]:
    context = {
        "subscription": subscription,
        "items": [
            {
                "delivery": d,
                "when": when(d.lead_days),
                "headline": headline(d),
                "event": d.event,
                "title": translated.shown(d.event, "title", translated.current()),
                "summary": translated.shown(d.event, "summary", translated.current()),
                "event_url": _event_url(d.event),
                "citations": list(d.event.citations.all()),
            }
            for d in deliveries
        ],
        "manage_url": manage,
        "unsubscribe_url": unsubscribe,
        "digest": len(deliveries) > 1,
    }
    return (
        render_to_string("reminders/email/reminder.txt", context),
        render_to_string("reminders/email/reminder.html", context),
    )


def confirmation_message(subscription: Subscription) -> AnnalsEmail:
    with translation.override(subscription.language):
        return _confirmation(subscription)


def _confirmation(subscription: Subscription) -> AnnalsEmail:
    context = {
        "subscription": subscription,
        "confirm_url": link(subscription, "confirm"),
        "unsubscribe_url": link(subscription, "unsubscribe"),
    }
    message = AnnalsEmail(
        subject=gettext("Confirm your anniversary reminders for %(target)s")
        % {"target": subscription.target_label},
        body=render_to_string("reminders/email/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers=_unsubscribe_headers(subscription),
    )
    message.attach_alternative(
        render_to_string("reminders/email/confirm.html", context), "text/html"
    )
    return message


def _event_url(event: Event) -> str:
    """The event's page in the current language."""
    return f"{settings.ANNALS_BASE_URL}{event.get_absolute_url()}"
