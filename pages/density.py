"""The density strip of a timeline page: how many events fall in each period, as bars of
an SVG drawn by the server. Pure functions over year counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from chronology.dates import display_year

ZOOMS = {"century": 100, "decade": 10, "year": 1}
MAX_BARS = 120


@dataclass(frozen=True)
class Bar:
    start: int  # first astronomical year of the period
    count: int
    label: str
    x: float
    y: float
    width: float
    height: float


def period_start(year: int, zoom: str) -> int:
    size = ZOOMS[zoom]
    return year // size * size  # floor division: -43 is in the period starting -100


def period_label(start: int, zoom: str) -> str:
    size = ZOOMS[zoom]
    if size == 1:
        return display_year(start)
    if start >= 1000 and not (size == 10 and start % 100 == 0):
        return f"{start}s"
    return f"{display_year(start)} – {display_year(start + size - 1)}"


def bars(
    year_counts: Iterable[tuple[int, int]],
    zoom: str,
    *,
    around: int | None = None,
    width: float = 1000,
    height: float = 60,
) -> list[Bar]:
    """Bars for the non-empty periods, at most MAX_BARS (those nearest `around`)."""
    counts: Counter[int] = Counter()
    for year, count in year_counts:
        counts[period_start(year, zoom)] += count
    starts = sorted(counts)
    if len(starts) > MAX_BARS:
        centre = around if around is not None else starts[0]
        nearest = sorted(starts, key=lambda s: abs(s - period_start(centre, zoom)))[:MAX_BARS]
        starts = sorted(nearest)
    if not starts:
        return []
    tallest = max(counts[s] for s in starts)
    slot = width / len(starts)
    result = []
    for i, start in enumerate(starts):
        bar_height = max(height * counts[start] / tallest, 2)
        result.append(
            Bar(
                start=start,
                count=counts[start],
                label=period_label(start, zoom),
                x=i * slot,
                y=height - bar_height,
                width=max(slot - 1, 1),
                height=bar_height,
            )
        )
    return result
