"""Pages worked out from many events are kept, whole, until the records change: the key
holds the versions of the records and events (events.changes, one query), the page's
name and its parameters. A reader's own parts (their day, their time zone) are part of
the parameters, so that no reader is shown another's. Filters and days make many
possible pages: an anonymous client may make only so many not kept yet
(ANNALS_THROTTLE_FACETS), as on timeline pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation

from events.changes import EVENTS, RECORDS, shared_cache, versions
from gateway.throttling import refused
from timeline.summaries import digest

TIMEOUT = 24 * 60 * 60


class Kept:
    """Pages of one kind (`name`), as of the records' current versions."""

    def __init__(self, name: str) -> None:
        records, events = versions(RECORDS, EVENTS)
        self.prefix = f"annals:page:{name}:v{records}.{events}:"

    def key(self, parameters) -> str:
        # Every language is a page of its own.
        return f"{self.prefix}{translation.get_language()}:{digest(parameters)}"

    def get_or_refuse(self, request, parameters, compute: Callable[[], Any]) -> Any:
        """The kept page for these parameters, or compute() kept now; a 429 response
        instead when an anonymous client has made too many new ones."""
        key = self.key(parameters)
        found = shared_cache().get(key)
        if found is not None:
            return found
        if too_many := refused("facets", request):
            return too_many
        found = compute()
        shared_cache().set(key, found, TIMEOUT)
        return found
