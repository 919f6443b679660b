"""Version numbers that move on when records change, for caches of what is worked out
from many records at once (timeline.summaries).

Two kinds: the records' version, moved on by changes that may show anywhere (a tag, an
actor, a place or a source renamed; a bulk import), and versions of one thing each,
such as a timeline, moved on by the app that owns it when its rows change. Changes to
events, their tags, actors and citations send `events_changed` with the events' ids,
for those apps to move on the versions the events show in (timeline: the timelines
holding them), so an edit to one event leaves every other cache warm.

Everything moves when the writing transaction commits, so that whatever is worked out
under a new version reads the committed rows. The numbers are rows of their own
(events.models.Version), not cache entries: a cache may evict, and a number that started
again from 1 would name pages worked out from older records.
"""

from __future__ import annotations

from datetime import datetime

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

RECORDS = "records"
# Moved on by any committed change to any event or its rows: what the site-wide
# calendars and feeds are worked out from.
EVENTS = "events"

# Sent once the writing transaction has committed, with event_ids: the events whose
# rows, or rows about them (tags, participations, citations), changed.
events_changed = Signal()


def shared_cache():
    """The cache all processes see (settings.CACHES["shared"]): the versions, and what
    is cached under them."""
    return caches["shared"]


def stamp(*names: str) -> tuple[tuple[int, ...], datetime | None]:
    """The named versions (0 for one never moved) and when the last of them moved, read in
    one query. They live in the database (events.models.Version), where nothing evicts
    them."""
    from events.models import Version

    found = {
        name: (number, moved)
        for name, number, moved in Version.objects.filter(name__in=names).values_list(
            "name", "number", "changed_at"
        )
    }
    moves = [moved for _, moved in found.values()]
    return (tuple(found.get(name, (0, None))[0] for name in names), max(moves) if moves else None)


def versions(*names: str) -> tuple[int, ...]:
    return stamp(*names)[0]


def version(name: str = RECORDS) -> int:
    return versions(name)[0]


def bump(*names: str) -> None:
    """Move the named versions on now (callers are past their commit). The increment is
    done by the database, so two processes bumping at once both count."""
    from django.db.models import F
    from django.utils import timezone

    from events.models import Version

    names = tuple(dict.fromkeys(names))
    if not names:
        return
    Version.objects.bulk_create([Version(name=name) for name in names], ignore_conflicts=True)
    Version.objects.filter(name__in=names).update(number=F("number") + 1, changed_at=timezone.now())


def records_changed() -> None:
    """Move the records' version on when the current transaction commits."""
    transaction.on_commit(lambda: bump(RECORDS))


def track(*models, names) -> None:
    """On every save or delete of a row of `models`, move on the versions that
    names(row) gives, when its transaction commits."""

    def changed(sender, instance, **_):
        found = names(instance)
        transaction.on_commit(lambda: bump(*found))

    for model in models:
        label = model._meta.label
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"v-{label}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"v-del-{label}")


def track_records() -> None:
    from events.models import Actor, Citation, Event, Participation, Place, Source, Tag

    track(Tag, Actor, Place, Source, names=lambda _: [RECORDS])  # shown by many events
    for model, event_id in ((Event, "pk"), (Participation, "event_id"), (Citation, "event_id")):
        for signal in (post_save, post_delete):
            signal.connect(
                _about_events(event_id),
                sender=model,
                weak=False,
                dispatch_uid=f"events-{signal is post_save}-{model._meta.label}",
            )
    m2m_changed.connect(_tags_changed, sender=Event.tags.through, dispatch_uid="events-tags")


def _about_events(attribute: str):
    def changed(sender, instance, **_):
        _send_on_commit({getattr(instance, attribute)})

    return changed


def _tags_changed(sender, instance, action, reverse, pk_set, **_):
    if not action.startswith("post_"):
        return
    if not reverse:
        _send_on_commit({instance.pk})
    elif pk_set is not None:  # tag.events.add(...): pk_set are the events
        _send_on_commit(set(pk_set))
    else:  # tag.events.clear(): which events it had is no longer known
        records_changed()


def _send_on_commit(event_ids: set[int]) -> None:
    from events.models import Event

    def send() -> None:
        bump(EVENTS)
        events_changed.send(sender=Event, event_ids=event_ids)

    transaction.on_commit(send)
