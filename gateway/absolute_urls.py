"""Absolute URLs, from ANNALS_BASE_URL only.

Never from the request's Host header: a page, calendar file or feed is cached and served
to everyone, so the first requester's Host would be kept in it; and emails and webhooks
have no request at all. One setting names the public address for all of them.
"""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (as reverse() gives it, starting with /) under ANNALS_BASE_URL."""
    return f"{settings.ANNALS_BASE_URL}{path}"
