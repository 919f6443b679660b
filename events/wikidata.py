"""Events from Wikidata's JSON dumps: one entity per line, as rows for events.exchange.

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

The English label is the title and the English description the summary; the entity's
page and its English Wikipedia article are the cited sources.
"""

from __future__ import annotations

import bz2
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from events.dates import Calendar

CALENDAR_MODELS = {
    "http://www.wikidata.org/entity/Q1985727": Calendar.GREGORIAN,
    "http://www.wikidata.org/entity/Q1985786": Calendar.JULIAN,
}
POINT_IN_TIME, START_TIME, END_TIME = "P585", "P580", "P582"
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


def read_dump(path: Path) -> Iterator[tuple[int, dict[str, Any] | Skipped]]:
    """(line, import row) for each entity with a usable date, or (line, Skipped)."""
    with _open(path) as handle:
        for line, text in enumerate(handle, start=1):
            # The dump is one JSON array: "[", then an entity per line, each but the
            # last followed by a comma, then "]". JSON Lines is the same without those.
            text = text.strip().rstrip(",")
            if text in ("", "[", "]"):
                continue
            try:
                entity = json.loads(text)
            except json.JSONDecodeError as exc:
                yield line, Skipped(line, "", f"not JSON: {exc.msg}")
                continue
            if not isinstance(entity, dict):
                yield line, Skipped(line, "", "not a JSON object")
                continue
            try:
                yield line, entity_row(entity)
            except _Unusable as exc:
                yield line, Skipped(line, str(entity.get("id") or ""), str(exc))


def entity_row(entity: dict[str, Any]) -> dict[str, Any]:
    """The import row (events.exchange.COLUMNS) of one entity; _Unusable says why not."""
    qid = entity.get("id")
    if not isinstance(qid, str) or not qid.startswith("Q"):
        raise _Unusable("not an item (no Q id)")
    title = _english(entity, "labels")
    if not title:
        raise _Unusable("no English label")
    claims = entity.get("claims") or {}
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
    article = ((entity.get("sitelinks") or {}).get("enwiki") or {}).get("title")
    if article:
        url = "https://en.wikipedia.org/wiki/" + quote(article.replace(" ", "_"), safe="(),'_:")
        citations.append(_citation(article, url, "Wikipedia"))
    return {
        "external_id": qid,
        "title": title[:300],
        "summary": _english(entity, "descriptions"),
        "date": date,
        "calendar": calendar.value,
        "citations": citations,
    }


def _citation(title: str, url: str, publisher: str) -> dict[str, Any]:
    return {"source": {"title": title, "url": url, "publisher": publisher, "kind": "reference"}}


def _english(entity: dict[str, Any], key: str) -> str:
    value = ((entity.get(key) or {}).get("en") or {}).get("value")
    return value.strip() if isinstance(value, str) else ""


def _best(claims: dict[str, Any], prop: str) -> dict[str, Any] | None:
    """The time value of the best-ranked statement of `prop` that has one."""
    statements = [s for s in claims.get(prop) or [] if s.get("rank") != "deprecated"]
    statements.sort(key=lambda s: s.get("rank") != "preferred")  # stable: preferred first
    for statement in statements:
        snak = statement.get("mainsnak") or {}
        value = (snak.get("datavalue") or {}).get("value")
        if snak.get("snaktype") == "value" and isinstance(value, dict) and "time" in value:
            return value
    return None


def _edtf(value: dict[str, Any]) -> tuple[str, Calendar]:
    """A Wikidata time value as EDTF text and the calendar it is written in."""
    model = value.get("calendarmodel")
    if model not in CALENDAR_MODELS:
        raise _Unusable(f"calendar model {model} is neither Gregorian nor Julian")
    text, precision = str(value.get("time", "")), value.get("precision")
    sign = "-" if text.startswith("-") else ""
    try:
        year_text, month_text, rest = text.lstrip("+-").split("-", 2)
        year, month, day = int(year_text), int(month_text), int(rest[:2])
    except ValueError:
        raise _Unusable(f"time {text!r} is not +YYYY-MM-DDT00:00:00Z") from None
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
