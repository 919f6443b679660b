"""Sets of events that a layer above the records defines, asked for by name.

The records know that events can be asked for "in timeline X" (the API's `timeline`
filter, the exports' `?timeline=`) but not what a timeline is or who may see it: the
time layer registers that when it starts (timeline/apps.py), so imports run one way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

# (the set's slug, the user asking) -> its id, or None when there is none they may see
Find = Callable[[str, Any], "int | None"]
# (events, the set's id) -> the events in that set
Narrow = Callable[[QuerySet[Any], int], QuerySet[Any]]

_registered: dict[str, tuple[Find, Narrow]] = {}


def register(name: str, find: Find, narrow: Narrow) -> None:
    _registered[name] = (find, narrow)


def _scope(name: str) -> tuple[Find, Narrow]:
    try:
        return _registered[name]
    except KeyError:
        raise LookupError(f"No app defines event sets named {name!r}.") from None


def find(name: str, slug: str, user: Any) -> int | None:
    """The id of the set `name` called `slug`, if `user` may see it."""
    return _scope(name)[0](slug, user)


def narrow(events: QuerySet[Any], name: str, pk: int) -> QuerySet[Any]:
    """The events of `events` in the set `name` with this id (a subquery)."""
    return _scope(name)[1](events, pk)
