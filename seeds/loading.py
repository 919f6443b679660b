"""Loading seed data (a TOML file) into the records: an idempotent upsert.

Every record is matched on a natural key (slug; a source on its title), validated with
the same rules as the admin (`full_clean`), and saved only when something differs, so
a second load changes nothing and writes no history. A dry run does the same work in a
transaction it rolls back.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction

from events.models import (
    Actor,
    ActorName,
    Citation,
    Event,
    EventRelation,
    Participation,
    Place,
    Source,
    Tag,
)
from timeline.models import Timeline, TimelineEntry

DEFAULT_SEED = Path(__file__).parent / "data" / "korean-war-armistice.toml"
SEED_OWNER = "annals-seeds"


@dataclass
class SeedReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self, dry_run: bool) -> list[str]:
        verbs = ("would create", "would update") if dry_run else ("created", "updated")
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{name}: {self.created[name]} {verbs[0]}, {self.updated[name]} {verbs[1]}, "
            f"{self.unchanged[name]} unchanged"
            for name in names
        ]


class _Upserter:
    def __init__(self, report: SeedReport) -> None:
        self.report = report

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> Any:
        label = str(model._meta.verbose_name_plural)
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            self.report.created[label] += 1
            return obj
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(obj, key, value)
            obj.full_clean()
            obj.save()
            self.report.updated[label] += 1
        else:
            self.report.unchanged[label] += 1
        return obj

    def set_m2m(self, obj: models.Model, name: str, targets: list[models.Model]) -> None:
        label = f"{obj._meta.verbose_name} {name}"
        manager = getattr(obj, name)
        if {t.pk for t in manager.all()} != {t.pk for t in targets}:
            manager.set(targets)
            self.report.updated[label] += 1
        else:
            self.report.unchanged[label] += 1


def load_seed_file(path: Path = DEFAULT_SEED, *, dry_run: bool = False) -> SeedReport:
    """Load one seed file; with `dry_run`, report what would change and change nothing."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    report = SeedReport()
    with transaction.atomic():
        _load(data, _Upserter(report))
        if dry_run:
            transaction.set_rollback(True)
    return report


def _load(data: dict, up: _Upserter) -> None:
    tags = {
        row["slug"]: up.upsert(
            Tag,
            {"slug": row["slug"]},
            {"name": row["name"], "translations": row.get("translations", {})},
        )
        for row in data.get("tags", [])
    }
    places = {
        row["slug"]: up.upsert(
            Place,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "country": row.get("country", ""),
                "latitude": Decimal(row["latitude"]) if row.get("latitude") else None,
                "longitude": Decimal(row["longitude"]) if row.get("longitude") else None,
                "timezone": row.get("timezone", ""),
                "translations": row.get("translations", {}),
            },
        )
        for row in data.get("places", [])
    }
    actors = {}
    for row in data.get("actors", []):
        actor = up.upsert(
            Actor,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "kind": row["kind"],
                "description": row.get("description", ""),
            },
        )
        for name in row.get("names", []):
            up.upsert(
                ActorName,
                {"actor": actor, "name": name["name"]},
                {
                    "language": name.get("language", ""),
                    "kind": name.get("kind", "native"),
                },
            )
        actors[row["slug"]] = actor

    sources: dict[str, Source] = {}
    for row in data.get("sources", []):
        sources[row["key"]] = up.upsert(
            Source,
            {"title": row["title"]},
            {
                key: row.get(key, "")
                for key in ("publisher", "url", "published", "language", "kind", "authors")
            },
        )
    for row in data.get("sources", []):
        up.set_m2m(sources[row["key"]], "cites", [sources[k] for k in row.get("cites", [])])

    events: dict[str, Event] = {}
    for row in data.get("events", []):
        event = up.upsert(
            Event,
            {"slug": row["slug"]},
            {
                "title": row["title"],
                "date": row["date"],
                "time": time.fromisoformat(row["time"]) if row.get("time") else None,
                "timezone": row.get("timezone", ""),
                "kind": row["kind"],
                "place": places[row["place"]] if row.get("place") else None,
                "summary": row.get("summary", ""),
                "body": row.get("body", ""),
                "status": row.get("status", Event.Status.PUBLISHED),
                "translations": row.get("translations", {}),
            },
        )
        up.set_m2m(event, "tags", [tags[slug] for slug in row.get("tags", [])])
        events[row["slug"]] = event

    # Links second: a relation may point at an event further down the file.
    for row in data.get("events", []):
        event = events[row["slug"]]
        for part in row.get("participants", []):
            up.upsert(
                Participation,
                {
                    "event": event,
                    "actor": actors[part["actor"]],
                    "role": part["role"],
                },
                {},
            )
        for cite in row.get("citations", []):
            up.upsert(
                Citation,
                {"event": event, "source": sources[cite["source"]]},
                {
                    "quote": cite.get("quote", ""),
                    "locator": cite.get("locator", ""),
                },
            )
        for relation in row.get("relations", []):
            up.upsert(
                EventRelation,
                {
                    "from_event": event,
                    "to_event": events[relation["to"]],
                    "kind": relation["kind"],
                },
                {},
            )

    if data.get("timelines"):
        owner = _seed_owner()
        for row in data["timelines"]:
            timeline = up.upsert(
                Timeline,
                {"slug": row["slug"]},
                {
                    "title": row["title"],
                    "description": row.get("description", ""),
                    "visibility": row.get("visibility", Timeline.Visibility.PUBLIC),
                    "translations": row.get("translations", {}),
                    "owner": owner,
                },
            )
            for position, slug in enumerate(row.get("events", []), start=1):
                up.upsert(
                    TimelineEntry,
                    {"timeline": timeline, "event": events[slug]},
                    {"position": position},
                )


def _seed_owner():
    """The account that owns seeded timelines: it cannot log in."""
    user_model = get_user_model()
    owner, created = user_model.objects.get_or_create(
        username=SEED_OWNER, defaults={"is_active": False}
    )
    if created:
        owner.set_unusable_password()
        owner.save(update_fields=["password"])
    return owner
