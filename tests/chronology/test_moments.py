"""The planner's clock maths (timeline/reminders/moments.py), across daylight saving."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from chronology.moments import send_moments

LONDON = ZoneInfo("Europe/London")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_send_time_in_the_spring_gap_keeps_the_offset_before_the_change():
    moments = list(
        send_moments(utc("2026-03-28T12:00"), utc("2026-03-30T12:00"), LONDON, time(1, 30))
    )
    # 29 March 2026: clocks go from 01:00 GMT to 02:00 BST; 01:30 is read as GMT.
    assert moments == [
        (date(2026, 3, 29), utc("2026-03-29T01:30")),
        (date(2026, 3, 30), utc("2026-03-30T00:30")),
    ]


def test_a_send_time_that_happens_twice_is_taken_the_first_time():
    moments = list(
        send_moments(utc("2026-10-24T12:00"), utc("2026-10-25T12:00"), LONDON, time(1, 30))
    )
    assert moments == [(date(2026, 10, 25), utc("2026-10-25T00:30"))]  # 01:30 BST


@given(
    start=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)),
    days=st.integers(min_value=0, max_value=40),
    zone=st.sampled_from(
        [
            "Europe/London",
            "America/New_York",
            "Asia/Pyongyang",
            "Australia/Lord_Howe",
            "Pacific/Kiritimati",
        ]
    ),
    send=st.times(),
)
def test_one_moment_per_local_day_each_inside_the_span(start, days, zone, send):
    since = start.replace(tzinfo=UTC)
    until = since + timedelta(days=days)
    moments = list(send_moments(since, until, ZoneInfo(zone), send))
    local_days = [day for day, _ in moments]
    assert local_days == sorted(set(local_days))
    assert all(since < moment <= until for _, moment in moments)
    assert days - 1 <= len(moments) <= days + 1
