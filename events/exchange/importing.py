"""Importing rows of the exchange format (events.exchange.reading reads them): each row
checked by the model's rules, as the API checks them (the event, and every place, tag,
actor and source it names), upserted on `external_id` in batches (so memory does not grow
with the file), each bad row reported with its line, field and problem, the good ones
imported (or, strict, nothing).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from chronology.calendars import Observed
from chronology.date_text import read_edtf
from chronology.dates import Calendar, EDTFError
from events import columns, translated
from events.changes import records_changed
from events.exchange.reading import Refused, RowError
from events.models import (
    Actor,
    Citation,
    Event,
    Participation,
    Place,
    Source,
    Tag,
    fold,
    moment_problems,
    place_key,
    refresh_search_documents,
)
from events.validators import validate_time_zone

BATCH = 1000


@dataclass
class ImportReport:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


class _Lookups:
    """Places, tags, actors and sources by natural key: `prime` finds or makes a batch's
    worth in a few queries (created ones are kept for the next batches); the per-key
    methods read what was primed."""

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.tags: dict[str, Tag] = {}
        self.actors: dict[str, Actor] = {}
        self.sources: dict[tuple[str, str], Source] = {}

    def prime(self, rows: list[dict]) -> None:
        places = {r["place"]: r for r in rows if r.get("place")}
        tags = {slug for r in rows for slug in r.get("tags") or []}
        actors = {a["slug"]: a for r in rows for a in r.get("actors") or []}
        sources = {
            _source_key(c["source"]): c["source"] for r in rows for c in r.get("citations") or []
        }
        self._find_or_make(
            self.places,
            places,
            Place,
            "slug",
            lambda slug, row: Place(
                slug=slug,
                name=row.get("place_name") or slug,
                country=row.get("place_country") or "",
                search_key=place_key(row.get("place_name") or slug, row.get("place_country") or ""),
                latitude=row.get("latitude") or None,
                longitude=row.get("longitude") or None,
                timezone=row.get("place_timezone") or "",
            ),
        )
        self._find_or_make(
            self.tags,
            dict.fromkeys(tags),
            Tag,
            "slug",
            lambda slug, _: Tag(slug=slug, name=_tag_name(slug)),
        )
        self._find_or_make(
            self.actors,
            actors,
            Actor,
            "slug",
            lambda slug, data: Actor(
                slug=slug,
                name=data.get("name") or slug,
                kind=data.get("kind") or Actor.Kind.PERSON,
                search_key=fold(data.get("name") or slug),
            ),
        )
        wanted = {key: data for key, data in sources.items() if key not in self.sources}
        if wanted:
            for source in Source.objects.filter(title__in={title for title, _ in wanted}).order_by(
                "-pk"
            ):
                self.sources[(source.title, source.url)] = source  # the oldest wins
            made = Source.objects.bulk_create(
                [_new_source(data) for key, data in wanted.items() if key not in self.sources]
            )
            Source.history.bulk_history_create(made, default_change_reason="import")
            self.sources.update({(source.title, source.url): source for source in made})

    @staticmethod
    def _find_or_make(cache: dict, wanted: dict, model, key: str, make) -> None:
        missing = [k for k in wanted if k not in cache]
        if not missing:
            return
        cache.update(model.objects.in_bulk(missing, field_name=key))
        made = model.objects.bulk_create([make(k, wanted[k]) for k in missing if k not in cache])
        cache.update({getattr(obj, key): obj for obj in made})

    def place(self, row: dict) -> Place | None:
        return self.places[row["place"]] if row.get("place") else None

    def tag(self, slug: str) -> Tag:
        return self.tags[slug]

    def actor(self, data: dict) -> Actor:
        return self.actors[data["slug"]]

    def source(self, data: dict) -> Source:
        return self.sources[_source_key(data)]


def _source_key(data: dict) -> tuple[str, str]:
    return (data.get("title") or "", data.get("url") or "")


def _new_source(data: dict) -> Source:
    title, url = _source_key(data)
    return Source(
        title=title,
        url=url,
        publisher=data.get("publisher") or "",
        published=data.get("published") or "",
        kind=data.get("kind") or Source.Kind.NEWS,
        language=data.get("language") or "",
    )


def _clean(row: dict) -> dict:
    """The row checked field by field; raises Refused naming the field and the problem."""
    title = str(row.get("title") or "").strip()
    if not title:
        raise Refused("title", "required")
    date = str(row.get("date") or "").strip()
    calendar = str(row.get("calendar") or Calendar.GREGORIAN)
    if calendar not in Calendar:
        raise Refused("calendar", f"{calendar!r} is not one of {', '.join(Calendar)}")
    try:
        parsed = read_edtf(date, Calendar(calendar))
    except EDTFError as exc:
        raise Refused("date", str(exc)) from exc
    observed = str(row.get("observed") or Observed.AS_WRITTEN)
    if observed not in Observed:
        raise Refused("observed", f"{observed!r} is not one of {', '.join(Observed)}")
    kind = row.get("kind") or Event.Kind.OTHER
    if kind not in Event.Kind.values:
        raise Refused("kind", f"{kind!r} is not one of {', '.join(Event.Kind.values)}")
    status = row.get("status") or Event.Status.PUBLISHED
    if status not in Event.Status.values:
        raise Refused("status", f"{status!r} is not draft, review or published")
    moment = None
    if row.get("time"):
        try:
            moment = time.fromisoformat(str(row["time"]))
        except ValueError as exc:
            raise Refused("time", f"{row['time']!r} is not HH:MM") from exc
    for name in ("timezone", "place_timezone"):
        if row.get(name):
            try:
                validate_time_zone(str(row[name]))
            except ValidationError as exc:
                raise Refused(name, exc.messages[0]) from exc
    for name in ("latitude", "longitude"):
        if row.get(name):
            try:
                # To the column's six places, as saving would round it anyway.
                row[name] = str(Decimal(str(row[name])).quantize(Decimal("0.000001")))
            except InvalidOperation as exc:
                raise Refused(name, f"{row[name]!r} is not a number") from exc
    for name in ("tags", "actors", "citations"):
        if row.get(name) and not isinstance(row[name], list):
            raise Refused(name, "must be a list")
    try:
        translations = translated.check(row.get("translations"), Event.TRANSLATED)
    except ValidationError as exc:
        raise Refused("translations", exc.messages[0]) from exc
    _check_related(row)
    external_id = str(row.get("external_id") or "").strip() or None
    slug = str(row.get("slug") or "").strip()
    if not slug:
        # Deterministic, so that importing twice gives the same slug.
        seed = external_id or f"{title}|{date}"
        digest = hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()[:8]
        slug = f"{slugify(title)[:150] or 'event'}-{digest}"
    fields = {
        "external_id": external_id or f"annals:{slug}",
        "slug": slug,
        "title": title,
        "summary": str(row.get("summary") or ""),
        "body": str(row.get("body") or ""),
        "date": date,
        "calendar": calendar,
        "observed": observed,
        "time": moment,
        "timezone": str(row.get("timezone") or ""),
        "kind": kind,
        "status": status,
        "translations": translations,
    }
    _check_as_the_api_does(fields, row)
    return {**fields, "_row": row, "_date": parsed}


def _check_as_the_api_does(fields: dict, row: dict) -> None:
    """The model's rules for each field (lengths, slug, blank) and across them (a time
    needs a day and a zone): what the API's serializer checks, which it derives from the
    same model. The date, zone, kind and status were checked above by the same rules.
    Fields are checked one by one, with no model instance: making one per row was a
    large share of an import's time (bench/README.md). Uniqueness is the upsert's
    business."""
    for name in _FIELD_CHECKED:
        try:
            cast(models.Field, Event._meta.get_field(name)).clean(fields[name], None)
        except ValidationError as exc:
            raise Refused(name, exc.messages[0]) from exc
    if len(fields["date"]) > (
        most := cast(models.Field, Event._meta.get_field("date")).max_length or 0
    ):
        raise Refused("date", f"At most {most} characters.")
    zone = fields["timezone"] or str(row.get("place_timezone") or "")
    if problems := moment_problems(
        fields["date"], fields["time"], zone, fields["calendar"], fields["observed"]
    ):
        raise Refused(*next(iter(problems.items())))


_FIELD_CHECKED = ("title", "slug", "external_id", "summary", "body")


def _check_related(row: dict) -> None:
    """The place, tags, actors and sources a row names or makes, each by its model's own
    field rules (slugs, lengths, choices, a source's EDTF date, coordinates in range), as
    the API's serializers check them: the import makes these rows in bulk, and one that
    broke a rule would break every page that shows it."""
    if row.get("place"):
        _check_fields(
            "place",
            Place,
            {
                "slug": row["place"],
                "name": row.get("place_name") or row["place"],
                "country": row.get("place_country") or "",
                "latitude": row.get("latitude") or None,
                "longitude": row.get("longitude") or None,
            },
        )
    for slug in row.get("tags") or []:
        if not isinstance(slug, str):
            raise Refused("tags", "each tag is a slug, as text")
        _check_fields("tags", Tag, {"slug": slug, "name": _tag_name(slug)})
    for actor in row.get("actors") or []:
        if not isinstance(actor, dict) or not actor.get("slug"):
            raise Refused("actors", "each actor needs a slug")
        _check_fields(
            "actors",
            Actor,
            {
                "slug": actor["slug"],
                "name": actor.get("name") or actor["slug"],
                "kind": actor.get("kind") or Actor.Kind.PERSON,
            },
        )
        _check_fields("actors", Participation, {"role": actor.get("role") or "participant"})
    for citation in row.get("citations") or []:
        source = citation.get("source") if isinstance(citation, dict) else None
        if not isinstance(source, dict) or not source.get("title"):
            raise Refused("citations", "each citation needs a source with a title")
        _check_fields(
            "citations",
            Source,
            {
                "title": source["title"],
                "url": source.get("url") or "",
                "publisher": source.get("publisher") or "",
                "published": source.get("published") or "",
                "kind": source.get("kind") or Source.Kind.NEWS,
                "language": source.get("language") or "",
            },
            prefix="source ",
        )
        _check_fields(
            "citations",
            Citation,
            {"quote": citation.get("quote") or "", "locator": citation.get("locator") or ""},
        )


def _check_fields(column: str, model, values: dict, prefix: str = "") -> None:
    for name, value in values.items():
        if value is not None and not isinstance(value, str | int | float | Decimal):
            label = model._meta.get_field(name).verbose_name
            raise Refused(column, f"{prefix}{label}: give text, not {type(value).__name__}")
        try:
            field = cast(models.Field, model._meta.get_field(name))
            field.clean(value if value is None or isinstance(value, str) else str(value), None)
        except ValidationError as exc:
            raise Refused(column, f"{prefix}{field.verbose_name}: {exc.messages[0]}") from exc


def _tag_name(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


# The event's own columns an import writes.
_FIELDS = (*columns.WRITTEN, *columns.TRANSLATIONS)


def import_rows(
    rows: Iterable[tuple[int, dict | RowError]],
    *,
    strict: bool = False,
    dry_run: bool = False,
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Upsert rows on external_id. With `strict`, any bad row means nothing is written;
    with `dry_run`, nothing is written at all."""
    report = ImportReport()
    lookups = _Lookups()

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            batch: list[dict] = []
            for line, row in rows:
                report.read += 1
                if isinstance(row, RowError):
                    report.errors.append(row)
                    continue
                try:
                    batch.append(_clean(row) | {"_line": line})
                except Refused as bad:
                    report.errors.append(RowError(line, bad.field, bad.problem))
                if len(batch) >= BATCH:
                    _write(batch, lookups, report)
                    batch = []
                    if progress:
                        progress(report)
            _write(batch, lookups, report)
            if progress:
                progress(report)
            if dry_run or (strict and report.errors):
                raise _Rollback
            records_changed()  # bulk writes send no signals
    except _Rollback:
        pass
    return report


def _write(batch: list[dict], lookups: _Lookups, report: ImportReport) -> None:
    if not batch:
        return
    by_id: dict[str, dict] = {}
    for item in batch:  # a later row with the same id wins
        by_id[item["external_id"]] = item
    existing = {e.external_id: e for e in Event.objects.filter(external_id__in=by_id)}
    # Events made here (admin, API, seeds) have no external id yet: a row with their
    # slug adopts them, so that an export imports back onto the same records.
    unclaimed = {
        e.slug: e
        for e in Event.objects.filter(
            slug__in=[i["slug"] for i in by_id.values()], external_id__isnull=True
        )
    }
    for external_id, item in by_id.items():
        if external_id not in existing and item["slug"] in unclaimed:
            existing[external_id] = unclaimed[item["slug"]]
    taken = dict(
        Event.objects.filter(slug__in=[i["slug"] for i in by_id.values()])
        .exclude(external_id__isnull=True)
        .values_list("slug", "external_id")
    )
    for external_id, item in list(by_id.items()):
        owner = taken.get(item["slug"])
        if owner is not None and owner != external_id and external_id not in existing:
            report.errors.append(
                RowError(item["_line"], "slug", f"{item['slug']!r} belongs to another event")
            )
            del by_id[external_id]
    lookups.prime([item["_row"] for item in by_id.values()])
    to_create: list[Event] = []
    to_update: list[Event] = []
    for external_id, item in by_id.items():
        place = lookups.place(item["_row"])
        event = existing.get(external_id) or Event(external_id=external_id)
        before = {f: getattr(event, f) for f in _FIELDS} | {
            "place_id": event.place_id,
            "external_id": event.external_id,
        }
        event.external_id = external_id
        for name in _FIELDS:
            setattr(event, name, item[name])
        event.place = place
        event.apply_date(item["_date"])
        after = {f: getattr(event, f) for f in _FIELDS} | {
            "place_id": event.place_id,
            "external_id": event.external_id,
        }
        if event.pk is None:
            to_create.append(event)
        elif before != after:
            to_update.append(event)
    Event.objects.bulk_create(to_create, batch_size=BATCH)
    Event.objects.bulk_update(
        to_update, [*_FIELDS, "external_id", "place", *Event.DATE_COLUMNS], batch_size=BATCH
    )
    # Bulk writes skip the history signals: record the imported versions here. The new
    # events carry their ids (bulk_create returns them on PostgreSQL and SQLite).
    _record_history([e.pk for e in to_create], "+")
    _record_history([e.pk for e in to_update], "~")
    created: dict[Any, Event] = {e.external_id: e for e in to_create}
    saved = {
        external_id: existing.get(external_id) or created[external_id] for external_id in by_id
    }
    links_changed = _write_links(by_id, saved, lookups, new=set(created))
    # Titles, summaries and actors as the search index reads them.
    refresh_search_documents(
        [e.pk for e in to_create]
        + [e.pk for e in to_update]
        + [saved[external_id].pk for external_id in links_changed]
    )
    report.created += len(to_create)
    updated = {e.external_id for e in to_update} | (
        links_changed - {e.external_id for e in to_create}
    )
    report.updated += len(updated)
    report.unchanged += len(by_id) - len(to_create) - len(updated)


def _record_history(ids: list[int], history_type: str) -> None:
    """One history version per event, reason "import": what simple_history's
    bulk_history_create writes, but copied by the database from the rows just written
    instead of built field by field in Python, which was a large share of an import's
    time (bench/README.md)."""
    if not ids:
        return
    history = Event.history.model
    quote = connection.ops.quote_name
    copied = ", ".join(
        quote(f.column) for f in history._meta.concrete_fields if not f.name.startswith("history_")
    )
    marks = ", ".join(["%s"] * len(ids))
    # Names come from the models; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({copied}, history_date, "  # noqa: S608
        f"history_change_reason, history_type, history_user_id) "
        f"SELECT {copied}, %s, %s, %s, NULL FROM {quote(Event._meta.db_table)} "
        f"WHERE id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                connection.ops.adapt_datetimefield_value(timezone.now()),
                "import",
                history_type,
                *ids,
            ],
        )


def _write_links(
    by_id: dict[str, dict], saved: dict[str, Event], lookups: _Lookups, new: set[str]
) -> set[str]:
    """Tags, participants and citations as the rows say; returns the ids that changed.
    Events created in this batch (`new`) have no links yet: nothing to read or delete."""
    events = [event for external_id, event in saved.items() if external_id not in new]
    current_tags: dict[int, set[int]] = {}
    for event_id, tag_id in Event.tags.through.objects.filter(event__in=events).values_list(
        "event_id", "tag_id"
    ):
        current_tags.setdefault(event_id, set()).add(tag_id)
    current_actors: dict[int, set[tuple[int, str]]] = {}
    for event_id, actor_id, role in Participation.objects.filter(event__in=events).values_list(
        "event_id", "actor_id", "role"
    ):
        current_actors.setdefault(event_id, set()).add((actor_id, role))
    current_cites: dict[int, set[tuple[int, str, str]]] = {}
    for event_id, source_id, quote, locator in Citation.objects.filter(
        event__in=events
    ).values_list("event_id", "source_id", "quote", "locator"):
        current_cites.setdefault(event_id, set()).add((source_id, quote, locator))

    changed: set[str] = set()
    new_tags, new_parts, new_cites, stale = [], [], [], []
    for external_id, item in by_id.items():
        event = saved[external_id]
        row = item["_row"]
        tags = {lookups.tag(slug).pk for slug in row.get("tags") or []}
        actors = {
            (lookups.actor(a).pk, a.get("role") or "participant") for a in row.get("actors") or []
        }
        cites = {
            (lookups.source(c["source"]).pk, c.get("quote") or "", c.get("locator") or "")
            for c in row.get("citations") or []
        }
        if (tags, actors, cites) == (
            current_tags.get(event.pk, set()),
            current_actors.get(event.pk, set()),
            current_cites.get(event.pk, set()),
        ):
            continue
        changed.add(external_id)
        if external_id not in new:
            stale.append(event.pk)
        new_tags += [Event.tags.through(event_id=event.pk, tag_id=t) for t in tags]
        new_parts += [Participation(event_id=event.pk, actor_id=a, role=r) for a, r in actors]
        new_cites += [
            Citation(event_id=event.pk, source_id=s, quote=q, locator=loc) for s, q, loc in cites
        ]
    if stale:
        Event.tags.through.objects.filter(event_id__in=stale).delete()
        Participation.objects.filter(event_id__in=stale).delete()
        Citation.objects.filter(event_id__in=stale).delete()
    Event.tags.through.objects.bulk_create(new_tags, batch_size=BATCH)
    Participation.objects.bulk_create(new_parts, batch_size=BATCH)
    Citation.objects.bulk_create(new_cites, batch_size=BATCH)
    return changed
