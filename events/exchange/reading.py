"""Reading import files: CSV and JSON Lines in the exchange format, and TimelineJS
documents, as (line, row) pairs, one at a time (a file is never read whole), a row that
cannot be read being a RowError naming its line, field and problem."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from events.exchange.export import FORMULA, NESTED


@dataclass
class RowError:
    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.problem}"


class Refused(Exception):
    """A value the import refuses: the column and the problem."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem


def read_rows(path: Path, fmt: str) -> Iterator[tuple[int, dict | RowError]]:
    """(line number, row) pairs, one at a time; a row that cannot be read is a RowError,
    and a file that is not UTF-8 text (or not CSV at all) ends with one."""
    line = 0
    try:
        for line, row in _rows_of(path, fmt):
            yield line, row
    except UnicodeDecodeError:
        yield line + 1, RowError(line + 1, "(file)", "not UTF-8 text from here on")
    except csv.Error as exc:
        yield line + 1, RowError(line + 1, "(file)", f"not CSV from here on: {exc}")


def _rows_of(path: Path, fmt: str) -> Iterator[tuple[int, dict | RowError]]:
    if fmt == "csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = {"title", "date"} - set(reader.fieldnames or [])
            if missing:
                yield 1, RowError(1, ", ".join(sorted(missing)), "column missing")
                return
            for row in reader:
                line = reader.line_num
                try:
                    yield line, {k: _cell(k, v) for k, v in row.items() if k is not None}
                except Refused as bad:
                    yield line, RowError(line, bad.field, bad.problem)
    elif fmt == "jsonl":
        with open(path, encoding="utf-8") as handle:
            for line, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                try:
                    row = json.loads(text)
                except json.JSONDecodeError as exc:
                    yield line, RowError(line, "(row)", f"not JSON: {exc.msg}")
                    continue
                yield (
                    line,
                    row
                    if isinstance(row, dict)
                    else RowError(line, "(row)", "each line must be a JSON object"),
                )
    elif fmt == "timelinejs":
        # A TimelineJS file is one JSON document (a timeline, not a data dump).
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for number, slide in enumerate(data.get("events", []), start=1):
            yield number, _from_slide(slide)
    else:
        raise ValueError(f"unknown format {fmt!r}: use csv, jsonl or timelinejs")


def _cell(key: str, value: str | None) -> Any:
    value = _unneutralized(value) if value else value
    if key in NESTED and value:
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise Refused(key, f"not JSON: {exc.msg}") from exc
    return value if value is not None else ""


def _from_slide(slide: dict) -> dict:
    """A TimelineJS slide as a row: its date parts become EDTF."""

    def edtf(part: dict | None) -> str:
        if not part or "year" not in part:
            return ""
        year = int(part["year"])
        text = f"-{abs(year):04d}" if year < 0 else f"{year:04d}"
        if part.get("month"):
            text += f"-{int(part['month']):02d}"
            if part.get("day"):
                text += f"-{int(part['day']):02d}"
        return text

    start, end = edtf(slide.get("start_date")), edtf(slide.get("end_date"))
    text = slide.get("text") or {}
    return {
        "external_id": slide.get("unique_id") or "",
        "title": _plain(text.get("headline", "")),
        "summary": _plain(text.get("text", "")),
        "date": f"{start}/{end}" if start and end else start,
        "kind": "other",
    }


def _plain(html: str) -> str:
    import nh3

    return nh3.clean(html or "", tags=set()).strip()


def _unneutralized(value: str) -> str:
    """A CSV cell as it was before the export kept a spreadsheet from running it."""
    return value[1:] if value.startswith("'") and FORMULA.match(value[1:]) else value
