"""Dates written in the Julian calendar: kept as written, placed in time by their
Gregorian day, shown with both where they differ, through the API, admin and imports."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from chronology.dates import Calendar, EDTFError, display, iso_day, parse_edtf
from chronology.recurrence import Feb29Policy
from events.columns import EXCHANGE as COLUMNS
from events.exchange.export import export_dict, export_rows
from events.models import Event
from tests.factories import EventFactory

JULIAN = Calendar.JULIAN


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "shown"),
    [
        ("1917-10-25", "1917-11-07", "1917-11-07", "25 October 1917 O.S. (7 November 1917 N.S.)"),
        ("1700-02-29", "1700-03-11", "1700-03-11", "29 February 1700 O.S. (11 March 1700 N.S.)"),
        ("1917-10", "1917-10-14", "1917-11-13", "October 1917 (O.S.)"),
        ("1700", "1700-01-11", "1701-01-11", "1700 (O.S.)"),
        ("-0043-03-15", "-0043-03-13", "-0043-03-13", "15 March 44 BC O.S. (13 March 44 BC N.S.)"),
        ("0250-03-03", "0250-03-03", "0250-03-03", "3 March 250"),  # the calendars agree
        (
            "1582-10-04/1582-10-05",
            "1582-10-14",
            "1582-10-15",
            "4 October 1582 O.S. (14 October 1582 N.S.) – "
            "5 October 1582 O.S. (15 October 1582 N.S.)",
        ),
    ],
)
def test_julian_dates_are_placed_by_their_gregorian_days(text, earliest, latest, shown):
    value = parse_edtf(text, JULIAN)
    assert value.text == text  # kept as written
    assert (iso_day(value.earliest), iso_day(value.latest)) == (earliest, latest)
    assert display(value) == shown


def test_29_february_1700_is_julian_only():
    with pytest.raises(EDTFError, match="It has 29 in the Julian calendar"):
        parse_edtf("1700-02-29")
    with pytest.raises(EDTFError, match="has 29 days in the Julian calendar"):
        parse_edtf("1700-02-30", JULIAN)


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.mark.django_db
def test_the_api_takes_and_shows_julian_dates(api):
    made = api.post(
        "/api/events/",
        {
            "title": "October Revolution",
            "date": "1917-10-25",
            "calendar": "julian",
            "status": "published",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    body = api.get(f"/api/events/{made.json()['slug']}/").json()
    assert body["calendar"] == "julian" and body["date"] == "1917-10-25"
    assert body["earliest"] == body["latest"] == "1917-11-07"
    assert body["date_display"] == "25 October 1917 O.S. (7 November 1917 N.S.)"
    listed = api.get("/api/events/").json()["results"]
    assert listed[0]["calendar"] == "julian" and listed[0]["date_display"] == body["date_display"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"date": "1700-02-29"}, "date", "It has 29 in the Julian calendar"),
        ({"date": "1700-02-30", "calendar": "julian"}, "date", "in the Julian calendar"),
        ({"date": "1700-02-28", "calendar": "mayan"}, "calendar", "not a valid choice"),
    ],
)
def test_a_date_its_calendar_lacks_is_a_400_naming_the_field(api, body, field, words):
    before = Event.objects.count()
    response = api.post("/api/events/", {"title": "Leap", **body}, format="json")
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])
    assert Event.objects.count() == before


@pytest.mark.django_db
def test_changing_the_calendar_rechecks_the_date(api):
    made = api.post(
        "/api/events/",
        {"title": "Leap", "date": "1700-02-29", "calendar": "julian"},
        format="json",
    )
    slug = made.json()["slug"]
    refused = api.patch(f"/api/events/{slug}/", {"calendar": "gregorian"}, format="json")
    assert refused.status_code == 400 and "date" in refused.json()
    assert Event.objects.get(slug=slug).calendar == "julian"


@pytest.mark.django_db
def test_julian_and_gregorian_events_sort_by_their_gregorian_days():
    EventFactory(slug="julian", date="1917-10-25", calendar="julian")  # 7 November N.S.
    EventFactory(slug="gregorian", date="1917-11-01")
    assert list(Event.objects.chronological().values_list("slug", flat=True)) == [
        "gregorian",
        "julian",
    ]


@pytest.mark.django_db
def test_exports_carry_the_calendar_and_import_it_back(tmp_path):
    EventFactory(slug="revolution", date="1917-10-25", calendar="julian", status="published")
    [row] = [export_dict(r) for r in export_rows(Event.objects.all())]
    assert COLUMNS.index("calendar") == COLUMNS.index("date") + 1
    assert row["calendar"] == "julian"
    Event.objects.all().delete()
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(row) + "\n")
    call_command("import_events", str(path), stdout=StringIO())
    event = Event.objects.get(slug="revolution")
    assert (event.calendar, event.earliest) == ("julian", "1917-11-07")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**row, "external_id": "x", "calendar": "mayan"}) + "\n")
    err = StringIO()
    call_command("import_events", str(bad), stdout=StringIO(), stderr=err)
    assert "calendar: 'mayan' is not one of gregorian, julian" in err.getvalue()


@pytest.mark.django_db
def test_the_admin_shows_both_dates(editor_client):
    event = EventFactory(slug="revolution", date="1917-10-25", calendar="julian")
    page = editor_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "25 October 1917 O.S. (7 November 1917 N.S.)" in page
    assert 'name="calendar"' in page


@pytest.mark.django_db
def test_timelinejs_places_a_julian_date_on_its_gregorian_day():
    from timeline.timelinejs import timelinejs

    event = EventFactory(slug="revolution", date="1917-10-25", calendar="julian")
    war = EventFactory(slug="war", date="1700-02-22/1721-09-10", calendar="julian")
    data = timelinejs(
        "Russia",
        "",
        [event, war],
        lambda e: f"/events/{e.slug}/",
        today=date(2026, 11, 30),
        policy=Feb29Policy.FEB28,
    )
    start = data["events"][0]["start_date"]
    assert (start["year"], start["month"], start["day"]) == (1917, 11, 7)
    assert start["display_date"] == "25 October 1917 O.S. (7 November 1917 N.S.)"
    [era] = data["eras"]
    assert (era["start_date"]["month"], era["start_date"]["day"]) == (3, 4)  # 22 Feb O.S.
    assert era["end_date"]["display_date"] == "10 September 1721 O.S. (21 September 1721 N.S.)"
