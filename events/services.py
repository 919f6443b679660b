"""Writes that span several records, each in one transaction: all of it or none of it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from events.models import Actor, Citation, Event, Participation, Source, Tag


def unique_slug(model, text: str) -> str:
    """A slug from `text` that no row of `model` has yet: armistice, armistice-2, …"""
    base = slugify(text)[:180] or "item"
    candidate, n = base, 1
    while model.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def event_save(
    *,
    event: Event | None,
    fields: dict[str, Any],
    tags: list[Tag] | None = None,
    participants: list[tuple[Actor, str]] | None = None,
    citations: list[tuple[Source, str, str]] | None = None,
) -> Event:
    """Create (event=None) or update an event with its tags, participants and citations.

    Lists given replace what the event had; lists left as None are untouched.
    """
    event = event or Event()
    for name, value in fields.items():
        setattr(event, name, value)
    if not event.slug:
        event.slug = unique_slug(Event, event.title)
    event.full_clean()
    event.save()
    if tags is not None:
        event.tags.set(tags)
    if participants is not None:
        event.participations.all().delete()
        bulk_create_with_history(
            [
                Participation(event=event, actor=actor, role=role)
                for actor, role in dict.fromkeys(participants)
            ],
            Participation,
        )
    if citations is not None:
        event.citations.all().delete()
        bulk_create_with_history(
            [
                Citation(event=event, source=source, quote=quote, locator=locator)
                for source, quote, locator in citations
            ],
            Citation,
        )
    return event
