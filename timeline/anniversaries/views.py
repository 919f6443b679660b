"""The iCalendar files readers subscribe to: one event, a timeline, a tag, an actor, and
the site-wide anniversaries.

Calendar clients poll, so every file answers conditional GETs: its ETag and Last-Modified
follow the versions of the records (events/changes.py), a poll with a matching
If-None-Match is a 304 worked out with one query, and a changed file is sent gzipped.
Each file holds at most ANNALS_ICS_MAX_EVENTS events; the site-wide one covers a bounded
horizon (ics.horizon), read page by page through the anniversary indexes, and is
built once per version and day. Anonymous clients are limited to ANNALS_THROTTLE_CALENDAR.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import wraps
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition

from chronology.recurrence import today_in
from events import translated
from events.changes import EVENTS, RECORDS, shared_cache, stamp
from events.choices import Choice
from events.models import Actor, Citation, Event, Tag
from gateway import params
from gateway.absolute_urls import absolute_url
from gateway.methods import reads
from gateway.throttling import throttle
from timeline import policy, summaries
from timeline.anniversaries import ics
from timeline.anniversaries.listing import anniversaries
from timeline.models import Timeline

BODY_TIMEOUT = 24 * 60 * 60  # a built site-wide file, kept for its version and day
# The site-wide files kept built: without an alarm, or with one of these (in days). Any
# other alarm is built for its request (throttled), so that 3,660 possible alarms times
# two cannot fill the cache.
KEPT_ALARMS = {None, 1, 2, 3, 7, 14, 30}


def _alarm_days(request) -> int | None:
    """?alarm=N: a reminder N days before (up to ten years)."""
    return params.integer(request.GET, "alarm", low=0, high=3660)


def _milestones_only(request) -> bool:
    return params.boolean(request.GET, "milestones_only", default=True)


def _rscale(request) -> bool:
    """?rscale=yes: RFC 7529 rules beside the explicit days (ics.py says why not
    by default)."""
    return params.boolean(request.GET, "rscale", default=False)


def _stamp(request):
    """The versions the file follows and when they last moved: one query per request."""
    if not hasattr(request, "_calendar_stamp"):
        request._calendar_stamp = stamp(*request.calendar_versions)
    return request._calendar_stamp


def _state(request) -> str:
    """Everything a calendar file is made from, as a short digest: the versions of what it
    shows (request.calendar_versions), the parameters it reads (normalised: others change
    nothing), the day for the site-wide file, and who asks (a private timeline's file is
    its owner's)."""
    if not hasattr(request, "_calendar_state"):
        parts = (
            request.path,
            translation.get_language(),  # ?lang= at the unprefixed address
            _stamp(request)[0],
            _alarm_days(request),
            _milestones_only(request),
            _rscale(request),
            policy.feb29_policy().value,
            str(today_in(settings.TIME_ZONE, timezone.now())),
            request.user.pk if request.user.is_authenticated else None,
        )
        request._calendar_state = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return request._calendar_state


def calendar_file(view=None, *, own_version=None):
    """Throttled per anonymous client, answered 304 when unchanged, gzipped otherwise.
    `own_version(request, **kwargs)` names one more version the file follows (a
    timeline's), or None when the asker may not see it: then no 304 is given and the view
    answers (404)."""
    if view is None:
        return lambda view: calendar_file(view, own_version=own_version)

    def shown(request, kwargs) -> bool:
        if not hasattr(request, "calendar_versions"):
            own = own_version(request, **kwargs) if own_version else ()
            request.calendar_versions = None if own is None else (RECORDS, EVENTS, *own)
        return request.calendar_versions is not None

    def etag(request, *args, **kwargs):
        return _state(request) if shown(request, kwargs) else None

    def last_modified(request, *args, **kwargs):
        # The files are made anew each day (the site-wide one covers a moving horizon):
        # never older than today's start, or If-Modified-Since would keep yesterday's.
        if not shown(request, kwargs):
            return None
        today = timezone.localtime(timezone.now(), ZoneInfo(settings.TIME_ZONE)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        return max(filter(None, [_stamp(request)[1], today]))

    def checked(request, *args, **kwargs):
        # Every parameter read before any work, so that a bad one is a 400 even when a
        # poll would otherwise be answered 304.
        params.collect(
            lambda: _alarm_days(request),
            lambda: _milestones_only(request),
            lambda: _rscale(request),
        )
        return conditional(view)(request, *args, **kwargs)

    conditional = condition(etag_func=etag, last_modified_func=last_modified)
    return reads(wraps(view)(throttle("calendar")(gzip_page(checked))))


def _described(events):
    """`events` with what a calendar entry says of each: its place and its sources (not
    the rest of its relations, which cost a query each and are not shown)."""
    citations = Prefetch("citations", queryset=Citation.objects.select_related("source"))
    return events.select_related("place").prefetch_related(citations)


def _response(body: bytes, filename: str, *, private: bool = False) -> HttpResponse:
    """The file's answer; `body` is b"" for a HEAD, which builds nothing."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    # A shared cache may keep a public file; a private timeline's is its owner's alone.
    response["Cache-Control"] = f"{'private' if private else 'public'}, max-age=3600"
    return response


def _ics(request, name: str, filename: str, events, *, private: bool = False) -> HttpResponse:
    if request.method == "HEAD":
        return _response(b"", filename, private=private)
    limit = settings.ANNALS_ICS_MAX_EVENTS
    found = list(_described(events.order_by("sort_day", "pk"))[: limit + 1])
    body = ics.anniversary_calendar(
        found[:limit],
        name=name,
        policy=policy.feb29_policy(),
        today=today_in(settings.TIME_ZONE, timezone.now()),
        alarm_days=_alarm_days(request),
        truncated_at=limit if len(found) > limit else None,
        rscale=_rscale(request),
        url_for=lambda e: absolute_url(e.get_absolute_url()),
    )
    return _response(body, filename, private=private)


@calendar_file
def event_ics(request, slug: str):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    title = translated.shown(event, "title", translated.current()).text
    return _ics(request, title, event.slug, Event.objects.chosen(Choice(event=event.pk)))


def _timeline_version(request, slug: str) -> tuple[str] | None:
    pk = (
        Timeline.objects.visible_to(request.user)
        .filter(slug=slug)
        .values_list("pk", flat=True)
        .first()
    )
    return None if pk is None else (summaries.version_name(pk),)


@calendar_file(own_version=_timeline_version)
def timeline_ics(request, slug: str):
    timeline = get_object_or_404(Timeline.objects.visible_to(request.user), slug=slug)
    return _ics(
        request,
        translated.shown(timeline, "title", translated.current()).text,
        timeline.slug,
        Event.objects.published().chosen(Choice(timeline=timeline.pk)),
        private=timeline.visibility != Timeline.Visibility.PUBLIC,
    )


@calendar_file
def tag_ics(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    name = translated.shown(tag, "name", translated.current()).text
    return _ics(request, name, tag.slug, Event.objects.published().chosen(Choice(tag=tag.pk)))


@calendar_file
def actor_ics(request, slug: str):
    actor = get_object_or_404(Actor, slug=slug)
    return _ics(
        request,
        actor.name,
        actor.slug,
        Event.objects.published().chosen(Choice(actor=actor.pk)),
    )


@calendar_file
def anniversaries_ics(request):
    """Milestones (or, with milestones_only=false, every anniversary) of published events
    over ics.horizon, the first ANNALS_ICS_MAX_EVENTS by date: built once per
    version of the records and day, then served from the shared cache."""
    if request.method == "HEAD":
        return _response(b"", "anniversaries")
    if _alarm_days(request) not in KEPT_ALARMS:  # each is a file: keep the usual few
        return _response(_site_calendar(request), "anniversaries")
    key = f"annals:anniversaries-ics:{translation.get_language()}:{_state(request)}"
    body = shared_cache().get(key)
    if body is None:
        body = _site_calendar(request)
        shared_cache().set(key, body, BODY_TIMEOUT)
    return _response(body, "anniversaries")


def _site_calendar(request) -> bytes:
    milestones_only = _milestones_only(request)
    start, end = ics.horizon(today_in(settings.TIME_ZONE, timezone.now()), milestones_only)
    limit = settings.ANNALS_ICS_MAX_EVENTS
    found: list = []
    notes: dict[str, str] = {}
    window = start
    events = _described(Event.objects.published())
    while window <= end and len(found) <= limit:  # the query takes up to 366 days
        last = min(window + timedelta(days=365), end)
        part = anniversaries(
            events, window, last, milestones_only=milestones_only, limit=limit + 1 - len(found)
        )
        found += part
        notes |= {gap.observed.value: gap.note for gap in part.left_out}
        window = last + timedelta(days=1)
    return ics.milestone_calendar(
        found[:limit],
        name=gettext("Annals milestones") if milestones_only else gettext("Annals anniversaries"),
        url_for=lambda e: absolute_url(e.get_absolute_url()),
        alarm_days=_alarm_days(request),
        truncated_at=limit if len(found) > limit else None,
        notes=notes,
    )
