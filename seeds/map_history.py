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
import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify
from sentencex import segment

from chronology.dates import MONTH_NAMES
from events import gazetteer
from events.gazetteer import Named

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


def _place(latitude: float, longitude: float, named: Named | None = None) -> dict:
    """A place row for a point. A point in a town is that town, one place for all its
    events (its slug from the town's name and country, its coordinates the town's);
    any other point is a place of its own, its slug from its coordinates, named by how
    far it is from the nearest town (or by the coordinates, when none was looked up)."""
    if named is not None and named.in_town and (slug := _town_slug(named)):
        return {
            "place": slug,
            "place_name": named.town.name,
            "place_country": named.country,
            "latitude": f"{named.town.latitude:.6f}",
            "longitude": f"{named.town.longitude:.6f}",
        }
    ns, ew = ("N" if latitude >= 0 else "S"), ("E" if longitude >= 0 else "W")
    return {
        "place": f"map-{latitude:.2f}-{longitude:.2f}".replace(".", "-"),
        "place_name": named.name
        if named
        else f"{abs(latitude):.2f}° {ns}, {abs(longitude):.2f}° {ew}",
        "place_country": named.country if named else "",
        "latitude": f"{latitude:.6f}",
        "longitude": f"{longitude:.6f}",
    }


def _town_slug(named: Named) -> str:
    """ "paris-fr"; towns of one name in one country are told apart by where they are
    ("springfield-us-39-80-n-89-64-w"); "" for a name with no Latin letters."""
    town = named.town
    base = slugify(f"{town.name} {town.country_code}")
    if not base or base == slugify(town.country_code):
        return ""
    if _TOWNS.setdefault(base, (town.latitude, town.longitude)) == (town.latitude, town.longitude):
        return base
    ns, ew = ("n" if town.latitude >= 0 else "s"), ("e" if town.longitude >= 0 else "w")
    return slugify(f"{base} {abs(town.latitude):.2f} {ns} {abs(town.longitude):.2f} {ew}")


# The town each town slug was first given to, in this process (the corpus is read in one
# order, the most populous towns first, so that a name keeps its best-known town).
_TOWNS: dict[str, tuple[float, float]] = {}


def _place_label(row: dict) -> str:
    return ", ".join(part for part in (row["place_name"], row["place_country"]) if part)


# A sentence splitter ends a sentence after "U.S." or "Jr." when a capital follows, as in
# "The U.S. Ninth Army" or "then-U.S. president-elect": a title never ends on one of these.
# (A lone I, V or X before the full stop is a regnal number: "Elizabeth I." ends a sentence.)
_ABBREVIATION = re.compile(
    r"(?:^|[\s(\-–])(?:(?![IVX]\.$)(?:[A-Z]\.){1,3}|St|Mt|Ft|Jr|Sr|Dr|Mr|Mrs|Ms|Lt|Gen|"
    r"Col|Capt|Sgt|Gov|Sen|Rep|Rev|Prof|No|Nos|Co|Corp|Inc|Ltd|vs|etc|approx|ca|c)\.?$"
)
TITLE_LENGTH = 120


def _title(description: str) -> str:
    """The description's first sentence (never cut after an abbreviation), within
    TITLE_LENGTH characters; a longer one ends at a word, with an ellipsis."""
    text = description.strip()
    # Where each sentence ends in the text itself, so that a title joined across a false
    # boundary keeps the text as written ("U.S.", not "U. S.").
    ends, position = [], 0
    for sentence in (s.strip() for s in segment("en", text)):
        if not sentence:
            continue
        found = text.find(sentence, position)
        if found < 0:
            break
        position = found + len(sentence)
        ends.append(position)
    end = ends[0] if ends else len(text)
    for following in ends[1:]:
        if not _ABBREVIATION.search(text[:end]):
            break
        end = following
    title = text[:end]
    title = title.rstrip(".") if not _ABBREVIATION.search(title) else title
    if len(title) <= TITLE_LENGTH:
        return title
    words = title[: TITLE_LENGTH - 1].rsplit(" ", 1)[0]
    while _ABBREVIATION.search(words) or words.endswith((",", ";", ":", "–", "-")):
        words = words.rsplit(" ", 1)[0].rstrip(",;:–- ")
    return words + "…"


def corpus_rows(folder: Path = DEFAULT_PATH) -> Iterator[tuple[int, dict]]:
    """(sequence number, import row) for each distinct event of the corpus, its places
    named by the gazetteer (looked up once for every point)."""
    groups: dict[tuple, dict] = {}
    for path in sorted(folder.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            key = (item["year"], item["month"], item["day"], item["description"].strip())
            group = groups.setdefault(key, {"file": path.name, "locations": []})
            location = (item.get("latitude"), item.get("longitude"))
            if None not in location and location not in group["locations"]:
                group["locations"].append(location)
    points = list(dict.fromkeys(loc for group in groups.values() for loc in group["locations"]))
    names = dict(zip(points, gazetteer.name_points(points), strict=True))
    # The most populous towns claim their plain slugs first ("paris-fr" is Paris, France).
    for named in sorted(names.values(), key=lambda n: (-n.town.population, n.town.name)):
        if named.in_town:
            _town_slug(named)
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
            places = [_place(lat, lon, names[(lat, lon)]) for lat, lon in locations]
            row |= places[0]
            if len(places) > 1:
                row["body"] = "Also located at: " + "; ".join(map(_place_label, places[1:])) + "."
        yield number, row


def name_places(rows: dict[str, dict]) -> int:
    """Give the corpus's places the gazetteer's names where they still have others (a
    database loaded before places were named): the import finds existing places by slug
    and, rightly, leaves them as they are. Returns how many were renamed."""
    from events.models import Place, place_key

    renamed = []
    for place in Place.objects.filter(slug__in=list(rows)):
        row = rows[place.slug]
        if (place.name, place.country) != (row["place_name"], row["place_country"]):
            place.name, place.country = row["place_name"], row["place_country"]
            place.search_key = place_key(place.name, place.country)
            renamed.append(place)
    Place.objects.bulk_update(renamed, ["name", "country", "search_key"], batch_size=500)
    return len(renamed)


def drop_unused_places() -> int:
    """Delete the corpus's own places (coordinate slugs, "map-…") that no event names any
    more (an earlier load placed events at points that are now their town), unless a
    subscription follows one. Returns how many went."""
    from django.apps import apps

    from events.models import Place

    Subscription = apps.get_model("reminders", "Subscription")
    followed = Subscription.objects.filter(target_place__isnull=False).values("target_place")
    unused = Place.objects.filter(slug__startswith="map-", events__isnull=True).exclude(
        pk__in=followed
    )
    return unused.delete()[0]
