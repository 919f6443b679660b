"""Events from Wikidata's JSON dumps: one entity per line, as rows for events.exchange.importing.

Pure: it reads a file and returns plain rows; import_rows writes them (upserting on the
QID, so a second run changes nothing). An entity becomes an event when it has a date:

- P585 (point in time), or P580 (start time) and/or P582 (end time), the best-ranked
  statement of each (preferred, else normal; deprecated never);
- its precision: 11 day, 10 month, 9 year, 8 decade (1950 -> 195X), 7 century (Wikidata
  writes the 20th century as a year in 1901-2000, EDTF as 19XX, the hundred years that
  best overlap it); finer than a day is read as the day, coarser than a century is
  refused;
- its calendar model: Q1985727 Gregorian, Q1985786 Julian (Wikidata keeps the date as
  written in that calendar, and so does Annals); any other is refused;
- its year: Wikidata's JSON counts no year 0 ("-0044" is 44 BC), EDTF does ("-0043").

The English label is the title and the English description the summary (Wikidata's
"mul" label, the one for every language, when there is no English one); the labels and
descriptions in Korean, Russian and Simplified Chinese (zh-hans, else zh-cn, else zh,
else mul) are the translations. An entity with no English label takes its title from the
first of those it has, rather than being left out. The entity's page and its English
Wikipedia article are the cited sources.

Where: P625 (coordinate location) on Earth only (globe Q2; a point on the Moon or Mars
gives no place), within ±90° and ±180°. When the entity's location (P276) is an entity
of the same dump with such coordinates, that location is the place (its label the name,
"wikidata-Q…" the slug); else the entity's own coordinates are a place of their own,
named by the nearest town (events.gazetteer). The dump is read twice: first for the
locations events name, then for the events, so that a location may come anywhere in it.
"""

from __future__ import annotations

import bz2
import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from chronology.dates import Calendar
from events import gazetteer

CALENDAR_MODELS = {
    "http://www.wikidata.org/entity/Q1985727": Calendar.GREGORIAN,
    "http://www.wikidata.org/entity/Q1985786": Calendar.JULIAN,
}
POINT_IN_TIME, START_TIME, END_TIME = "P585", "P580", "P582"
COORDINATES, LOCATION = "P625", "P276"
EARTH = "http://www.wikidata.org/entity/Q2"
_TIME = re.compile(
    r"(?P<sign>[+-]?)(?P<year>[0-9]{1,16})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})T[0-9:]{8}Z",
    re.ASCII,
)
DAY, MONTH, YEAR, DECADE, CENTURY = 11, 10, 9, 8, 7


@dataclass(frozen=True)
class Skipped:
    """An entity that is not imported, and why (the run names it)."""

    line: int
    qid: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.qid or '(no id)'} skipped: {self.reason}"


class _Unusable(Exception):
    pass


def _open(path: Path) -> IO[str]:
    """The dump as text, plain or compressed (by its ending), read as a stream."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if name.endswith(".bz2"):
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


# Wikidata's largest entities are a few MB of JSON on one line; a line far longer is
# not an entity, and reading it whole could take all the memory there is.
MAX_LINE_CHARS = 20_000_000
# Entities nest a handful of levels (claims, snaks, values, qualifiers).
MAX_DEPTH = 32


def _lines(handle: IO[str]) -> Iterator[tuple[int, str | None]]:
    """(line number, text) of each line; None as the text of a line over MAX_LINE_CHARS,
    which is read past in pieces, never whole."""
    line = 0
    while True:
        text = handle.readline(MAX_LINE_CHARS + 1)
        if not text:
            return
        line += 1
        if len(text) > MAX_LINE_CHARS and not text.endswith("\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith("\n"):
                pass
            yield line, None
            continue
        yield line, text


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level + 1)
            stack.extend(
                (v, level + 1) for v in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


def _entities(path: Path) -> Iterator[tuple[int, dict[str, Any] | Skipped]]:
    """(line, entity) of each readable entity, or (line, Skipped) for one that is not."""
    with _open(path) as handle:
        for line, raw in _lines(handle):
            if raw is None:
                yield line, Skipped(line, "", f"longer than {MAX_LINE_CHARS:,} characters")
                continue
            # The dump is one JSON array: "[", then an entity per line, each but the
            # last followed by a comma, then "]". JSON Lines is the same without those.
            text = raw.strip().rstrip(",")
            if text in ("", "[", "]"):
                continue
            try:
                entity = json.loads(text)
            except json.JSONDecodeError as exc:
                yield line, Skipped(line, "", f"not JSON: {exc.msg}")
                continue
            except RecursionError:
                yield line, Skipped(line, "", f"nested deeper than {MAX_DEPTH} levels")
                continue
            if not isinstance(entity, dict):
                yield line, Skipped(line, "", "not a JSON object")
                continue
            found = entity.get("id")
            qid = found if isinstance(found, str) else ""
            if _depth(entity) > MAX_DEPTH:
                yield line, Skipped(line, qid[:40], f"nested deeper than {MAX_DEPTH} levels")
                continue
            yield line, entity


@dataclass(frozen=True)
class _Location:
    qid: str
    label: str
    latitude: float
    longitude: float


def read_dump(path: Path) -> Iterator[tuple[int, dict[str, Any] | Skipped]]:
    """(line, import row) for each entity with a usable date, or (line, Skipped): one
    entity that cannot be read never stops the others."""
    # First reading: the entities that events name as their location (P276), with
    # coordinates on Earth. Only those are kept, not every entity with coordinates.
    named: set[str] = set()
    for _, entity in _entities(path):
        if isinstance(entity, dict):
            named.update(_item_values(_object(entity.get("claims")), LOCATION))
    locations: dict[str, _Location] = {}
    for _, entity in _entities(path):
        if isinstance(entity, dict) and entity.get("id") in named:
            point = _coordinates(_object(entity.get("claims")))
            if point is not None:
                qid = str(entity["id"])
                label = _english(entity, "labels") or qid
                locations[qid] = _Location(qid, label, *point)
    # Second reading: the events, each at its location or its own point.
    for line, entity in _entities(path):
        if isinstance(entity, Skipped):
            yield line, entity
            continue
        found = entity.get("id")
        try:
            row = entity_row(entity)
        except _Unusable as exc:
            yield line, Skipped(line, found[:40] if isinstance(found, str) else "", str(exc))
            continue
        yield line, row | _place(entity, locations)


def _place(entity: dict[str, Any], locations: dict[str, _Location]) -> dict[str, Any]:
    """The place columns of an event's row: its location's, or its own point's, or none."""
    claims = _object(entity.get("claims"))
    for target in _item_values(claims, LOCATION):
        if (location := locations.get(target)) is not None:
            country = gazetteer.name_points([(location.latitude, location.longitude)])[0]
            return {
                "place": f"wikidata-{location.qid.lower()}",
                "place_name": location.label,
                "place_country": country.country,
                "latitude": f"{location.latitude:.6f}",
                "longitude": f"{location.longitude:.6f}",
            }
    point = _coordinates(claims)
    if point is None:
        return {}
    named = gazetteer.name_points([point])[0]
    latitude, longitude = point
    return {
        "place": f"wikidata-{str(entity['id']).lower()}-point",
        "place_name": named.name,
        "place_country": named.country,
        "latitude": f"{latitude:.6f}",
        "longitude": f"{longitude:.6f}",
    }


def _item_values(claims: dict[str, Any], prop: str) -> list[str]:
    """The item ids (Q…) `prop`'s statements name, best-ranked first (never deprecated)."""
    found = claims.get(prop)
    statements = [
        s
        for s in (found if isinstance(found, list) else [])
        if isinstance(s, dict) and s.get("rank") != "deprecated"
    ]
    statements.sort(key=lambda s: s.get("rank") != "preferred")
    ids = []
    for statement in statements:
        value = _object(_object(_object(statement.get("mainsnak")).get("datavalue")).get("value"))
        item = value.get("id")
        if isinstance(item, str) and re.fullmatch(r"Q[1-9][0-9]{0,18}", item, re.ASCII):
            ids.append(item)
    return ids


def _coordinates(claims: dict[str, Any]) -> tuple[float, float] | None:
    """The best-ranked P625 on Earth (globe Q2) as (latitude, longitude), or None: a point
    on another globe, out of range, or not numbers is no place on this map."""
    found = claims.get(COORDINATES)
    statements = [
        s
        for s in (found if isinstance(found, list) else [])
        if isinstance(s, dict) and s.get("rank") != "deprecated"
    ]
    statements.sort(key=lambda s: s.get("rank") != "preferred")
    for statement in statements:
        snak = _object(statement.get("mainsnak"))
        value = _object(_object(snak.get("datavalue")).get("value"))
        latitude, longitude = value.get("latitude"), value.get("longitude")
        if (
            snak.get("snaktype") == "value"
            and value.get("globe") == EARTH
            and isinstance(latitude, int | float)
            and isinstance(longitude, int | float)
            and not isinstance(latitude, bool)
            and not isinstance(longitude, bool)
            and -90 <= latitude <= 90
            and -180 <= longitude <= 180
        ):
            return float(latitude), float(longitude)
    return None


def entity_row(entity: dict[str, Any]) -> dict[str, Any]:
    """The import row (events.columns.EXCHANGE) of one entity; _Unusable says why not."""
    qid = entity.get("id")
    if not isinstance(qid, str) or not re.fullmatch(r"Q[1-9][0-9]{0,18}", qid, re.ASCII):
        raise _Unusable("not an item (no Q id)")
    title = _english(entity, "labels") or next(
        (text for language in TRANSLATED if (text := _in_language(entity, "labels", language))),
        "",
    )
    if not title:
        raise _Unusable("no label in English, Korean, Russian or Chinese")
    claims = _object(entity.get("claims"))
    point = _best(claims, POINT_IN_TIME)
    start, end = _best(claims, START_TIME), _best(claims, END_TIME)
    if point is not None:
        date, calendar = _edtf(point)
    elif start is not None or end is not None:
        (left, left_calendar) = _edtf(start) if start is not None else ("", None)
        (right, right_calendar) = _edtf(end) if end is not None else ("", None)
        calendars = {c for c in (left_calendar, right_calendar) if c is not None}
        if len(calendars) > 1:
            raise _Unusable("start and end are in different calendars")
        date, calendar = f"{left}/{right}", calendars.pop()
    else:
        raise _Unusable("no date (P585, or P580/P582)")
    entity_url = f"https://www.wikidata.org/wiki/{qid}"
    citations = [_citation(f"{title} (Wikidata {qid})", entity_url, "Wikidata")]
    article = _object(_object(entity.get("sitelinks")).get("enwiki")).get("title")
    if isinstance(article, str) and article:
        url = "https://en.wikipedia.org/wiki/" + quote(article.replace(" ", "_"), safe="(),'_:")
        citations.append(_citation(article, url, "Wikipedia"))
    return {
        "external_id": qid,
        "title": title,
        "summary": _english(entity, "descriptions"),
        "translations": _translations(entity),
        "date": date,
        "calendar": calendar.value,
        "citations": citations,
    }


def _citation(title: str, url: str, publisher: str) -> dict[str, Any]:
    return {"source": {"title": title, "url": url, "publisher": publisher, "kind": "reference"}}


def _object(value: Any) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one: a dump's entity may hold a
    list, a string or null where an object belongs, and one such entity must not stop
    the import."""
    return value if isinstance(value, dict) else {}


# Wikidata's language codes for each of Annals' languages, in the order they are taken.
LANGUAGE_CODES = {
    "en": ("en", "mul"),
    "ko": ("ko", "mul"),
    "ru": ("ru", "mul"),
    "zh-hans": ("zh-hans", "zh-cn", "zh", "mul"),
}
TRANSLATED = ("ko", "ru", "zh-hans")


def _in_language(entity: dict[str, Any], key: str, language: str) -> str:
    """The entity's label or description (`key`) in one of Annals' languages, "" if none."""
    found = _object(entity.get(key))
    for code in LANGUAGE_CODES[language]:
        value = _object(found.get(code)).get("value")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _english(entity: dict[str, Any], key: str) -> str:
    return _in_language(entity, key, "en")


def _translations(entity: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Labels and descriptions in Korean, Russian and Chinese, as an event's translations
    (events.translated), leaving out what only repeats the English (the "mul" label)."""
    found = {}
    for language in TRANSLATED:
        fields = {
            "title": _in_language(entity, "labels", language)[:300],
            "summary": _in_language(entity, "descriptions", language)[:5000],
        }
        english = {"title": _english(entity, "labels"), "summary": _english(entity, "descriptions")}
        kept = {k: v for k, v in fields.items() if v and v != english[k]}
        if kept:
            found[language] = kept
    return found


def _best(claims: dict[str, Any], prop: str) -> dict[str, Any] | None:
    """The time value of the best-ranked statement of `prop` that has one."""
    found = claims.get(prop)
    statements = [
        s
        for s in (found if isinstance(found, list) else [])
        if isinstance(s, dict) and s.get("rank") != "deprecated"
    ]
    statements.sort(key=lambda s: s.get("rank") != "preferred")  # stable: preferred first
    for statement in statements:
        snak = _object(statement.get("mainsnak"))
        value = _object(snak.get("datavalue")).get("value")
        if snak.get("snaktype") == "value" and isinstance(value, dict) and "time" in value:
            return value
    return None


def _edtf(value: dict[str, Any]) -> tuple[str, Calendar]:
    """A Wikidata time value as EDTF text and the calendar it is written in."""
    model = value.get("calendarmodel")
    if not isinstance(model, str) or model not in CALENDAR_MODELS:
        shown = model[:80] if isinstance(model, str) else type(model).__name__
        raise _Unusable(f"calendar model {shown} is neither Gregorian nor Julian")
    text, precision = value.get("time"), value.get("precision")
    match = _TIME.fullmatch(text) if isinstance(text, str) and len(text) <= 40 else None
    if match is None:
        shown = repr(text[:40]) if isinstance(text, str) else type(text).__name__
        raise _Unusable(f"time {shown} is not +YYYY-MM-DDT00:00:00Z")
    sign = match["sign"] == "-"
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if not isinstance(precision, int) or precision < CENTURY:
        raise _Unusable(f"precision {precision} is coarser than a century")
    if year == 0:
        raise _Unusable("year 0 does not exist in Wikidata's numbering")
    # No year 0 in Wikidata's JSON: 44 BC is -0044; EDTF counts astronomically (-0043).
    astronomical = -(year - 1) if sign else year
    digits = f"{'-' if astronomical < 0 else ''}{abs(astronomical):04d}"
    if precision >= DAY:
        if not (month and day):
            raise _Unusable(f"time {text!r} has day precision but no month or day")
        return f"{digits}-{month:02d}-{day:02d}", CALENDAR_MODELS[model]
    if precision == MONTH:
        if not month:
            raise _Unusable(f"time {text!r} has month precision but no month")
        return f"{digits}-{month:02d}", CALENDAR_MODELS[model]
    if precision == YEAR:
        return digits, CALENDAR_MODELS[model]
    if precision == DECADE:
        return digits[:-1] + "X", CALENDAR_MODELS[model]
    # A century: Wikidata's Nth century runs (N-1)*100+1 to N*100 and is written with a
    # year inside it; EDTF's nearest is the hundred years (N-1)00 to (N-1)99.
    if astronomical > 0:
        hundreds = (astronomical - 1) // 100
        return f"{hundreds:02d}XX", CALENDAR_MODELS[model]
    return digits[:-2] + "XX", CALENDAR_MODELS[model]
