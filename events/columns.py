"""An event's columns, declared once: what every interface reads and writes of an event
derives from these (the API's fields and its list rows, the exchange format that exports
and imports share, the briefs, the benchmarks' baselines). A field added to Event is
added here, once."""

from __future__ import annotations

# Written by editors and imports, shown back as written.
WRITTEN = (
    "slug",
    "title",
    "summary",
    "body",
    "date",
    "calendar",
    "observed",
    "time",
    "timezone",
    "kind",
    "status",
)

# Worked out from the date on every save (Event.apply_date): read, never written.
DERIVED = ("precision", "approximate", "uncertain", "earliest_day", "latest_day")

# An event's picture (events.images): uploaded in the admin, shown as `picture` by the
# API, never exchanged (files are not rows).
PICTURE = ("image", "image_thumbnail", "image_alt", "image_credit", "image_source_url")

# Kept for the machinery (indexes, ordering, search, history), never shown as such.
INTERNAL = (
    "id",
    "external_id",
    "sort_day",
    "start_year",
    "end_year",
    "start_md",
    "end_md",
    "created_at",
    "updated_at",
    "published_at",
    "search_doc",
)

# The title and summary in other languages (events.translated): written by editors, on
# the API's detail (a list shows the title and summary in the language asked for), and
# exchanged as one JSON object.
TRANSLATIONS = ("translations",)

# What a list of events reads of each event's own row (the list representation, the
# benchmarks' baselines), before its place and related records.
ROW = ("id", *WRITTEN, *DERIVED, *PICTURE, *TRANSLATIONS)

# An event named in passing (a list of anniversaries, a timeline, a relation): enough to
# name it and to show and recur its date (BRIEF read; BRIEF_SHOWN shown by the API).
BRIEF = ("slug", "title", "date", "calendar", "observed", *TRANSLATIONS)
BRIEF_SHOWN = ("slug", "title", "date", "date_display", "url")

# The API's representation of an event, in order: EventSerializer's fields and the list
# rows of events.representations. `body` is written only; `body_html` is shown instead.
API = (
    "slug",
    "title",
    "summary",
    "body",
    "body_html",
    "date",
    "calendar",
    "observed",
    "date_display",
    "precision",
    "approximate",
    "uncertain",
    "earliest",
    "latest",
    "time",
    "timezone",
    "kind",
    "status",
    "tags",
    "place",
    "actors",
    "citations",
    "relations",
    "url",
    "ics_url",
    "picture",
)
WRITE_ONLY = ("body",)
SHOWN = tuple(name for name in API if name not in WRITE_ONLY)
# On an event's own representation, not in lists.
DETAIL_ONLY = TRANSLATIONS

# The exchange format (CSV and JSON Lines exports, and the imports that read them back):
# an event's id where it came from, its written columns, its place spelled out (so that a
# file imports into an empty database), then its related records.
PLACE = {
    "place": "slug",
    "place_name": "name",
    "place_country": "country",
    "latitude": "latitude",
    "longitude": "longitude",
    "place_timezone": "timezone",
}
RELATED = ("tags", "actors", "citations")
# JSON in a CSV cell, plain in JSON Lines: the translations and the related records, last.
NESTED = (*TRANSLATIONS, *RELATED)
EXCHANGE = ("external_id", *WRITTEN, *PLACE, *NESTED)
