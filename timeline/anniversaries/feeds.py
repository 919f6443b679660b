"""Atom feeds: anniversaries of the coming month, and newly published events, in the
language asked for (?lang=, or under a language's prefix): the feed says which in
xml:lang (Django writes the active language)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from chronology import wording
from events import translated
from events.models import Event
from gateway.absolute_urls import absolute_url
from timeline.anniversaries.listing import anniversaries


class AnnalsFeed(Feed):
    """Links from ANNALS_BASE_URL, never from the request's Host (gateway.absolute_urls)."""

    feed_type = Atom1Feed

    def link(self):
        return absolute_url("/")

    url_name = ""  # the feed's own route

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def item_link(self, item):
        event = item[0] if isinstance(item, tuple) else item
        return absolute_url(event.get_absolute_url())


def _title(event: Event) -> str:
    return translated.shown(event, "title", translated.current()).text


class UpcomingAnniversaries(AnnalsFeed):
    url_name = "feed-anniversaries"

    def title(self):  # the first ANNALS_FEED_MAX_ITEMS
        return gettext("Annals: anniversaries of the next 30 days")

    def get_object(self, request, *args, **kwargs):
        today = timezone.localdate()
        return anniversaries(
            Event.objects.published(),
            today,
            today + timedelta(days=30),
            limit=settings.ANNALS_FEED_MAX_ITEMS,
        )

    def items(self, found):
        return found

    def subtitle(self, found):
        # Events kept in a calendar whose tables end inside the month: said, not hidden.
        notes = " ".join(gap.note for gap in found.left_out)
        return f"{gettext('Anniversaries of published events, milestones marked.')} {notes}".strip()

    def item_title(self, item):
        event, anniversary = item
        day = anniversary.occurs_on
        if anniversary.milestone:
            words = gettext("%(day)s: %(label)s of %(title)s (milestone)")
        else:
            words = gettext("%(day)s: %(label)s of %(title)s")
        return words % {
            "day": wording.day_words(day.year, day.month, day.day, translated.current()),
            "label": translated.anniversary_words(anniversary),
            "title": _title(event),
        }

    def item_description(self, item):
        event, _ = item
        summary = translated.shown(event, "summary", translated.current()).text
        return f"{_title(event)}, {event.date_display}. {summary}"

    def item_guid(self, item):
        event, anniversary = item
        return f"annals:{event.slug}:{anniversary.bound}:{anniversary.years}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return datetime.combine(item[1].occurs_on, time(0), tzinfo=timezone.get_current_timezone())


class NewlyPublished(AnnalsFeed):
    url_name = "feed-events"

    def title(self):
        return gettext("Annals: newly published events")

    def items(self):
        return Event.objects.published().exclude(published_at=None).order_by("-published_at")[:50]

    def item_title(self, event):
        return f"{_title(event)} ({event.date_display})"

    def item_description(self, event):
        return translated.shown(event, "summary", translated.current()).text

    def item_pubdate(self, event):
        return event.published_at

    def item_updateddate(self, event):
        return event.updated_at
