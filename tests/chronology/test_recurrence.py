"""timeline/anniversaries.py: the pure engine. No database, no clock."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronology.dates import is_leap_year, parse_edtf
from chronology.recurrence import (
    Bound,
    Feb29Policy,
    Milestones,
    anniversaries_between,
    anniversary_in_year,
    label,
    next_anniversaries,
    ordinal,
    today_in,
    window_month_days,
)

FEB28, MAR1 = Feb29Policy.FEB28, Feb29Policy.MAR1
MILESTONES = Milestones()


def on(text, day, policy=FEB28):
    return anniversaries_between(parse_edtf(text), day, day, policy, MILESTONES)


def test_the_armistice_has_its_70th_on_27_july_2023_and_73rd_in_2026():
    [seventieth] = on("1953-07-27", date(2023, 7, 27))
    assert (seventieth.years, seventieth.label, seventieth.milestone) == (
        70,
        "70th anniversary",
        True,
    )
    [seventy_third] = on("1953-07-27", date(2026, 7, 27))
    assert (seventy_third.years, seventy_third.milestone) == (73, False)
    assert on("1953-07-27", date(2026, 7, 26)) == []


def test_bce_years_count_astronomically():
    [ides] = on("-0043-03-15", date(2026, 3, 15))
    assert ides.years == 2069
    assert ides.label == "2069th anniversary"


def test_no_anniversary_before_the_first_year():
    assert on("2023-07-27", date(2023, 7, 27)) == []
    assert on("2030-01-01", date(2026, 1, 1)) == []


@pytest.mark.parametrize(
    ("year", "policy", "observed"),
    [
        (2023, FEB28, date(2023, 2, 28)),
        (2023, MAR1, date(2023, 3, 1)),
        (2024, FEB28, date(2024, 2, 29)),
        (2024, MAR1, date(2024, 2, 29)),
        (2100, FEB28, date(2100, 2, 28)),  # not a leap year
        (2000, MAR1, date(2000, 2, 29)),
    ],
)
def test_29_february_is_observed_by_policy_in_common_years(year, policy, observed):
    found = anniversaries_between(
        parse_edtf("1896-02-29"), date(year, 1, 1), date(year, 12, 31), policy, MILESTONES
    )
    assert [a.occurs_on for a in found] == [observed]


def test_a_month_recurs_once_on_its_first_day_and_keeps_its_flags():
    found = anniversaries_between(
        parse_edtf("2023-07~"), date(2028, 1, 1), date(2028, 12, 31), FEB28, MILESTONES
    )
    assert [(a.occurs_on, a.precision, a.approximate, a.label) for a in found] == [
        (date(2028, 7, 1), "month", True, "5th anniversary")
    ]


def test_a_year_has_n_years_since_on_1_january_only():
    found = anniversaries_between(
        parse_edtf("1950?"), date(2026, 1, 1), date(2026, 12, 31), FEB28, MILESTONES
    )
    assert [(a.occurs_on, a.label, a.uncertain) for a in found] == [
        (date(2026, 1, 1), "76 years since", True)
    ]


def test_a_season_recurs_on_its_first_month():
    [spring] = anniversaries_between(
        parse_edtf("2020-21"), date(2025, 1, 1), date(2025, 12, 31), FEB28, MILESTONES
    )
    assert spring.occurs_on == date(2025, 3, 1) and spring.precision == "season"
    [early] = anniversaries_between(
        parse_edtf("2020-37~"), date(2025, 1, 1), date(2025, 12, 31), FEB28, MILESTONES
    )
    assert early.occurs_on == date(2025, 1, 1) and early.approximate


def test_a_decade_gives_an_approximate_count():
    [since] = anniversaries_between(
        parse_edtf("195X"), date(2026, 1, 1), date(2026, 12, 31), FEB28, MILESTONES
    )
    assert since.label == "76 years since" and since.approximate


def test_intervals_have_anniversaries_of_their_start_and_end():
    war = parse_edtf("1950-06-25/1953-07-27")
    found = anniversaries_between(war, date(2026, 1, 1), date(2026, 12, 31), FEB28, MILESTONES)
    assert [(a.occurs_on, a.years, a.bound) for a in found] == [
        (date(2026, 6, 25), 76, Bound.START),
        (date(2026, 7, 27), 73, Bound.END),
    ]
    ongoing = anniversaries_between(
        parse_edtf("2020-02-01/.."), date(2026, 1, 1), date(2026, 12, 31), FEB28, MILESTONES
    )
    assert [a.bound for a in ongoing] == [Bound.START]


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (1002, "1002nd"),
    ],
)
def test_ordinals(n, text):
    assert ordinal(n) == text


def test_named_anniversaries():
    assert label(100, "day") == "100th anniversary (centenary)"
    assert label(200, "day") == "200th anniversary (bicentenary)"
    assert label(1, "year") == "1 year since"


@pytest.mark.parametrize(
    "years",
    [
        1,
        5,
        10,
        20,
        25,
        30,
        40,
        50,
        60,
        70,
        75,
        80,
        90,
        100,
        125,
        150,
        175,
        200,
        475,
        500,
        600,
        700,
        2000,
    ],
)
def test_milestones(years):
    assert years in MILESTONES


@pytest.mark.parametrize("years", [2, 3, 15, 35, 73, 99, 101, 110, 130, 510, 550, 650, 2069])
def test_not_milestones(years):
    assert years not in MILESTONES


def test_milestones_are_configurable():
    custom = Milestones.parse("1,10,50")
    assert 10 in custom and 5 not in custom and 75 in custom and 60 not in custom


def test_next_anniversaries_count_down_to_the_75th():
    [upcoming] = next_anniversaries(
        parse_edtf("1953-07-27"), date(2026, 11, 27), 1, FEB28, MILESTONES, milestones_only=True
    )
    assert (upcoming.occurs_on, upcoming.years) == (date(2028, 7, 27), 75)


def test_today_depends_on_the_time_zone():
    moment = datetime(2023, 7, 26, 20, 0, tzinfo=UTC)
    assert today_in("Asia/Pyongyang", moment) == date(2023, 7, 27)
    assert today_in("America/New_York", moment) == date(2023, 7, 26)


def test_window_crossing_the_year_end_is_two_ranges():
    assert window_month_days(date(2026, 12, 20), date(2027, 1, 10), FEB28) == [
        (1220, 1231),
        (101, 110),
    ]
    assert (229, 229) in window_month_days(date(2027, 2, 28), date(2027, 2, 28), FEB28)
    assert (229, 229) in window_month_days(date(2027, 3, 1), date(2027, 3, 1), MAR1)


# --- Properties -----------------------------------------------------------------------------

day_dates = st.builds(
    lambda y, m, d: f"{'-' if y < 0 else ''}{abs(y):04d}-{m:02d}-{d:02d}",
    st.integers(-500, 2100),
    st.integers(1, 12),
    st.integers(1, 28),
) | st.sampled_from(["1896-02-29", "2000-02-29", "-0044-02-29", "1953-07-27"])
any_dates = day_dates | st.sampled_from(
    ["1953-07", "1950~", "2020-21", "195X", "2020-37~", "1950-06-25/1953-07-27", "2020-02/.."]
)


@given(any_dates, st.integers(1900, 2100), st.sampled_from(list(Feb29Policy)))
def test_one_anniversary_per_bound_per_year_with_the_right_count(text, year, policy):
    value = parse_edtf(text)
    found = anniversaries_between(value, date(year, 1, 1), date(year, 12, 31), policy, MILESTONES)
    by_bound = {}
    for anniversary in found:
        assert anniversary.bound not in by_bound, "two anniversaries of one bound in a year"
        by_bound[anniversary.bound] = anniversary
    point = value.start or value.end
    if value.start and year - value.start.year >= 1:
        assert by_bound[Bound.START].years == year - point.year
    for anniversary in found:
        assert anniversary.occurs_on.year == year
        assert anniversary.approximate >= value.approximate


@given(st.integers(1900, 2100), st.sampled_from(list(Feb29Policy)))
def test_29_february_rule(year, policy):
    [found] = anniversaries_between(
        parse_edtf("1896-02-29"), date(year, 1, 1), date(year, 12, 31), policy, MILESTONES
    )
    if is_leap_year(year):
        assert found.occurs_on == date(year, 2, 29)
    elif policy is FEB28:
        assert found.occurs_on == date(year, 2, 28)
    else:
        assert found.occurs_on == date(year, 3, 1)


@given(
    any_dates,
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(0, 365),
    st.sampled_from(list(Feb29Policy)),
)
def test_a_window_finds_exactly_what_each_of_its_days_finds(text, start, length, policy):
    value = parse_edtf(text)
    end = start + timedelta(days=length)
    window = anniversaries_between(value, start, end, policy, MILESTONES)
    day_by_day = []
    day = start
    while day <= end:
        day_by_day += anniversaries_between(value, day, day, policy, MILESTONES)
        day += timedelta(days=1)
    assert sorted(window, key=repr) == sorted(day_by_day, key=repr)
    # ... and every one of them lies on a month-day the index ranges cover.
    ranges = window_month_days(start, end, policy)
    for anniversary in window:
        from chronology.dates import listing_month_day

        point = value.start if anniversary.bound is Bound.START else value.end
        month, day_of_month = listing_month_day(point)
        md = month * 100 + day_of_month
        assert any(low <= md <= high for low, high in ranges)


@given(
    st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    st.sampled_from(sorted(available_timezones() - {"Factory", "localtime"})),
)
def test_today_in_any_time_zone(moment, zone):
    assert today_in(zone, moment) == moment.astimezone(ZoneInfo(zone)).date()


def test_anniversary_in_year_of_a_year_one_event():
    assert (
        anniversary_in_year(
            parse_edtf("0001-01-01").start, Bound.START, 2026, FEB28, MILESTONES
        ).years
        == 2025
    )
