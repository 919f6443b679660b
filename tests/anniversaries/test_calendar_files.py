"""iCalendar feeds, read back by third-party parsers (icalendar, recurring-ical-events)."""

from datetime import date

import pytest
import recurring_ical_events
from django.test import override_settings
from icalendar import Calendar

from tests.factories import EventFactory
from timeline.models import Timeline

pytestmark = pytest.mark.django_db


def calendar(client, url, **params) -> Calendar:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def days(cal, start, end) -> list[tuple[date, str]]:
    return sorted(
        (e["DTSTART"].dt, str(e["SUMMARY"]))
        for e in recurring_ical_events.of(cal).between(start, end)
    )


def test_an_event_recurs_yearly_with_its_sources_and_a_stable_uid(seeded, client):
    url = "/events/korean-war-armistice-agreement.ics"
    cal = calendar(client, url)
    [component] = cal.walk("VEVENT")
    assert str(component["UID"]) == "korean-war-armistice-agreement-start@annals"
    assert str(calendar(client, url).walk("VEVENT")[0]["UID"]) == str(component["UID"])
    assert "https://en.wikipedia.org/wiki/Korean_Armistice_Agreement" in str(
        component["DESCRIPTION"]
    )
    assert str(component["URL"]).endswith("/events/korean-war-armistice-agreement/")
    assert days(cal, date(2028, 1, 1), date(2029, 1, 1)) == [
        (date(2028, 7, 27), "Anniversary: Korean War Armistice Agreement")
    ]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("feb28", [date(2027, 2, 28), date(2028, 2, 29), date(2029, 2, 28), date(2100, 2, 28)]),
        ("mar1", [date(2027, 3, 1), date(2028, 2, 29), date(2029, 3, 1), date(2100, 3, 1)]),
    ],
)
def test_29_february_recurs_every_year_on_the_policys_day(client, policy, expected):
    EventFactory(slug="leap", date="1896-02-29")
    with override_settings(ANNALS_FEB29_POLICY=policy):
        cal = calendar(client, "/events/leap.ics")
    found = [d for d, _ in days(cal, date(2027, 1, 1), date(2030, 1, 1))]
    found += [d for d, _ in days(cal, date(2100, 1, 1), date(2101, 1, 1))]
    assert found == expected


def test_bce_dates_recur_from_year_one(client):
    EventFactory(slug="ides", date="-0043-03-15")
    cal = calendar(client, "/events/ides.ics")
    assert days(cal, date(2026, 1, 1), date(2027, 1, 1))[0][0] == date(2026, 3, 15)


def test_intervals_have_their_start_and_end_and_coarse_dates_are_left_out(seeded, client):
    cal = calendar(client, "/timelines/korean-war-armistice.ics")
    uids = {str(c["UID"]) for c in cal.walk("VEVENT")}
    assert {"korean-war-start@annals", "korean-war-end@annals"} <= uids
    # Month, season and approximate-month dates are not given false days.
    assert not {
        u
        for u in uids
        if u.startswith(
            ("li-hongzhong", "north-korea-closes", "north-korean-missile", "un-security")
        )
    }
    summaries = [s for _, s in days(cal, date(2026, 6, 1), date(2026, 8, 1))]
    assert "Anniversary: Korean War (began)" in summaries


def test_an_alarm_is_added_on_request(seeded, client):
    cal = calendar(client, "/events/korean-war-armistice-agreement.ics", alarm="7")
    [alarm] = cal.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt.days == -7


def test_tag_actor_and_milestone_feeds(seeded, client):
    tag = calendar(client, "/tags/armistice.ics")
    assert [str(c["UID"]) for c in tag.walk("VEVENT")] == [
        "korean-war-armistice-agreement-start@annals"
    ]
    actor = calendar(client, "/actors/sergei-shoigu.ics")
    assert len(actor.walk("VEVENT")) == 3
    milestones = calendar(client, "/anniversaries.ics", milestones_only="true")
    summaries = {(c["DTSTART"].dt, str(c["SUMMARY"])) for c in milestones.walk("VEVENT")}
    assert (date(2028, 7, 27), "75th anniversary of Korean War Armistice Agreement") in summaries
    assert not any("73rd" in s for _, s in summaries)


def test_private_timelines_have_no_feed_for_others(client, django_user_model):
    owner = django_user_model.objects.create_user("owner")
    Timeline.objects.create(title="Mine", slug="mine", owner=owner, visibility="private")
    assert client.get("/timelines/mine.ics").status_code == 404
    client.force_login(owner)
    assert client.get("/timelines/mine.ics").status_code == 200


def test_a_private_timelines_file_is_not_kept_by_shared_caches(client, django_user_model):
    owner = django_user_model.objects.create_user("owner")
    Timeline.objects.create(title="Mine", slug="mine", owner=owner, visibility="private")
    client.force_login(owner)
    assert client.get("/timelines/mine.ics")["Cache-Control"].startswith("private")
    Timeline.objects.filter(slug="mine").update(visibility="public")
    assert client.get("/timelines/mine.ics")["Cache-Control"].startswith("public")


def test_a_timelines_file_follows_the_timeline_itself(
    seeded, client, django_capture_on_commit_callbacks
):
    path = "/timelines/korean-war-armistice.ics"
    etag = client.get(path)["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    timeline = Timeline.objects.get(slug="korean-war-armistice")
    with django_capture_on_commit_callbacks(execute=True):
        timeline.title = "The armistice, 1953"
        timeline.save()
    renamed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert renamed.status_code == 200 and b"The armistice, 1953" in renamed.content
    with django_capture_on_commit_callbacks(execute=True):
        timeline.visibility = "private"
        timeline.save()
    # Made private: a poller that had it gets 404, not "unchanged".
    assert client.get(path, HTTP_IF_NONE_MATCH=renamed["ETag"]).status_code == 404


def test_a_poll_on_a_new_day_gets_the_new_days_file(seeded, client):
    import time_machine

    with time_machine.travel("2026-07-01T12:00:00Z"):
        first = client.get("/anniversaries.ics")
        assert (
            client.get(
                "/anniversaries.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
            ).status_code
            == 304
        )
    with time_machine.travel("2026-07-02T12:00:00Z"):  # the horizon moved on a day
        for header in (
            {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
            {"HTTP_IF_NONE_MATCH": first["ETag"]},
        ):
            assert client.get("/anniversaries.ics", **header).status_code == 200


def test_unusual_alarms_are_built_but_not_kept(seeded, client, shared_cache_sets):
    kept = shared_cache_sets
    for alarm in ("7", "7", "13", "999", ""):
        cal = calendar(client, "/anniversaries.ics", alarm=alarm)
        assert cal.walk("VEVENT")
    assert len([k for k in kept if "anniversaries-ics" in k]) == 2  # alarm 7, and none


@pytest.mark.parametrize("alarm", ["junk", "²", "٣", "-1", "3661", "7" * 40])
def test_an_alarm_that_is_not_a_number_of_days_is_a_400_naming_it(seeded, client, alarm):
    response = client.get("/anniversaries.ics", {"alarm": alarm})
    assert response.status_code == 400
    assert "alarm" in response.content.decode()
