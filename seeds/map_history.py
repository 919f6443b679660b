"""The map-history corpus (Wikipedia "on this day" events, ../shared/data/map-history) as
import rows: one event per distinct event, its locations kept as places.

Rows repeat once per location; they are grouped by (year, month, day, description).
Years are astronomical (-43 is 44 BC). Credit: the events come from Wikipedia (CC BY-SA)
through the public repository ayaankazerouni/map-history (GPL-3.0); every imported
event cites that source, and the site footer credits it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from chronology.dates import MONTH_NAMES

DEFAULT_PATH = Path(settings.BASE_DIR).parent / "shared" / "data" / "map-history"
SOURCE = {
    "title": "Wikipedia “On this day” events, via map-history",
    "url": "https://github.com/ayaankazerouni/map-history",
    "publisher": "Wikipedia contributors (CC BY-SA); map-history (GPL-3.0)",
    "kind": "dataset",
    "language": "en",
}
TAG = "map-history"
_MONTHS = {name: number for number, name in enumerate(MONTH_NAMES) if name}


def _place(latitude: float, longitude: float) -> dict:
    ns, ew = ("N" if latitude >= 0 else "S"), ("E" if longitude >= 0 else "W")
    return {
        "place": f"map-{latitude:.2f}-{longitude:.2f}".replace(".", "-"),
        "place_name": f"{abs(latitude):.2f}° {ns}, {abs(longitude):.2f}° {ew}",
        "latitude": f"{latitude:.6f}",
        "longitude": f"{longitude:.6f}",
    }


def _title(description: str) -> str:
    first = description.split(". ")[0].rstrip(".")
    if len(first) <= 120:
        return first
    return first[:117].rsplit(" ", 1)[0] + "…"


def corpus_rows(folder: Path = DEFAULT_PATH) -> Iterator[tuple[int, dict]]:
    """(sequence number, import row) for each distinct event of the corpus."""
    groups: dict[tuple, dict] = {}
    for path in sorted(folder.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            key = (item["year"], item["month"], item["day"], item["description"].strip())
            group = groups.setdefault(key, {"file": path.name, "locations": []})
            location = (item.get("latitude"), item.get("longitude"))
            if None not in location and location not in group["locations"]:
                group["locations"].append(location)
    for number, ((year, month, day, description), group) in enumerate(groups.items(), 1):
        month_number = _MONTHS.get(month, 0)
        sign = "-" if year < 0 else ""
        locations = group["locations"]
        row = {
            "external_id": "map-history:"
            + hashlib.sha1(
                f"{year}|{month}|{day}|{description}".encode(),
                usedforsecurity=False,
            ).hexdigest()[:16],
            "title": _title(description),
            "summary": description,
            "date": f"{sign}{abs(year):04d}-{month_number:02d}-{int(day):02d}",
            "kind": "other",
            "status": "published",
            "tags": [TAG],
            "citations": [
                {
                    "source": SOURCE,
                    "quote": "",
                    "locator": f"src/data/events-by-month/{group['file']}",
                }
            ],
        }
        if locations:
            row |= _place(*locations[0])
            if len(locations) > 1:
                row["body"] = (
                    "Also located at: "
                    + "; ".join(_place(*loc)["place_name"] for loc in locations[1:])
                    + "."
                )
        yield number, row
