"""Events as GeoJSON (RFC 7946): one Feature a event, at its place's point, longitude
first, at most six decimals (as the place keeps them), and no `crs` member; an event with
no place, or a place without coordinates, has a null geometry."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from chronology import dates
from events import translated

# What a feature reads of each event and its place (a .values() row).
COLUMNS = (
    "id",
    "slug",
    "title",
    "date",
    "calendar",
    "earliest_day",
    "latest_day",
    "sort_day",
    "start_year",
    "place__slug",
    "place__name",
    "place__country",
    "place__latitude",
    "place__longitude",
    "translations",
    "place__translations",
)


def point(latitude: Decimal | float | None, longitude: Decimal | float | None) -> dict | None:
    """A GeoJSON Point ([longitude, latitude], six decimals), or None without both."""
    if latitude is None or longitude is None:
        return None
    return {"type": "Point", "coordinates": [round(float(longitude), 6), round(float(latitude), 6)]}


def place_label(name: str | None, country: str | None, translations=None) -> str | None:
    """A place and its country, in the current language where they are given in it."""
    if not name:
        return None
    return translated.place_words({"name": name, "country": country, "translations": translations})


def feature(row: dict[str, Any], url: str) -> dict:
    """One event (a row of COLUMNS) as a Feature; `url` is its page."""
    value = dates.parse_edtf(row["date"], row["calendar"])
    return {
        "type": "Feature",
        "id": row["slug"],
        "geometry": point(row["place__latitude"], row["place__longitude"]),
        "properties": {
            "slug": row["slug"],
            "title": translated.shown(row, "title", translated.current()).text,
            "date": row["date"],
            "date_display": translated.date_words(value),
            "earliest": _day(row["earliest_day"]),
            "latest": _day(row["latest_day"]),
            "year": row["start_year"],
            "url": url,
            "place": place_label(
                row["place__name"], row["place__country"], row["place__translations"]
            ),
            "place_slug": row["place__slug"],
        },
    }


def _day(day: int | None) -> str | None:
    return dates.iso_day(day) if day is not None else None


def collection(features: Iterable[dict], *, next_url: str | None, cap: int) -> dict:
    """A FeatureCollection; its foreign members say whether it was cut, and where the
    rest begins (RFC 7946 §6.1 allows members of one's own)."""
    features = list(features)
    return {
        "type": "FeatureCollection",
        "features": features,
        "numberReturned": len(features),
        "cap": cap,
        "next": next_url,
        "note": (
            f"The first {len(features):,} events only: follow `next` for the rest, or narrow "
            "the filters."
            if next_url
            else None
        ),
    }
