"""Web pages for readers (server-rendered) and the calendar files they subscribe to."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from events.api import with_relations
from events.models import Event
from timeline import policy
from timeline.anniversaries import next_anniversaries
from timeline.calendars import anniversary_calendar
from timeline.models import Timeline


def home(request):
    return render(request, "home.html", {
        "timelines": Timeline.objects.visible_to(request.user),
        "events": Event.objects.published().select_related("place").chronological(),
    })


def _published_event(slug: str) -> Event:
    return get_object_or_404(with_relations(Event.objects.published()), slug=slug)


def event_detail(request, slug: str):
    event = _published_event(slug)
    today = timezone.localdate()  # in the site's time zone
    upcoming = next_anniversaries(event.date_value, today, 3, policy.feb29_policy(),
                                  policy.milestones())
    return render(request, "timeline/event_detail.html", {
        "event": event, "upcoming": upcoming, "today": today,
    })


def event_ics(request, slug: str):
    event = _published_event(slug)
    body = anniversary_calendar(
        [event], name=event.title, policy=policy.feb29_policy(),
        url_for=lambda e: request.build_absolute_uri(e.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def timeline_detail(request, slug: str):
    timeline = get_object_or_404(
        Timeline.objects.visible_to(request.user).select_related("owner"), slug=slug
    )
    events = (
        Event.objects.published().filter(timeline_entries__timeline=timeline)
        .select_related("place").order_by("timeline_entries__position", "sort_day", "pk")
    )
    return render(request, "timeline/timeline_detail.html", {
        "timeline": timeline, "events": events,
    })
