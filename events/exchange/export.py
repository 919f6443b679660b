"""Exports: published events as rows of the exchange format (events.columns.EXCHANGE),
for CSV and JSON Lines, which import back unchanged (events.exchange.importing)."""

from __future__ import annotations

import json
import re
from collections import defaultdict, namedtuple
from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet

from events import columns
from events.models import Citation, Event, Place
from events.representations import actors_of, plain_rows, tags_of

# An exported event, in the exchange format's order. Its fields come from the declaration,
# which mypy cannot read: it sees a tuple, and ExportRow._make is how rows are built.
ExportRow = namedtuple("ExportRow", columns.EXCHANGE)  # type: ignore[misc]
NESTED = frozenset(columns.NESTED)  # JSON in a CSV cell, plain in JSON Lines
_FIRST_NESTED = columns.EXCHANGE.index(columns.NESTED[0])  # the nested ones come last

# What an export reads of each event: its ids, its own columns, its position in date
# order, and its place's columns (named as the exchange format names them).
_READ_NAMES = (
    "id",
    "external_id",
    *columns.WRITTEN,
    "sort_day",
    *columns.PLACE,
    *columns.TRANSLATIONS,
)
_READ = (
    "id",
    "external_id",
    *columns.WRITTEN,
    "sort_day",
    *(f"place__{field}" for field in columns.PLACE.values()),
    *columns.TRANSLATIONS,
)
EXPORT_CHUNK = 5000


def export_rows(events: QuerySet[Event]) -> Iterator[ExportRow]:
    """`events` as ExportRows, oldest first. Read in keyset chunks of plain values
    straight from the cursor, with one query per related kind, so memory stays flat and
    no cursor or transaction is held open while a slow client reads (bench/exports.py)."""
    ordered = events.order_by("sort_day", "pk")
    after: dict[str, Any] | None = None
    while True:
        # sort_day >= x makes the position an index range (an OR alone would not be).
        chunk = (
            ordered
            if after is None
            else ordered.filter(
                Q(sort_day__gt=after["sort_day"]) | Q(pk__gt=after["id"]),
                sort_day__gte=after["sort_day"],
            )
        )[:EXPORT_CHUNK]
        rows = [
            dict(zip(_READ_NAMES, row, strict=True))
            for row in plain_rows(chunk.values_list(*_READ))
        ]
        if not rows:
            return
        ids = [row["id"] for row in rows]
        tags, actors, citations = tags_of(ids), actors_of(ids), _export_citations(ids)
        for row in rows:
            yield _export_row(row, tags[row["id"]], actors[row["id"]], citations[row["id"]])
        if len(rows) < EXPORT_CHUNK:
            return
        after = rows[-1]


_DEGREES = f".{Place._meta.get_field('latitude').decimal_places}f"  # as the column keeps them


def _degrees(value) -> str:
    # SQLite hands back floats, PostgreSQL Decimals: the same text either way.
    return format(value, _DEGREES) if value is not None else ""


def _export_row(row: dict[str, Any], tags: list, actors: list, citations: list) -> ExportRow:
    exported = {
        **row,
        "external_id": row["external_id"] or f"annals:{row['slug']}",
        "time": row["time"].strftime("%H:%M") if row["time"] else "",
        **{name: row[name] or "" for name in ("place", "place_name", "place_country")},
        "latitude": _degrees(row["latitude"]),
        "longitude": _degrees(row["longitude"]),
        "place_timezone": row["place_timezone"] or "",
        # Read straight from the cursor: PostgreSQL hands back the object, SQLite its text.
        "translations": _object(row["translations"]),
        "tags": tags,
        "actors": actors,
        "citations": citations,
    }
    return ExportRow._make(exported[name] for name in columns.EXCHANGE)


def _object(value: Any) -> dict:
    if isinstance(value, str):
        value = json.loads(value or "{}")
    return value if isinstance(value, dict) else {}


def export_dict(row: ExportRow) -> dict[str, Any]:
    """An exported row as the JSON Lines object (and the import's row)."""
    return row._asdict()


def _export_citations(ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    keys = ("title", "url", "publisher", "published", "kind", "language")
    for event_id, quote, locator, *source in plain_rows(
        Citation.objects.filter(event_id__in_list=frozenset(ids)).values_list(
            "event_id", "quote", "locator", *(f"source__{key}" for key in keys)
        )
    ):
        found[event_id].append(
            {"source": dict(zip(keys, source, strict=True)), "quote": quote, "locator": locator}
        )
    return found


# A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV
# Injection"). Such a cell is written with a leading apostrophe, which spreadsheets show
# as text; a cell that already starts with apostrophes before one gets one more, so the
# import can take exactly one off and read back what was exported (reading.py).
FORMULA = re.compile(r"'*[=+\-@\t\r]")
_RISKY = frozenset("'=+-@\t\r")


def csv_cells(row: ExportRow) -> list[str]:
    """An exported row for a CSV writer: lists and objects as JSON in their cells, and no
    cell that a spreadsheet would run as a formula (every cell is text)."""
    cells = [*row[:_FIRST_NESTED], *map(_json, row[_FIRST_NESTED:])]
    return [f"'{c}" if c and c[0] in _RISKY and FORMULA.match(c) else c for c in cells]


def _json_encoder():
    """json.dumps(value, ensure_ascii=False) as a function made once: dumps builds its C
    encoder anew on every call, which is most of the time of encoding 300,000 short lists
    in an export (bench/exports.py)."""
    from json import encoder

    c_make_encoder = getattr(encoder, "c_make_encoder", None)
    if c_make_encoder is None:  # a Python without the C accelerator
        return json.JSONEncoder(ensure_ascii=False).encode

    def refuse(value):
        raise TypeError(f"{type(value).__name__} is not JSON serializable")

    make = c_make_encoder(
        None, refuse, encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    return lambda value: "".join(make(value, 0))


json_text = _json_encoder()


def _json(value: list | dict) -> str:
    return json_text(value) if value else ("{}" if isinstance(value, dict) else "[]")
