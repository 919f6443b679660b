"""A version number of the records, moved on by every change to them, for caches of
what is worked out from many records at once (timeline.summaries).

Signals move it for saves and deletes; bulk writes (imports) call records_changed
themselves. It moves when the writing transaction commits, so that whatever is worked
out under a new version reads the committed rows.
"""

from __future__ import annotations

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "annals:records-version"


def shared_cache():
    """The cache all processes see (settings.CACHES["shared"]): the version, and what
    is cached under it."""
    return caches["shared"]


def records_version() -> int:
    version = shared_cache().get(VERSION_KEY)
    if version is None:
        shared_cache().add(VERSION_KEY, 1, None)
        version = shared_cache().get(VERSION_KEY, 1)
    return version


def records_changed(**_) -> None:
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        shared_cache().incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted: any new number will do
        shared_cache().set(VERSION_KEY, records_version() + 1, None)


def track(*models) -> None:
    """Move the version on whenever a row of one of `models` is saved or deleted."""
    for model in models:
        label = model._meta.label
        post_save.connect(records_changed, sender=model, dispatch_uid=f"changes-{label}")
        post_delete.connect(records_changed, sender=model,
                            dispatch_uid=f"changes-del-{label}")


def track_records() -> None:
    from events.models import Actor, Citation, Event, Participation, Place, Source, Tag

    track(Event, Participation, Citation, Tag, Actor, Place, Source)
    m2m_changed.connect(records_changed, sender=Event.tags.through,
                        dispatch_uid="changes-event-tags")
