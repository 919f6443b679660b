"""Names for bare coordinates: the nearest known place, from an offline gazetteer.

The gazetteer is GeoNames' towns of at least 15,000 people as reverse_geocode packs them
(read from its own file, never downloaded), searched with its k-d tree. GeoNames counts
city districts as towns of their own ("Mitte", "Shaw", "Financial District"), so of the
towns within IN_TOWN_KM the most populous names the point (Berlin, Washington, New York
City); farther out, the nearest. Country names are CLDR's (Babel), which say "North
Korea" where ISO's list says "Korea, Democratic People's Republic of". How far the point
lies from the town decides how it is named: in it, near it, or so many kilometres from
it (a point at sea is named by the nearest coast town and its distance, not given a
country it is not in).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from babel import Locale

# Towns of at least this many people: well-known enough to name a place by.
MIN_POPULATION = 15_000
IN_TOWN_KM = 15  # "Paris, France"
NEAR_TOWN_KM = 150  # "near Suzu, Japan"; beyond: "420 km from Takoradi, Ghana"
EARTH_RADIUS_KM = 6371.0
CANDIDATES = 256  # the nearest towns the most populous is chosen from (Paris has
# twenty arrondissements, and a hundred suburbs, nearer its points than its own centre)


@dataclass(frozen=True)
class Town:
    name: str
    country_code: str
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True)
class Named:
    name: str  # "Paris", "near Suzu", "420 km from Takoradi, Ghana"
    country: str  # "France"; "" when far from any town (at sea)
    town: Town
    km: float

    @property
    def in_town(self) -> bool:
        return self.km <= IN_TOWN_KM


@cache
def _gazetteer():
    from reverse_geocode import GeocodeData

    return GeocodeData(min_population=MIN_POPULATION)


@cache
def _countries() -> dict[str, str]:
    return dict(Locale("en").territories)


def kilometres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def name_points(points: Iterable[tuple[float, float]]) -> list[Named]:
    """The name of each (latitude, longitude) point, in their order (one search for all)."""
    points = list(points)
    if not points:
        return []
    gazetteer = _gazetteer()
    # reverse_geocode answers with the nearest town only; its tree and towns (pinned
    # version; tests/seeds/test_map_history.py) give the few nearest to choose from.
    degrees, nearest = gazetteer._tree.query(points, k=CANDIDATES)
    countries = _countries()
    named = []
    for point, reach, indexes in zip(points, degrees, nearest, strict=True):
        # Only towns within half a degree (at least 15 km east or west up to 72° N or S)
        # can be within IN_TOWN_KM; the nearest is kept in any case.
        towns = [gazetteer._locations[i] for d, i in zip(reach, indexes, strict=True) if d < 0.5]
        towns = towns or [gazetteer._locations[indexes[0]]]
        distances = [kilometres(point, (t["latitude"], t["longitude"])) for t in towns]
        close = [
            (town["population"], -km, town)
            for town, km in zip(towns, distances, strict=True)
            if km <= IN_TOWN_KM
        ]
        town = max(close, key=lambda c: c[:2])[2] if close else towns[0]
        km = kilometres(point, (town["latitude"], town["longitude"]))
        country = countries.get(town["country_code"], town.get("country", ""))
        if km <= IN_TOWN_KM:
            name = town["city"]
        elif km <= NEAR_TOWN_KM:
            name = f"near {town['city']}"
        else:  # at sea, or far from any town: not "in" the town's country
            name, country = f"{round(km, -1):,.0f} km from {town['city']}, {country}", ""
        found = Town(
            town["city"],
            town["country_code"],
            town["latitude"],
            town["longitude"],
            town["population"],
        )
        named.append(Named(name=name, country=country, town=found, km=km))
    return named
