"""The engine's anniversaries kept in another calendar (Event.observed): Julian, Korean
lunar, Hebrew and Hijri, against published days (Chuseok, 15 Nisan, 1 Ramadan)."""

from datetime import date

from chronology.calendars import Observed
from chronology.dates import parse_edtf
from chronology.recurrence import Feb29Policy, Milestones, anniversaries_between
from tests.observances import CHUSEOK, days


def test_hastings_as_written_gregorian_and_julian():
    year = (date(2026, 1, 1), date(2026, 12, 31))
    assert days("1066-10-14", "as-written", *year, calendar="julian") == [(960, date(2026, 10, 14))]
    assert days("1066-10-14", "gregorian", *year, calendar="julian") == [(960, date(2026, 10, 20))]
    # The Julian 14 October, in 2026's Gregorian calendar (13 days on).
    assert days("1066-10-14", "julian", *year, calendar="julian") == [(960, date(2026, 10, 27))]


def test_orthodox_christmas_crosses_into_the_next_gregorian_year():
    january = (date(2027, 1, 1), date(2027, 1, 31))
    assert days("1917-12-25", "julian", *january, calendar="julian") == [(109, date(2027, 1, 7))]


def test_a_korean_lunar_anniversary_falls_on_chuseok_each_year():
    found = days("2000-09-12", "korean-lunar", date(2023, 1, 1), date(2028, 12, 31))
    assert found == [(years, day) for years, day in zip(range(23, 29), CHUSEOK, strict=True)]


def test_pesach_and_ramadan_in_their_calendars():
    assert days("2000-04-20", "hebrew", date(2024, 1, 1), date(2026, 12, 31)) == [
        (24, date(2024, 4, 23)),
        (25, date(2025, 4, 13)),
        (26, date(2026, 4, 2)),
    ]
    assert days("2000-11-27", "islamic", date(2024, 1, 1), date(2026, 12, 31)) == [
        (24, date(2024, 3, 11)),
        (25, date(2025, 3, 1)),
        (26, date(2026, 2, 18)),
    ]


def test_a_hijri_anniversary_can_fall_twice_in_one_gregorian_year_counted_in_hijri_years():
    assert days("2000-11-27", "islamic", date(2030, 1, 1), date(2030, 12, 31)) == [
        (30, date(2030, 1, 5)),
        (31, date(2030, 12, 26)),
    ]


def test_the_label_names_the_calendar_that_keeps_it():
    [found] = anniversaries_between(
        parse_edtf("2000-09-12"),
        date(2025, 10, 6),
        date(2025, 10, 6),
        Feb29Policy.FEB28,
        Milestones(),
        Observed.KOREAN_LUNAR,
    )
    assert found.label == "25th anniversary (Korean lunar calendar)"
    assert found.milestone
