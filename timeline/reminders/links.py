"""The links in every message (confirm, manage, unsubscribe). They carry signed tokens
(django.core.signing), so no login is needed and nothing is stored: a tampered token
fails its signature, an old one its age."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext

from timeline.reminders.models import Subscription

_SALT = "annals.subscriptions"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # and an unconfirmed subscription is deleted after it
LINK_MAX_AGE = 400 * 24 * 3600  # every message carries fresh links


class TokenError(ValueError):
    """A link whose token is tampered with, expired or meant for something else."""


def make_token(subscription: Subscription, purpose: str) -> str:
    return signing.dumps({"id": subscription.pk, "purpose": purpose}, salt=_SALT)


def read_token(token: str, purpose: str) -> Subscription:
    max_age = CONFIRM_MAX_AGE if purpose == "confirm" else LINK_MAX_AGE
    try:
        data = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise TokenError(gettext("This link has expired.")) from exc
    except signing.BadSignature as exc:
        raise TokenError(gettext("This link is not valid: it may have been altered.")) from exc
    if data.get("purpose") != purpose:
        raise TokenError(gettext("This link is not valid for this page."))
    try:
        return Subscription.objects.get(pk=data["id"])
    except Subscription.DoesNotExist as exc:
        raise TokenError(gettext("This subscription no longer exists.")) from exc


def link(subscription: Subscription, purpose: str) -> str:
    """An absolute link for a message: confirm, manage or unsubscribe."""
    path = reverse(f"subscription-{purpose}", args=[make_token(subscription, purpose)])
    return f"{settings.ANNALS_BASE_URL}{path}"
