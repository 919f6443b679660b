"""The proximity histogram as SVG geometry, drawn by the server: a bar per signed day
from -30 to +30, the null model's expected count as a band (mean +- 2 standard
deviations) behind each bar, and the near window shaded. Plain numbers in and out; the
bars' labels in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, ngettext

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 40  # margins for the axes' labels


@dataclass(frozen=True)
class Bar:
    days: int
    events: int
    expected: float
    x: float
    width: float
    y: float
    height: float
    band_y: float  # the band: expected +- 2 sd, clipped at zero
    band_height: float
    mean_y: float

    @property
    def label(self) -> str:
        n = abs(self.days)
        if self.days == 0:
            when = gettext("on the day")
        elif self.days > 0:
            when = ngettext("%(n)s day after", "%(n)s days after", n) % {"n": n}
        else:
            when = ngettext("%(n)s day before", "%(n)s days before", n) % {"n": n}
        events = ngettext("%(n)s event", "%(n)s events", self.events) % {"n": self.events}
        expected = gettext("about %(expected)s expected") % {"expected": f"{self.expected:.1f}"}
        return f"{when}: {events}, {expected}"


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    window_x: float
    window_width: float
    ticks_x: list[tuple[float, str]]  # (x, label) along the day axis
    ticks_y: list[tuple[float, str]]  # (y, label) along the count axis
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    bottom_y: float = HEIGHT - BOTTOM


def _nice_top(value: float) -> int:
    """A round ceiling for the count axis (1, 2, 5 x 10^n)."""
    top = max(value, 1.0)
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= top:
                return step * factor
        step *= 10


def chart(rows: list[dict[str, Any]], window: int) -> Chart:
    """The geometry of the histogram rows (days, events, expected, expected_sd)."""
    count = len(rows)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_top(
        max([r["events"] for r in rows] + [r["expected"] + 2 * r["expected_sd"] for r in rows])
    )
    step = plot_width / count
    base = TOP + plot_height

    def y_of(value: float) -> float:
        return base - plot_height * min(value, top) / top

    bars = []
    for i, row in enumerate(rows):
        low = max(0.0, row["expected"] - 2 * row["expected_sd"])
        high = row["expected"] + 2 * row["expected_sd"]
        y = y_of(row["events"])
        bars.append(
            Bar(
                days=row["days"],
                events=row["events"],
                expected=row["expected"],
                x=LEFT + i * step + step * 0.15,
                width=step * 0.7,
                y=y,
                height=base - y,
                band_y=y_of(high),
                band_height=max(y_of(low) - y_of(high), 0.8),
                mean_y=y_of(row["expected"]),
            )
        )
    first = rows[0]["days"]
    window_x = LEFT + (-window - first) * step
    ticks_x = [
        (LEFT + (d - first) * step + step / 2, f"{d:+d}" if d else "0")
        for d in range(first, first + count)
        if d % 10 == 0
    ]
    ticks_y = [(y_of(v), str(v)) for v in sorted({0, top // 2, top})]
    return Chart(
        bars=bars,
        window_x=window_x,
        window_width=(2 * window + 1) * step,
        ticks_x=ticks_x,
        ticks_y=ticks_y,
    )
