"""Atom feeds: anniversaries of the coming month, and newly published events."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

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


class UpcomingAnniversaries(AnnalsFeed):
    url_name = "feed-anniversaries"
    title = "Annals: anniversaries of the next 30 days"  # the first ANNALS_FEED_MAX_ITEMS

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
        return f"Anniversaries of published events, milestones marked. {notes}".strip()

    def item_title(self, item):
        event, anniversary = item
        flag = " (milestone)" if anniversary.milestone else ""
        return f"{anniversary.occurs_on:%-d %B %Y}: {anniversary.label} of {event.title}{flag}"

    def item_description(self, item):
        event, _ = item
        return f"{event.title}, {event.date_display}. {event.summary}"

    def item_guid(self, item):
        event, anniversary = item
        return f"annals:{event.slug}:{anniversary.bound}:{anniversary.years}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return datetime.combine(item[1].occurs_on, time(0), tzinfo=timezone.get_current_timezone())


class NewlyPublished(AnnalsFeed):
    url_name = "feed-events"
    title = "Annals: newly published events"

    def items(self):
        return Event.objects.published().exclude(published_at=None).order_by("-published_at")[:50]

    def item_title(self, event):
        return f"{event.title} ({event.date_display})"

    def item_description(self, event):
        return event.summary

    def item_pubdate(self, event):
        return event.published_at

    def item_updateddate(self, event):
        return event.updated_at
