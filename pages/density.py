"""The density strip of a timeline page: how many events fall in each period, as bars of
an SVG drawn by the server. Pure functions over year counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from chronology import wording

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


def period_label(start: int, zoom: str, language: str = "en") -> str:
    """A period in `language`: 1953, 1950s (1950년대, 1950-е, 1950年代), 1900 – 1999."""
    size = ZOOMS[zoom]
    if size == 1:
        return wording.year_words(start, language)
    if start >= 1000 and not (size == 10 and start % 100 == 0):
        return _decade(start, language)
    first = wording.year_words(start, language)
    return f"{first} – {wording.year_words(start + size - 1, language)}"


def _decade(start: int, language: str) -> str:
    if wording.language_of(language) == "en":
        return f"{start}s"
    return wording.PHRASES[wording.language_of(language)]["decade"].format(year=start)


def bars(
    year_counts: Iterable[tuple[int, int]],
    zoom: str,
    *,
    around: int | None = None,
    language: str = "en",
    width: float = 1000,
    height: float = 60,
) -> list[Bar]:
    """A bar for every period from the first event's to the last's, empty ones included
    (so that the strip's width is time), at most MAX_BARS of them (those nearest
    `around`)."""
    counts: Counter[int] = Counter()
    for year, count in year_counts:
        counts[period_start(year, zoom)] += count
    if not counts:
        return []
    size = ZOOMS[zoom]
    first, last = min(counts), max(counts)
    periods = (last - first) // size + 1
    if periods > MAX_BARS:
        centre = period_start(around if around is not None else first, zoom)
        first = min(max(first, centre - MAX_BARS // 2 * size), last - (MAX_BARS - 1) * size)
        periods = MAX_BARS
    starts = [first + i * size for i in range(periods)]
    tallest = max(counts[s] for s in starts) or 1
    slot = width / len(starts)
    result = []
    for i, start in enumerate(starts):
        count = counts[start]
        bar_height = max(height * count / tallest, 2) if count else 0
        result.append(
            Bar(
                start=start,
                count=count,
                label=period_label(start, zoom, language),
                x=i * slot,
                y=height - bar_height,
                width=max(slot - 1, 1),
                height=bar_height,
            )
        )
    return result


@dataclass(frozen=True)
class Tick:
    label: str
    percent: float  # from the strip's left edge, to its middle of the period


def axis(strip: list[Bar], zoom: str, *, most: int = 8, language: str = "en") -> list[Tick]:
    """Labels under the strip: at most `most`, every 1, 2 or 5 × 10ⁿ periods from the
    first, so that a reader can tell when each bar is."""
    if not strip:
        return []
    step = 1
    while len(strip) / step > most:
        step = next(s for s in _round_steps() if s > step)
    slot = 100 / len(strip)
    return [
        Tick(axis_label(bar.start, zoom, language), round((i + 0.5) * slot, 2))
        for i, bar in enumerate(strip)
        if i % step == 0
    ]


def _round_steps() -> Iterator[int]:
    scale = 1
    while True:
        for n in (1, 2, 5):
            yield n * scale
        scale *= 10


def axis_label(start: int, zoom: str, language: str = "en") -> str:
    """Shorter than period_label: "1950s", "1900s", "44 BC"."""
    size = ZOOMS[zoom]
    if size == 1 or start < 1:
        if size == 1:
            return wording.year_words(start, language)
        return period_label(start, zoom, language).split(" – ")[0]
    return _decade(start, language)
