"""Maps drawn on the server, as SVG: the land outline Annals ships (Natural Earth's
110 m land, public domain: static/annals/land-110m.geojson, made by
scripts/vendor-static), so that a map needs no network, in the plate carrée projection
(x from longitude, y from latitude); and over it a page's places (one circle a place, its
area by how many events happened there) or one place on a small map. What a reader
without JavaScript sees on the map page, and what the event page and the admin show."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

WIDTH, HEIGHT = 1000.0, 500.0  # 360° by 180°


def land_file() -> Path:
    return Path(settings.BASE_DIR) / "static" / "annals" / "land-110m.geojson"


def x_of(longitude: float) -> float:
    return (longitude + 180.0) / 360.0 * WIDTH


def y_of(latitude: float) -> float:
    return (90.0 - latitude) / 180.0 * HEIGHT


@cache
def land_path() -> str:
    """Every land ring as one SVG path (absolute moves and lines, one decimal)."""
    data = json.loads(land_file().read_text())
    parts: list[str] = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        for polygon in polygons:
            for ring in polygon:
                points = " ".join(f"{x_of(lon):.1f},{y_of(lat):.1f}" for lon, lat in ring)
                parts.append(f"M{points}Z")
    return "".join(parts)


@dataclass(frozen=True)
class Spot:
    """A place on a map: where, what it is called, and how many events it holds."""

    latitude: float
    longitude: float
    label: str
    count: int = 1
    url: str = ""


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Drawing:
    view_box: str
    land: str
    circles: list[Circle]
    scale: float  # viewBox units per screen pixel's worth, for strokes and radii


def world(spots: Iterable[Spot]) -> Drawing:
    """The whole world, with every spot."""
    spots = list(spots)
    largest = max((s.count for s in spots), default=1)
    return Drawing(
        view_box=f"0 0 {WIDTH:g} {HEIGHT:g}",
        land=land_path(),
        circles=[_circle(spot, largest, 1.0) for spot in spots],
        scale=1.0,
    )


def around(spot: Spot, *, degrees: float = 24.0) -> Drawing:
    """A small map of one spot: `degrees` of longitude wide, half that high, centred on
    it (shifted to stay on the map near the poles and the date line)."""
    width, height = x_of(degrees) - x_of(0), y_of(0) - y_of(degrees / 2)
    left = min(max(x_of(spot.longitude) - width / 2, 0), WIDTH - width)
    top = min(max(y_of(spot.latitude) - height / 2, 0), HEIGHT - height)
    scale = width / WIDTH
    return Drawing(
        view_box=f"{left:.1f} {top:.1f} {width:.1f} {height:.1f}",
        land=land_path(),
        circles=[_circle(spot, spot.count, scale, smallest=9.0)],
        scale=scale,
    )


def _circle(spot: Spot, largest: int, scale: float, smallest: float = 2.2) -> Circle:
    # Area, not radius, follows the count (a place with 100 events is not 10 times as
    # wide as one with 10); the smallest stays visible.
    radius = (smallest + 9.0 * math.sqrt(spot.count / largest)) * scale
    return Circle(
        cx=round(x_of(spot.longitude), 2),
        cy=round(y_of(spot.latitude), 2),
        r=round(radius, 2),
        label=spot.label,
        count=spot.count,
        url=spot.url,
    )
