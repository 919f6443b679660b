"""events/dates.py: EDTF parsing, bounds, precision and honest display. No database."""

from datetime import date, timedelta

import edtf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronology.date_text import parse_date_text, read_edtf
from chronology.dates import (
    EDTFError,
    NotEDTF,
    Precision,
    civil_from_day_number,
    day_number,
    days_in_month,
    describe,
    display,
    edtf_year,
    iso_day,
    month_day_key,
    parse_edtf,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1953-07-27", "27 July 1953"),
        ("1953-07", "July 1953"),
        ("1953", "1953"),
        ("1950~", "c. 1950"),
        ("195X", "1950s"),
        ("19XX", "1900s"),
        ("2020-21", "spring 2020"),
        ("2020-37~", "early 2020"),
        ("1950-06-25/1953-07-27", "25 June 1950 – 27 July 1953"),
        ("-0043-03-15", "15 March 44 BC"),
        ("1953-07-27?", "27 July 1953?"),
        ("2020-01%", "c. January 2020?"),
        ("2020-02/..", "February 2020 onwards"),
        ("../1953", "until 1953"),
        ("1953/", "1953 – unknown"),
        ("0000", "1 BC"),
        ("-019X", "200–191 BC"),
        ("Y-12000", "12,001 BC"),
        ("2020-24", "winter 2020"),
    ],
)
def test_display_is_honest(text, shown):
    assert display(parse_edtf(text)) == shown


@pytest.mark.parametrize(
    ("text", "precision", "approximate", "uncertain", "earliest", "latest"),
    [
        ("1953-07-27", Precision.DAY, False, False, "1953-07-27", "1953-07-27"),
        ("1953-07", Precision.MONTH, False, False, "1953-07-01", "1953-07-31"),
        ("1953", Precision.YEAR, False, False, "1953-01-01", "1953-12-31"),
        ("1950~", Precision.YEAR, True, False, "1950-01-01", "1950-12-31"),
        ("1953-07-27?", Precision.DAY, False, True, "1953-07-27", "1953-07-27"),
        ("2020-01%", Precision.MONTH, True, True, "2020-01-01", "2020-01-31"),
        ("195X", Precision.DECADE, False, False, "1950-01-01", "1959-12-31"),
        ("19XX", Precision.CENTURY, False, False, "1900-01-01", "1999-12-31"),
        ("2020-21", Precision.SEASON, False, False, "2020-03-01", "2020-05-31"),
        ("2020-24", Precision.SEASON, False, False, "2020-12-01", "2021-02-28"),
        ("2023-24", Precision.SEASON, False, False, "2023-12-01", "2024-02-29"),
        ("1950-06-25/1953-07-27", Precision.DAY, False, False, "1950-06-25", "1953-07-27"),
        ("-0043-03-15", Precision.DAY, False, False, "-0043-03-15", "-0043-03-15"),
        ("1953-07-XX", Precision.MONTH, False, False, "1953-07-01", "1953-07-31"),
        ("-0044-02-29", Precision.DAY, False, False, "-0044-02-29", "-0044-02-29"),
    ],
)
def test_parse_derives_precision_flags_and_bounds(
    text, precision, approximate, uncertain, earliest, latest
):
    value = parse_edtf(text)
    assert value.precision is precision
    assert (value.approximate, value.uncertain) == (approximate, uncertain)
    assert iso_day(value.earliest) == earliest
    assert iso_day(value.latest) == latest


def test_open_end_has_no_latest_and_open_start_no_earliest():
    ongoing = parse_edtf("2020-02/..")
    assert iso_day(ongoing.earliest) == "2020-02-01" and ongoing.latest is None
    until = parse_edtf("../1953")
    assert until.earliest is None and iso_day(until.latest) == "1953-12-31"
    assert until.sort_key == day_number(1953, 1, 1)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1953-02-30", "February 1953 has 28 days"),
        ("1953-02-29", "February 1953 has 28 days"),
        ("1900-02-29", "February 1900 has 28 days"),
        ("1953-13-01", "there is no month 13"),
        ("July 1953", "write 1953-07 for July 1953"),
        ("27 July 1953", "write 1953-07-27"),
        ("early 2020", "write 2020-37~"),
        ("44 BC", "write -0043 for 44 BC"),
        ("", "Enter a date"),
        ("   ", "Enter a date"),
        ("1953-07-27T10:00", "time field"),
        ("1954/1953", "starts (1954) after it ends (1953)"),
        ("../..", "needs a date at one end"),
        ("195X-01", "cannot have a month"),
        ("2020-21-01", "cannot have a day"),
        ("yesterday-ish", "Examples: 1953-07-27"),
    ],
)
def test_invalid_dates_are_explained(text, words):
    """What people type is read with read_edtf (validators, imports): every refusal says
    what to write instead."""
    with pytest.raises(EDTFError) as error:
        read_edtf(text)
    assert words in str(error.value)


def test_words_refused_by_the_parser_alone_are_not_edtf():
    with pytest.raises(NotEDTF) as error:
        parse_edtf("27 July 1953")
    assert error.value.text == "27 July 1953"


def test_month_day_key_sorts_as_the_calendar_does():
    keys = [
        month_day_key(d.month, d.day)
        for d in (date(2024, 1, 1) + timedelta(days=n) for n in range(366))
    ]
    assert keys == sorted(keys) and len(set(keys)) == 366
    assert month_day_key(7, 27) == 727 and month_day_key(2, 29) == 229


@pytest.mark.parametrize(
    ("year", "text"),
    [
        (1953, "1953"),
        (0, "0000"),
        (-43, "-0043"),
        (12, "0012"),
        (-12000, "Y-12000"),
        (9999, "9999"),
    ],
)
def test_edtf_year_writes_years_as_edtf_reads_them(year, text):
    assert edtf_year(year) == text
    if abs(year) <= 9999:
        assert parse_edtf(text).first.year == year


def test_describe_tells_editors_how_the_date_was_understood():
    assert describe(parse_edtf("1953-07-27")) == "27 July 1953 — day precision"
    assert describe(parse_edtf("1950~")) == "c. 1950 — year precision, approximate"
    assert describe(parse_edtf("1950-06-25/1953-07-27")).endswith("interval, day precision")


# --- Day numbers ------------------------------------------------------------------------


@given(st.dates())
def test_day_numbers_agree_with_python_for_ce_dates(value):
    assert day_number(value.year, value.month, value.day) == (value - date(1970, 1, 1)).days
    assert civil_from_day_number(day_number(value.year, value.month, value.day)) == (
        value.year,
        value.month,
        value.day,
    )


@given(st.integers(min_value=-800_000, max_value=800_000))
def test_day_numbers_round_trip_and_are_consecutive(number):
    year, month, day = civil_from_day_number(number)
    assert 1 <= month <= 12 and 1 <= day <= days_in_month(year, month)
    assert day_number(year, month, day) == number
    following = civil_from_day_number(number + 1)
    assert following > (year, month, day)


def test_year_zero_is_a_leap_year_between_1_bc_and_ad_1():
    assert day_number(1, 1, 1) - day_number(0, 1, 1) == 366
    assert iso_day(day_number(0, 2, 29)) == "0000-02-29"


# --- Properties over generated EDTF --------------------------------------------------------


@st.composite
def edtf_points(draw):
    """Valid single EDTF dates of every Level 0/1 shape, BCE included."""
    year = draw(st.integers(min_value=-2999, max_value=2999))
    year_text = f"-{abs(year):04d}" if year < 0 else f"{year:04d}"
    shape = draw(st.sampled_from(["day", "month", "season", "year", "decade", "century"]))
    if shape == "day":
        month = draw(st.integers(1, 12))
        day = draw(st.integers(1, days_in_month(year, month)))
        text = f"{year_text}-{month:02d}-{day:02d}"
    elif shape == "month":
        text = f"{year_text}-{draw(st.integers(1, 12)):02d}"
    elif shape == "season":
        text = f"{year_text}-{draw(st.integers(21, 41))}"
    elif shape == "year":
        text = year_text
    elif shape == "decade":
        text = year_text[:-1] + "X"
    else:
        text = year_text[:-2] + "XX"
    return text + draw(st.sampled_from(["", "", "~", "?", "%"]))


@st.composite
def edtf_values(draw):
    first = draw(edtf_points())
    form = draw(st.sampled_from(["single", "single", "interval", "open", "unknown", "until"]))
    if form == "single":
        return first
    if form == "open":
        return f"{first}/.."
    if form == "unknown":
        return f"{first}/"
    if form == "until":
        return f"../{first}"
    second = draw(edtf_points())
    a, b = sorted([first, second], key=lambda t: parse_edtf(t).first.earliest)
    if parse_edtf(a).first.earliest > parse_edtf(b).first.latest:
        return a
    return f"{a}/{b}"


def meaning(value):
    return (
        value.precision,
        value.approximate,
        value.uncertain,
        value.earliest,
        value.latest,
        value.is_interval,
        value.open_start,
        value.open_end,
    )


@given(edtf_values())
def test_parse_display_parse_keeps_the_meaning(text):
    value = parse_edtf(text)
    assert meaning(parse_date_text(display(value))) == meaning(value)


@given(edtf_values())
def test_parse_is_stable_on_its_own_text(text):
    value = parse_edtf(text)
    assert parse_edtf(value.text) == value


@given(edtf_values())
def test_earliest_is_never_after_latest(text):
    value = parse_edtf(text)
    for point in (value.start, value.end):
        if point:
            assert point.earliest <= point.latest
    if value.earliest is not None and value.latest is not None:
        assert value.earliest <= value.latest


@given(
    st.lists(
        st.tuples(st.integers(-3000, 3000), st.integers(1, 12), st.integers(1, 28)),
        min_size=2,
        max_size=20,
    )
)
def test_sorting_by_sort_key_matches_chronology_across_bce_and_ce(days):
    def as_edtf(y, m, d):
        return f"{'-' if y < 0 else ''}{abs(y):04d}-{m:02d}-{d:02d}"

    by_key = sorted(days, key=lambda t: parse_edtf(as_edtf(*t)).sort_key)
    assert by_key == sorted(days)


# --- The `edtf` package as an oracle, and its known gaps -------------------------------------


@given(edtf_points())
def test_bounds_agree_with_the_edtf_package_where_it_is_right(text):
    ours = parse_edtf(text)
    if ours.precision is Precision.SEASON:
        return  # the package rejects qualified seasons, and bounds winter differently
    theirs = edtf.parse_edtf(text)
    assert tuple(theirs.lower_strict()[:3]) == civil_from_day_number(ours.earliest)
    assert tuple(theirs.upper_strict()[:3]) == civil_from_day_number(ours.latest)


def test_edtf_package_gap_accepts_impossible_days_which_we_refuse():
    assert edtf.parse_edtf("1953-02-29")  # the package accepts it
    with pytest.raises(EDTFError):
        parse_edtf("1953-02-29")


def test_edtf_package_gap_loses_the_flags_of_percent():
    theirs = edtf.parse_edtf("2020-01%")
    assert not theirs.is_approximate and not theirs.is_uncertain
    ours = parse_edtf("2020-01%")
    assert ours.approximate and ours.uncertain


def test_edtf_package_gap_fails_on_open_ends_and_qualified_seasons():
    # An open end comes back as a float infinity where a date is expected.
    assert isinstance(edtf.parse_edtf("2020-02/..").upper_strict(), float)
    with pytest.raises(edtf.parser.edtf_exceptions.EDTFParseException):
        edtf.parse_edtf("2020-21~")
    assert parse_edtf("2020-02/..").open_end
    assert display(parse_edtf("2020-21~")) == "c. spring 2020"


def test_edtf_package_gap_natural_language_bc_is_off_by_one():
    from edtf.natlang import text_to_edtf

    assert text_to_edtf("44 BC") == "-0044"  # astronomical year -44 is 45 BC
    assert parse_date_text("44 BC").text == "-0043"


def test_years_before_1000_keep_four_digits_and_sort():
    early = parse_edtf("0500-06-01")
    assert display(early) == "1 June 500"
    assert early.sort_key < parse_edtf("1000").sort_key
    assert iso_day(early.earliest) == "0500-06-01"


def test_day_after_28_february_in_leap_and_common_years():
    assert iso_day(day_number(2024, 2, 28) + 1) == "2024-02-29"
    assert iso_day(day_number(2023, 2, 28) + 1) == "2023-03-01"
    assert (date(2024, 3, 1) - timedelta(days=1)).day == days_in_month(2024, 2)
