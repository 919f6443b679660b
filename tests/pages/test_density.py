"""The density strip of a timeline page (pages/density.py): every period of the span,
empty ones included, and a labelled axis."""

from pages.density import axis, bars


def test_every_year_of_the_span_has_a_bar_empty_ones_included():
    strip = bars([(1950, 2), (1953, 5), (2020, 1), (2023, 4)], "year")
    assert [b.start for b in strip] == list(range(1950, 2024))
    assert [b.count for b in strip if b.count] == [2, 5, 1, 4]
    assert all(b.height == 0 for b in strip if not b.count)
    assert strip[3].height == 60  # the tallest fills the strip


def test_decades_and_centuries_before_year_one():
    decades = bars([(1950, 1), (2023, 1)], "decade")
    assert [b.start for b in decades] == list(range(1950, 2030, 10))
    # "2000s" could be the century: the decade says its years.
    assert (decades[0].label, decades[5].label) == ("1950s", "2000 – 2009")
    centuries = bars([(-500, 1), (1953, 1)], "century")
    assert centuries[0].start == -500 and centuries[-1].start == 1900 and len(centuries) == 25


def test_a_long_span_is_cut_to_the_bars_around_the_page():
    strip = bars([(y, 1) for y in range(-3000, 2000, 7)], "year", around=1000)
    assert len(strip) == 120 and strip[0].start <= 1000 <= strip[-1].start


def test_the_axis_labels_the_first_period_and_every_round_step():
    strip = bars([(1950, 2), (2023, 4)], "year")
    ticks = axis(strip, "year")
    assert [t.label for t in ticks] == [
        "1950",
        "1960",
        "1970",
        "1980",
        "1990",
        "2000",
        "2010",
        "2020",
    ]
    assert ticks[0].percent < 1 and 95 < ticks[-1].percent < 100
    decades = axis(bars([(1950, 1), (2023, 1)], "decade"), "decade")
    assert [t.label for t in decades] == [f"{y}s" for y in range(1950, 2030, 10)]
    assert [t.label for t in axis(bars([(-43, 1)], "year"), "year")] == ["44 BC"]
    assert axis([], "year") == []
