"""Baselines: what the simplest Django code reading the same rows costs. No serializers,
no pagination classes, no permissions: `.values()` and a JsonResponse or a bare template."""

from datetime import date

from django.http import JsonResponse
from django.shortcuts import render

from events import columns
from events.models import Citation, Event, Participation
from timeline.anniversaries.listing import anniversary_rows

PAGE = 50


def _page(events) -> list[dict]:
    rows = list(
        events.values(
            *columns.ROW,
            *(f"place__{field}" for field in ("slug", "name", "country", "timezone")),
        )[:PAGE]
    )
    ids = [row["id"] for row in rows]
    actors, citations = {}, {}
    for p in Participation.objects.filter(event_id__in=ids).values(
        "event_id", "role", "actor__slug", "actor__name", "actor__kind"
    ):
        actors.setdefault(p["event_id"], []).append(p)
    for c in Citation.objects.filter(event_id__in=ids).values(
        "event_id",
        "quote",
        "locator",
        "source__id",
        "source__title",
        "source__url",
        "source__publisher",
    ):
        citations.setdefault(c["event_id"], []).append(c)
    for row in rows:
        row["actors"] = actors.get(row["id"], [])
        row["citations"] = citations.get(row["id"], [])
    return rows


def events_values(request):
    """The first page of published events, oldest first, as /api/events/ orders them."""
    events = Event.objects.published().order_by("sort_day", "id")
    return JsonResponse({"results": _page(events)}, json_dumps_params={"default": str})


def anniversaries_values(request):
    day = date.fromisoformat(request.GET.get("date", "2026-07-27"))
    events = anniversary_rows(Event.objects.published(), day, day).order_by("start_year", "id")
    return JsonResponse({"results": _page(events)}, json_dumps_params={"default": str})


def plain_rows(request):
    """200 rows in a bare template: the floor for any HTML page of events."""
    rows = Event.objects.published().order_by("sort_day", "id").values(*columns.BRIEF)[:200]
    return render(request, "bench/plain_rows.html", {"rows": rows})
