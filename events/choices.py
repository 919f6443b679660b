"""Which events: by one event, tag, actor, place, timeline or kind, and by the days they
start on. A Choice holds ids of records that exist (events.selection reads one from a
request's parameters), EventQuerySet.chosen applies it in the database, and
Choice.matches tests an event's own facts against it in memory (the reminder planner
matches thousands of subscriptions against a day's events). Pure data: no queries here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chronology.dates import EDTFDate

# What may choose events, in the order errors and echoes name them.
FACETS = ("event", "tag", "actor", "place", "timeline", "kind")
DAYS = ("after", "before")


@dataclass(frozen=True)
class Choice:
    """Which events: each given facet must hold (ids of records that exist and that the
    asker may see), and the start within the days given."""

    event: int | None = None
    tag: int | None = None
    actor: int | None = None
    place: int | None = None
    timeline: int | None = None
    kind: str = ""
    after: EDTFDate | None = None  # starting on or after its first day
    before: EDTFDate | None = None  # starting on or before its last day
    # The parameters as asked (name -> value), for answers that echo their query.
    asked: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def everything(self) -> bool:
        return not any(getattr(self, name) for name in (*FACETS, *DAYS))

    def matches(self, facts: Facts) -> bool:
        """Whether an event with these facts is chosen (the facets; not the days)."""
        return (
            (self.event is None or self.event == facts.id)
            and (self.tag is None or self.tag in facts.tag_ids)
            and (self.actor is None or self.actor in facts.actor_ids)
            and (self.place is None or self.place == facts.place_id)
            and (self.timeline is None or self.timeline in facts.timeline_ids)
            and (not self.kind or self.kind == facts.kind)
        )


@dataclass(frozen=True)
class Facts:
    """What Choice.matches reads of an event, read once for many choices."""

    id: int
    place_id: int | None
    kind: str
    tag_ids: frozenset[int]
    actor_ids: frozenset[int]
    timeline_ids: frozenset[int]
