"""Version numbers that move on when records change, for caches of what is worked out
from many records at once (timeline.summaries).

Two kinds: the records' version, moved on by changes that may show anywhere (a tag, an
actor, a place or a source renamed; a bulk import), and versions of one thing each,
such as a timeline, moved on by the app that owns it when its rows change. Changes to
events, their tags, actors and citations send `events_changed` with the events' ids,
for those apps to move on the versions the events show in (timeline: the timelines
holding them), so an edit to one event leaves every other cache warm.

Everything moves when the writing transaction commits, so that whatever is worked out
under a new version reads the committed rows.
"""

from __future__ import annotations

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

RECORDS = "records"

# Sent once the writing transaction has committed, with event_ids: the events whose
# rows, or rows about them (tags, participations, citations), changed.
events_changed = Signal()


def shared_cache():
    """The cache all processes see (settings.CACHES["shared"]): the versions, and what
    is cached under them."""
    return caches["shared"]


def version(name: str = RECORDS) -> int:
    key = f"annals:version:{name}"
    found = shared_cache().get(key)
    if found is None:
        shared_cache().add(key, 1, None)
        found = shared_cache().get(key, 1)
    return found


def bump(*names: str) -> None:
    """Move the named versions on now (callers are past their commit)."""
    for name in names:
        key = f"annals:version:{name}"
        try:
            shared_cache().incr(key)
        except ValueError:  # not set yet, or evicted: any new number will do
            shared_cache().set(key, version(name) + 1, None)


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
    for model, event_id in ((Event, "pk"), (Participation, "event_id"),
                            (Citation, "event_id")):
        for signal in (post_save, post_delete):
            signal.connect(_about_events(event_id), sender=model, weak=False,
                           dispatch_uid=f"events-{signal is post_save}-{model._meta.label}")
    m2m_changed.connect(_tags_changed, sender=Event.tags.through,
                        dispatch_uid="events-tags")


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

    transaction.on_commit(lambda: events_changed.send(sender=Event, event_ids=event_ids))
