"""Sets of events that a layer above the records defines, asked for by name.

The records know that events can be asked for "in timeline X" (the API's `timeline`
filter, the exports' `?timeline=`) but not what a timeline is or who may see it: the
time layer registers that when it starts (timeline/apps.py), so imports run one way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

# (events, the parameter's value, the user asking) -> the events in that set
Narrow = Callable[[QuerySet[Any], str, Any], QuerySet[Any]]

_registered: dict[str, Narrow] = {}


def register(name: str, narrow: Narrow) -> None:
    _registered[name] = narrow


def narrow(events: QuerySet[Any], name: str, value: str, user: Any) -> QuerySet[Any]:
    """The events of `events` in the set `name` = `value` that `user` may see."""
    try:
        return _registered[name](events, value, user)
    except KeyError:
        raise LookupError(f"No app defines event sets named {name!r}.") from None
