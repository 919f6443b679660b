"""Anniversaries kept in another calendar (Event.observed), everywhere the apps show them
(the engine alone is in tests/chronology/test_observed.py): the anniversaries and
on-this-day API, the planner, ICS (through icalendar and recurring-ical-events),
TimelineJS, the pages and the feed.

The days expected are published ones: Chuseok (15th of the 8th Korean lunar month),
the first day of Pesach (15 Nisan) and 1 Ramadan (Umm al-Qura)."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import recurring_ical_events
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from chronology.calendars import Observed
from events.maintenance import refresh_statistics
from events.models import Event
from tests.factories import EventFactory
from tests.observances import CHUSEOK, days
from timeline.reminders import planner
from timeline.reminders.emails import headline
from timeline.reminders.models import Delivery, PlannerState
from timeline.reminders.subscriptions import subscription_create

# --- Writing: the rules, named ----------------------------------------------------------------


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def post(client, **fields):
    return client.post(
        "/api/events/", {"title": "Chuseok", "status": "published", **fields}, format="json"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"date": "2000-09-12", "observed": "lunar"}, "not a valid choice"),
        ({"date": "2000-09", "observed": "korean-lunar"}, "need a date to the day"),
        ({"date": "0900-09-12", "observed": "korean-lunar"}, "supported from 1000-02-13"),
        ({"date": "1850-01-01", "observed": "chinese-lunar"}, "supported from 1900-01-31"),
        ({"date": "1900-01-01", "observed": "islamic"}, "supported from 1924-08-01"),
        ({"date": "2000-09-12/2001", "observed": "hebrew"}, "need a date to the day"),
    ],
)
def test_bad_observed_gets_a_400_naming_observed(editor_api, fields, words):
    response = post(editor_api, **fields)
    assert response.status_code == 400, response.content
    assert words in str(response.json()["observed"])
    assert not Event.objects.filter(title="Chuseok").exists()


@pytest.mark.django_db
def test_an_event_kept_in_the_korean_lunar_calendar_round_trips(editor_api):
    response = post(editor_api, date="2000-09-12", observed="korean-lunar")
    assert response.status_code == 201, response.content
    assert response.json()["observed"] == "korean-lunar"
    event = Event.objects.get(slug=response.json()["slug"])
    # It moves each year: the month-day index cannot hold it.
    assert (event.start_md, event.end_md) == (None, None)
    changed = editor_api.patch(
        f"/api/events/{event.slug}/", {"observed": "as-written"}, format="json"
    )
    assert changed.status_code == 200, changed.content
    event.refresh_from_db()
    assert event.start_md == 912


# --- Reading: the anniversaries API, on this day ----------------------------------------------


@pytest.fixture
def kept(db):
    """One event in each other calendar, and two written ones around them."""
    return {
        "chuseok": EventFactory(slug="chuseok", date="2000-09-12", observed="korean-lunar"),
        "pesach": EventFactory(slug="pesach", date="2000-04-20", observed="hebrew"),
        "ramadan": EventFactory(slug="ramadan", date="2000-11-27", observed="islamic"),
        "hastings": EventFactory(
            slug="hastings", date="1066-10-14", calendar="julian", observed="julian"
        ),
        "written": EventFactory(slug="written", date="1990-10-06"),
        "draft": EventFactory(
            slug="draft", date="2000-09-12", observed="korean-lunar", status="draft"
        ),
    }


def listed(response):
    assert response.status_code == 200, response.content
    return [(r["event"]["slug"], r["occurs_on"], r["years"]) for r in response.json()["results"]]


def test_the_anniversaries_api_lists_the_day_another_calendar_brings(kept):
    response = APIClient().get("/api/anniversaries/", {"date": "2025-10-06"})
    assert listed(response) == [("written", "2025-10-06", 35), ("chuseok", "2025-10-06", 25)]
    chuseok = response.json()["results"][1]
    assert chuseok["observed"] == "korean-lunar"
    assert "Korean lunar" in chuseok["label"]


def test_a_window_lists_a_hijri_anniversary_once_per_hijri_year(kept):
    response = APIClient().get("/api/anniversaries/", {"start": "2030-01-01", "end": "2030-12-31"})
    rows = [row for row in listed(response) if row[0] == "ramadan"]
    assert rows == [("ramadan", "2030-01-05", 30), ("ramadan", "2030-12-26", 31)]


def test_pages_of_a_window_merge_both_kinds_in_listing_order(kept):
    for n in range(12):
        EventFactory(slug=f"october-{n}", date=f"19{50 + n}-10-{1 + n:02d}")
    window = {"start": "2025-09-01", "end": "2025-10-31"}
    whole = listed(APIClient().get("/api/anniversaries/", {**window, "page_size": 200}))
    paged = []
    for page in range(1, 6):
        response = APIClient().get("/api/anniversaries/", {**window, "page_size": 4, "page": page})
        if response.status_code == 400:
            break
        paged += listed(response)
        assert response.json()["count"] == len(whole)
    assert paged == whole
    assert ("chuseok", "2025-10-06", 25) in whole and ("hastings", "2025-10-27", 959) in whole
    assert whole == sorted(whole, key=lambda row: (row[1], -row[2]))
    assert not [row for row in whole if row[0] == "draft"]


def test_the_query_count_does_not_grow_with_events_kept_elsewhere(
    kept, django_capture_on_commit_callbacks
):
    client = APIClient()
    window = {"start": "2025-01-01", "end": "2025-12-31", "page_size": 200}
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/anniversaries/", window).status_code == 200
    before = len(listed(client.get("/api/anniversaries/", window)))
    # Committed, as an editor's save is: the days of events kept elsewhere are worked out
    # once per version of the events, which moves on at the commit.
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            EventFactory(date=f"20{10 + n}-0{3 + n % 7}-1{n}", observed="chinese-lunar")
    with CaptureQueriesContext(connection) as many:
        assert len(listed(client.get("/api/anniversaries/", window))) == before + 10
    assert len(many) == len(few)


def test_days_of_events_kept_elsewhere_are_worked_out_once_per_version(
    kept, django_capture_on_commit_callbacks, monkeypatch
):
    from timeline.anniversaries import listing as queries

    built = []
    original = queries._year_table
    monkeypatch.setattr(queries, "_year_table", lambda *a: built.append(a) or original(*a))
    window = {"start": "2025-01-01", "end": "2025-12-31"}
    for _ in range(3):
        assert APIClient().get("/api/anniversaries/", window).status_code == 200
    assert len(built) == 1  # one year, three requests
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(date="2001-05-05", observed="korean-lunar")
    assert APIClient().get("/api/anniversaries/", window).status_code == 200
    assert len(built) == 2  # a committed change is seen at once


def test_a_window_beyond_a_calendars_tables_leaves_those_events_out_and_says_so(kept):
    # The armistice's 100th anniversary, with events kept in the Korean lunar (tables to
    # 2050) and Islamic (to 2077) calendars in the database: the answer still comes.
    response = APIClient().get("/api/anniversaries/", {"date": "2053-07-27"})
    assert response.status_code == 200, response.content
    gaps = {gap["observed"]: gap for gap in response.json()["left_out"]}
    assert set(gaps) == {"korean-lunar"}
    assert gaps["korean-lunar"]["events"] == 1
    assert "2050-12-31" in gaps["korean-lunar"]["note"]
    whole_year = APIClient().get(
        "/api/anniversaries/", {"start": "2050-07-01", "end": "2051-06-30"}
    )
    assert whole_year.status_code == 200
    listed_ids = {row["event"]["slug"] for row in whole_year.json()["results"]}
    assert "chuseok" in listed_ids  # its 2050 day is inside the tables, and listed
    [gap] = whole_year.json()["left_out"]
    assert (gap["known_from"], gap["known_to"]) == ("2050-07-01", "2050-12-31")
    # A window inside every table names no gap.
    assert APIClient().get("/api/anniversaries/", {"date": "2026-07-27"}).json()["left_out"] == []


def test_on_this_day_includes_what_another_calendar_brings_that_year(kept):
    def slugs(month_day, year):
        response = APIClient().get(f"/api/on-this-day/{month_day}/", {"year": year})
        assert response.status_code == 200, response.content
        return [e["slug"] for e in response.json()["results"]]

    assert slugs("10-06", 2025) == ["written", "chuseok"]
    assert slugs("10-06", 2024) == ["written"]
    assert slugs("09-17", 2024) == ["chuseok"]
    assert slugs("09-12", 2000) == ["chuseok"]  # the day it happened
    assert slugs("09-12", 2024) == []
    assert slugs("10-27", 2025) == ["hastings"]
    assert slugs("10-14", 2025) == []  # Hastings is kept Julian, not as written
    bad = APIClient().get("/api/on-this-day/10-06/", {"year": "twenty"})
    assert bad.status_code == 400 and "year" in bad.json()


def test_the_moving_events_are_read_off_their_own_index(kept):
    written = [
        Event(title=f"Written {n}", slug=f"written-{n}", date="1953-07-27", status="published")
        for n in range(2000)
    ]
    for event in written:
        event.apply_date()
    Event.objects.bulk_create(written)
    refresh_statistics()
    plan = Event.objects.published().moving().explain()
    assert "event_moving" in plan, plan


# --- Reminders, ICS, TimelineJS, pages, feeds ---------------------------------------------------


@pytest.mark.django_db
def test_the_planner_reminds_on_the_lunar_day(settings):
    settings.ANNALS_REMINDER_SKIP_LATE_DAYS = 5000
    EventFactory(slug="chuseok", date="2000-09-12", observed="korean-lunar")
    created = subscription_create(
        email="reader@example.org", target="all", lead_days=[0], timezone_name="UTC"
    ).subscription
    created.confirmed_at = datetime(2020, 1, 1, tzinfo=UTC)
    created.save()
    PlannerState.objects.update_or_create(
        pk=1, defaults={"planned_until": datetime(2024, 1, 1, tzinfo=UTC)}
    )
    planner.plan_reminders(datetime(2026, 12, 31, 23, tzinfo=UTC), dispatch=False)
    deliveries = list(Delivery.objects.order_by("occurs_on"))
    assert [d.occurs_on for d in deliveries] == CHUSEOK[1:4]
    assert [d.years for d in deliveries] == [24, 25, 26]  # Korean lunar years
    assert headline(deliveries[1]).startswith("25th anniversary (Korean lunar calendar) of")


def occurrences(body: bytes, start: date, end: date) -> list[date]:
    calendar = icalendar.Calendar.from_ical(body)
    return sorted(e["DTSTART"].dt for e in recurring_ical_events.of(calendar).between(start, end))


@time_machine.travel(datetime(2026, 11, 30, 12, tzinfo=UTC), tick=False)
def test_the_event_calendar_lists_explicit_days_for_twenty_years_and_more(kept):
    response = APIClient().get("/events/chuseok.ics")
    assert response.status_code == 200
    found = occurrences(response.content, date(2026, 1, 1), date(2051, 1, 1))
    assert found[:3] == [date(2026, 9, 25), date(2027, 9, 15), date(2028, 10, 3)]
    assert len(found) >= 20 and len({day.year for day in found}) == len(found)
    # Each listed day is Chuseok of its year, as the engine keeps it.
    assert found == [day for _, day in days("2000-09-12", "korean-lunar", found[0], found[-1])]
    # Without ?rscale, no rule a client without RFC 7529 would read as Gregorian.
    assert b"RSCALE" not in response.content


@time_machine.travel(datetime(2026, 11, 30, 12, tzinfo=UTC), tick=False)
def test_the_hebrew_and_hijri_calendars_are_right_through_recurring_ical_events(kept):
    body = APIClient().get("/events/pesach.ics").content
    assert occurrences(body, date(2026, 1, 1), date(2026, 12, 31)) == [date(2026, 4, 2)]
    body = APIClient().get("/events/ramadan.ics").content
    assert occurrences(body, date(2030, 1, 1), date(2030, 12, 31)) == [
        date(2030, 1, 5),
        date(2030, 12, 26),
    ]
    body = APIClient().get("/events/hastings.ics").content
    assert occurrences(body, date(2027, 1, 1), date(2027, 12, 31)) == [date(2027, 10, 27)]


@time_machine.travel(datetime(2026, 11, 30, 12, tzinfo=UTC), tick=False)
def test_rscale_rules_are_given_on_request(kept):
    body = APIClient().get("/events/chuseok.ics", {"rscale": "yes"}).content
    [component] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    rule = component["RRULE"]
    assert rule["RSCALE"] == ["DANGI"] and rule["BYMONTH"] == [8] and rule["BYMONTHDAY"] == [15]
    body = APIClient().get("/events/pesach.ics", {"rscale": "yes"}).content
    rule = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["RRULE"]
    # 15 Nisan: Nisan is the seventh month counted from Tishrei, as RFC 7529 counts.
    assert rule["RSCALE"] == ["HEBREW"] and rule["BYMONTH"] == [7] and rule["BYMONTHDAY"] == [15]
    # Julian has no RFC 7529 name: explicit days only.
    assert b"RSCALE" not in APIClient().get("/events/hastings.ics", {"rscale": "yes"}).content


@pytest.mark.django_db
def test_a_leap_month_gets_no_rule_that_would_move_it():
    from timeline.anniversaries.ics import rscale_rule

    # 2020-05-23 is the 1st of the leap 4th month in both lunar calendars.
    assert rscale_rule(Observed.KOREAN_LUNAR, date(2020, 5, 23)) is None
    assert rscale_rule(Observed.KOREAN_LUNAR, date(2020, 4, 23))["bymonth"] == 4


@time_machine.travel(datetime(2026, 11, 30, 12, tzinfo=UTC), tick=False)
def test_timelinejs_pages_and_the_feed_honour_observed(kept, client, editor):
    from timeline.models import Timeline

    timeline = Timeline.objects.create(slug="kept", title="Kept", visibility="public", owner=editor)
    timeline.entries.create(event=kept["chuseok"], position=1)
    data = APIClient().get("/api/timelines/kept/timelinejs/").json()
    [chuseok] = data["events"]
    assert "Korean lunar calendar: the next, 15 September 2027" in chuseok["text"]["text"]

    page = client.get("/events/chuseok/").content.decode()
    assert "Kept in the Korean lunar calendar" in page
    assert "27th anniversary (Korean lunar calendar)" in page
    assert "15 September 2027" in page

    with time_machine.travel(datetime(2027, 9, 1, tzinfo=UTC), tick=False):
        feed = client.get("/feeds/anniversaries.atom").content.decode()
    assert "15 September 2027: 27th anniversary (Korean lunar calendar) of" in feed


@pytest.mark.django_db
def test_the_home_page_lists_it_on_this_day(client):
    EventFactory(slug="chuseok", title="Chuseok 2000", date="2000-09-12", observed="korean-lunar")
    with time_machine.travel(datetime(2027, 9, 15, 3, tzinfo=UTC), tick=False):
        assert "Chuseok 2000" in client.get("/").content.decode()
    with time_machine.travel(datetime(2027, 9, 12, 3, tzinfo=UTC), tick=False):
        assert "Chuseok 2000" not in client.get("/").content.decode()


def test_window_end_day_is_counted_whole():
    # A window of one day holds the day's anniversary (no off-by-one at either end).
    day = date(2025, 10, 6)
    assert days("2000-09-12", "korean-lunar", day, day) == [(25, day)]
    assert (
        days("2000-09-12", "korean-lunar", day + timedelta(days=1), day + timedelta(days=9)) == []
    )


@time_machine.travel(datetime(2025, 9, 1, 12, tzinfo=UTC), tick=False)
def test_the_site_calendar_lists_the_milestone_on_its_lunar_day(kept):
    body = APIClient().get("/anniversaries.ics").content
    found = {
        (str(c["SUMMARY"]), c["DTSTART"].dt)
        for c in icalendar.Calendar.from_ical(body).walk("VEVENT")
    }
    summary = "25th anniversary (Korean lunar calendar) of Event"
    assert any(s.startswith(summary) and day == date(2025, 10, 6) for s, day in found), found


@pytest.mark.django_db
def test_exports_carry_observed_and_imports_check_it(tmp_path):
    import json
    from io import StringIO

    from django.core.management import call_command

    from events.exchange.export import export_dict, export_rows

    EventFactory(slug="chuseok", date="2000-09-12", observed="korean-lunar")
    [row] = [export_dict(r) for r in export_rows(Event.objects.all())]
    assert row["observed"] == "korean-lunar"
    Event.objects.all().delete()
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(row) + "\n")
    call_command("import_events", str(path), stdout=StringIO())
    assert Event.objects.get(slug="chuseok").observed == "korean-lunar"
    for observed, words in [
        ("lunar", "'lunar' is not one of"),
        ("islamic", "The islamic calendar is supported from"),
    ]:
        bad = tmp_path / "bad.jsonl"
        bad.write_text(
            json.dumps({**row, "external_id": "x", "date": "1900-01-01", "observed": observed})
            + "\n"
        )
        err = StringIO()
        call_command("import_events", str(bad), stdout=StringIO(), stderr=err)
        assert f"observed: {words}" in err.getvalue()


def test_feeds_calendars_and_the_planner_say_what_they_left_out(kept, settings):
    """Past 2050, the Korean lunar tables end: the events they keep are left out of the
    feed, the site-wide calendar and the planner's work, and each says so."""
    from datetime import UTC, datetime

    import time_machine
    from django.test import Client

    from timeline.reminders import planner
    from timeline.reminders.models import PlannerState, Subscription

    with time_machine.travel(datetime(2051, 3, 1, 12, tzinfo=UTC), tick=False):
        feed = Client().get("/feeds/anniversaries.atom").content.decode()
        assert "Korean lunar calendar could be listed only from" in feed
        ics = Client().get("/anniversaries.ics?milestones_only=false").content.decode()
        assert "Korean lunar calendar could be listed only" in ics.replace("\r\n ", "")
        Subscription.objects.create(
            target="all", email="a@example.org", timezone="UTC", confirmed_at=datetime.now(UTC)
        )
        PlannerState.objects.update_or_create(
            pk=1, defaults={"planned_until": datetime(2051, 2, 28, tzinfo=UTC)}
        )
        report = planner.plan_reminders(dispatch=False)
    assert "korean-lunar" in report.left_out
    assert "2050-12-31" in report.left_out["korean-lunar"]
