"""Events as the API shows them, built from `.values()` rows for list pages.

EventSerializer stays the API's contract (writes, single events, the schema); this module
reads a page of events the way the serializer would show them, with one query per kind
of related row and no model instances, prefetch machinery or per-field serializer calls,
which were most of a list page's time (figures: bench/README.md).
tests/events/test_representations.py holds the two to the same output.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connections
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import get_language

from chronology import dates, wording
from events import columns, translated
from events.markup import render_markdown
from events.models import (
    Citation,
    Event,
    EventRelation,
    Participation,
    absolute_picture,
    picture_of,
)
from gateway.absolute_urls import absolute_url

# What a page reads of each event: its own row (events.columns), its place, and the
# pagination's ordering column.
COLUMNS = (*columns.ROW, "place__slug", "sort_day")
_SOURCE = ("id", "title", "publisher", "url", "published", "archive_url")
_BRIEF = (*columns.BRIEF, "start_year")


def event_rows(events: QuerySet[Event]) -> QuerySet:
    """The page's query: `events` as the dicts event_representations reads."""
    return events.values(*COLUMNS)


def event_representations(rows: Iterable[dict], request=None) -> list[dict]:
    """EventSerializer's output for event rows (from event_rows), in their order, in four
    more queries whatever their number (five when some have relations)."""
    rows = list(rows)
    ids = [row["id"] for row in rows]
    links = _Links(request)
    tags, actors, citations = tags_of(ids), actors_of(ids), _citations(ids)
    user = getattr(request, "user", None)
    relations = _relations(ids, links, drafts=bool(user and user.has_perm("events.change_event")))
    return [_shown(row, tags, actors, citations, relations, links) for row in rows]


def _shown(row: dict, tags, actors, citations, relations, links: _Links) -> dict:
    """One row as EventSerializer shows it, its keys in the order of columns.SHOWN."""
    language = get_language()
    shown = {
        "title": translated.shown(row, "title", language).text,
        "summary": translated.shown(row, "summary", language).text,
        "body_html": render_markdown(row["body"]),
        "date_display": wording.display(dates.parse_edtf(row["date"], row["calendar"]), language),
        "earliest": _iso_day(row["earliest_day"]),
        "latest": _iso_day(row["latest_day"]),
        "time": row["time"].isoformat() if row["time"] is not None else None,
        "tags": tags[row["id"]],
        "place": row["place__slug"],
        "actors": actors[row["id"]],
        "citations": citations[row["id"]],
        "relations": relations[row["id"]],
        "url": links.page(row["slug"]),
        "ics_url": links.ics(row["slug"]),
        "picture": absolute_picture(picture_of(*(row[name] for name in columns.PICTURE))),
    }
    return {name: shown[name] if name in shown else row[name] for name in columns.SHOWN}


class _Links:
    """Absolute event URLs without a reverse() per event: the pattern is reversed once
    with a placeholder (slugs need no escaping)."""

    PLACEHOLDER = "--slug--"

    def __init__(self, request) -> None:
        self._page = self._absolute(request, "event-detail-page")
        self._ics = self._absolute(request, "event-ics")

    def page(self, slug: str) -> str:
        return self._page.replace(self.PLACEHOLDER, slug)

    def ics(self, slug: str) -> str:
        return self._ics.replace(self.PLACEHOLDER, slug)

    def _absolute(self, request, name: str) -> str:
        return absolute_url(reverse(name, args=[self.PLACEHOLDER]))


def _iso_day(day: int | None) -> str | None:
    return dates.iso_day(day) if day is not None else None


def plain_rows(rows: QuerySet) -> list[tuple]:
    """A values_list() query's rows straight from the cursor. For columns that need no
    conversion (text and whole numbers): Django's per-row machinery is most of the time
    of reading 100,000 short rows (bench/exports.py)."""
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def tags_of(ids: list[int]) -> dict[int, list[str]]:
    """Each event's tag slugs, by tag name (the tags' own order). Sorted here, not in SQL:
    an ORDER BY on the tag's name leads SQLite to walk every tag's events instead."""
    named = defaultdict(list)
    for event_id, name, slug in plain_rows(
        Event.tags.through.objects.filter(event_id__in_list=frozenset(ids))
        .order_by()
        .values_list("event_id", "tag__name", "tag__slug")
    ):
        named[event_id].append((name, slug))
    return defaultdict(
        list, {event_id: [slug for _, slug in sorted(tags)] for event_id, tags in named.items()}
    )


def actors_of(ids: list[int]) -> dict[int, list[dict]]:
    found = defaultdict(list)
    for event_id, role, slug, name, kind in plain_rows(
        Participation.objects.filter(event_id__in_list=frozenset(ids)).values_list(
            "event_id", "role", "actor__slug", "actor__name", "actor__kind"
        )
    ):
        found[event_id].append({"slug": slug, "name": name, "kind": kind, "role": role})
    return found


def _citations(ids: list[int]) -> dict[int, list[dict]]:
    found = defaultdict(list)
    fields = [f"source__{name}" for name in _SOURCE]
    for c in Citation.objects.filter(event_id__in=ids).values(
        "event_id", "quote", "locator", *fields
    ):
        source = {name: c[f"source__{name}"] for name in _SOURCE}
        source["published_display"] = translated.text_date_words(source["published"])
        found[c["event_id"]].append(
            {
                "source": {
                    key: source[key]
                    for key in (
                        "id",
                        "title",
                        "publisher",
                        "url",
                        "published",
                        "published_display",
                        "archive_url",
                    )
                },
                "quote": c["quote"],
                "locator": c["locator"],
            }
        )
    return found


def _relations(ids: list[int], links: _Links, *, drafts: bool) -> dict[int, list[dict]]:
    """Each event's outgoing relations, then its incoming ones, as the serializer lists
    them (each side in the relations' own ordering), leaving out those whose other end is
    not published unless the reader sees `drafts`. Most pages have few: the events at
    their other ends are read only when there are some."""
    mine = Q(from_event_id__in=ids) | Q(to_event_id__in=ids)
    if not drafts:
        published = Event.Status.PUBLISHED
        mine = Q(from_event_id__in=ids, to_event__status=published) | Q(
            to_event_id__in=ids, from_event__status=published
        )
    rows = list(EventRelation.objects.filter(mine).values("from_event_id", "to_event_id", "kind"))
    if not rows:
        return defaultdict(list)
    ends = {r[side] for r in rows for side in ("from_event_id", "to_event_id")}
    events = {e["id"]: e for e in Event.objects.filter(pk__in=ends).values("id", *_BRIEF)}
    wanted = set(ids)
    outgoing, incoming = defaultdict(list), defaultdict(list)
    for r in rows:
        kind = EventRelation.Kind(r["kind"])
        source, target = events[r["from_event_id"]], events[r["to_event_id"]]
        years = (
            source["start_year"] - target["start_year"]
            if kind == EventRelation.Kind.COMMEMORATES
            else None
        )
        if r["from_event_id"] in wanted:
            outgoing[r["from_event_id"]].append(
                {
                    "kind": r["kind"],
                    "direction": "outgoing",
                    "label": str(kind.label),
                    "years_between": years,
                    "event": _brief(target, links),
                }
            )
        if r["to_event_id"] in wanted:
            incoming[r["to_event_id"]].append(
                {
                    "kind": r["kind"],
                    "direction": "incoming",
                    "label": str(EventRelation.INVERSE_LABELS[kind]),
                    "years_between": years,
                    "event": _brief(source, links),
                }
            )
    return defaultdict(list, {i: outgoing[i] + incoming[i] for i in ids})


def _brief(event: dict, links: _Links) -> dict:
    """EventBriefSerializer's output for one end of a relation (columns.BRIEF_SHOWN)."""
    shown = {
        "title": translated.shown(event, "title", get_language()).text,
        "date_display": translated.date_words(dates.parse_edtf(event["date"], event["calendar"])),
        "url": links.page(event["slug"]),
    }
    return {name: shown.get(name, event.get(name)) for name in columns.BRIEF_SHOWN}
