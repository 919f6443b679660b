"""Browsing by date and by timeline, server side: on this day for any day, the coming
anniversaries, the timelines' index, the header's sections; what each shows, the 404s and
400s a bad address gets, and what each costs in queries."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event, Tag
from tests.factories import EventFactory
from tests.html import text
from timeline.models import Timeline

pytestmark = pytest.mark.django_db


def at(*when):
    return time_machine.travel(datetime(*when, tzinfo=UTC), tick=False)


def section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"', 1)[1]


# --- On this day -----------------------------------------------------------------------


def test_a_days_events_through_history_grouped_by_century_with_years_ago(seeded, client):
    EventFactory(slug="caesar", title="Caesar is killed", date="-0043-07-27")
    with at(2026, 7, 1, 12):
        page = text(client.get("/on-this-day/07-27/"))
    assert "<h1>27 July</h1>" in page
    centuries = [chunk.split("</h2>")[0] for chunk in page.split('<h2 id="century-')[1:]]
    assert [c.split(">", 1)[1] for c in centuries] == [
        "1st century BC",
        "20th century",
        "21st century",
    ]
    armistice = page.split("Korean War Armistice Agreement")[0].rsplit("<li", 1)[1]
    assert "27 July 1953" in armistice and "73 years ago" in armistice
    assert "2,069 years ago" in page  # 44 BC to AD 2026: there was no year 0
    assert "4 events on 27 July, oldest first" in page  # Caesar and three of the seeds
    # The day before and after, and the picker.
    assert 'href="/on-this-day/07-26/" rel="prev"' in page
    assert 'href="/on-this-day/07-28/" rel="next"' in page
    assert '<option value="7" selected>July</option>' in page


def test_a_milestone_year_is_marked(seeded, client):
    with at(2023, 1, 1, 12):
        page = text(client.get("/on-this-day/07-27/"))
    armistice = page.split("Korean War Armistice Agreement")[0].rsplit("<li", 1)[1]
    assert '<span class="badge">70th anniversary</span>' in armistice


def test_today_is_the_readers_day_in_their_time_zone(seeded, client):
    # 10:30 UTC on 26 July is already 27 July in Kiritimati (UTC+14): the cookie is the
    # zone's name URL-encoded, as the browser's script writes it.
    client.cookies["tz"] = "Pacific%2FKiritimati"
    with at(2023, 7, 26, 10, 30):
        kiritimati = text(client.get("/on-this-day/"))
        home = text(client.get("/"))
    assert "<h1>27 July</h1>" in kiritimati and "Today in Pacific/Kiritimati" in kiritimati
    assert "Korean War Armistice Agreement" in kiritimati
    assert "in Pacific/Kiritimati" in home and "On this day, 27 July" in home
    # 09:00 UTC on 27 July is still 26 July in Honolulu (UTC-10).
    client.cookies["tz"] = "Pacific%2FHonolulu"
    with at(2023, 7, 27, 9, 0):
        honolulu = text(client.get("/on-this-day/"))
    assert "<h1>26 July</h1>" in honolulu and "Today in Pacific/Honolulu" in honolulu


def test_the_day_picker_goes_to_the_days_address(client):
    response = client.get("/on-this-day/", {"month": "2", "day": "29"})
    assert response.status_code == 302 and response["Location"] == "/on-this-day/02-29/"


@pytest.mark.parametrize(
    "path",
    [
        "/on-this-day/02-30/",
        "/on-this-day/13-01/",
        "/on-this-day/00-10/",
        "/on-this-day/7-27/",
        "/on-this-day/07-27-1953/",
        "/on-this-day/٠٧-٢٧/",  # digits, but not ASCII ones
        "/on-this-day/?month=2&day=30",
        "/on-this-day/?month=4&day=31",
    ],
)
def test_a_day_no_year_has_is_a_404_with_a_way_back(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "No such day" in page and 'href="/on-this-day/"' in page


@pytest.mark.parametrize("query", ["month=July&day=27", "month=7&day=٢٧", "day=99"])
def test_a_picker_value_that_is_no_number_is_a_400_naming_it(client, query):
    response = client.get(f"/on-this-day/?{query}")
    assert response.status_code == 400
    assert ("month" if "July" in query else "day") in response.content.decode()


@pytest.fixture
def leap_day_events():
    EventFactory(slug="leap-1504", title="Columbus predicts an eclipse", date="1504-02-29")
    EventFactory(slug="feb-28", title="An event of 28 February", date="1900-02-28")
    EventFactory(slug="mar-1", title="An event of 1 March", date="1900-03-01")


@pytest.mark.parametrize(
    ("policy", "kept_on", "not_on"), [("feb28", "02-28", "03-01"), ("mar1", "03-01", "02-28")]
)
def test_29_february_is_kept_in_common_years_as_the_policy_says(
    leap_day_events, client, settings, policy, kept_on, not_on
):
    settings.ANNALS_FEB29_POLICY = policy
    with at(2026, 1, 1, 12):
        kept, other = (text(client.get(f"/on-this-day/{d}/")) for d in (kept_on, not_on))
        leap = text(client.get("/on-this-day/02-29/"))
    assert "Kept today: 29 February" in kept and "Columbus predicts an eclipse" in kept
    assert "522 years ago" in section(kept, "leap-day")
    assert "Columbus" not in other and "Kept today" not in other
    assert "Columbus predicts an eclipse" in leap and "<h1>29 February</h1>" in leap
    # In a leap year the day is its own.
    with at(2028, 1, 1, 12):
        assert "Kept today" not in text(client.get(f"/on-this-day/{kept_on}/"))


def test_a_days_page_costs_the_same_queries_for_few_events_or_many(
    client, django_capture_on_commit_callbacks
):
    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            text(client.get(path))
        return len(captured)

    for year in range(1900, 1903):
        EventFactory(date=f"{year}-05-05", place=None)
    for year in range(1800, 1900):
        EventFactory(date=f"{year}-06-06")
    queries("/on-this-day/01-01/")  # what is worked out once per version of the records
    few, many = queries("/on-this-day/05-05/"), queries("/on-this-day/06-06/")
    assert few == many <= 8
    # Kept until the records change: seen again, one query (the versions).
    assert queries("/on-this-day/06-06/") == 1
    with django_capture_on_commit_callbacks(execute=True):  # versions move on commit
        EventFactory(date="1777-06-06", title="Added later")
    assert "Added later" in text(client.get("/on-this-day/06-06/"))


def test_a_busy_day_is_paged_by_position(client):
    for year in range(1800, 1920):
        EventFactory(date=f"{year}-06-06", title=f"Event of {year}")
    first = text(client.get("/on-this-day/06-06/"))
    assert "Event of 1899" in first and "Event of 1900" not in first
    after = first.split('href="?after=')[1].split('"')[0]
    second = text(client.get("/on-this-day/06-06/", {"after": after}))
    assert "Event of 1900" in second and "Event of 1899" not in second
    assert client.get("/on-this-day/06-06/", {"after": "1.x"}).status_code == 400


# --- Coming anniversaries -------------------------------------------------------------


def test_the_next_30_days_with_labels_days_and_countdowns(seeded, client):
    with at(2028, 7, 15, 12):
        page = text(client.get("/anniversaries/"))
    assert "from 15 July 2028 to 13 August 2028" in page
    day = section(page, "day-2028-07-27")
    assert "Thursday, 27 July 2028" in day and "in 12 days" in day
    armistice = day.split("Korean War Armistice Agreement")[0].rsplit("<li", 1)[1]
    assert '<span class="badge">75th anniversary</span>' in armistice
    # Where to take them: the calendar file and the reminders.
    assert 'href="/anniversaries.ics?milestones_only=no"' in page
    assert 'href="/subscribe/all/"' in page


def test_milestones_only_tag_actor_timeline_and_a_window(seeded, client):
    with at(2028, 7, 15, 12):
        milestones = text(client.get("/anniversaries/", {"milestones": "on"}))
        tagged = text(client.get("/anniversaries/", {"tag": "armistice"}))
        actor = text(client.get("/anniversaries/", {"actor": "sergei-shoigu"}))
        window = text(client.get("/anniversaries/", {"from": "2028-07-26", "to": "2028-07-27"}))
    assert "Coming milestones" in milestones and "75th anniversary" in milestones
    assert "6th anniversary" not in milestones
    assert "Korean War Armistice Agreement" in tagged and "Sergei Shoigu" not in tagged
    assert 'href="/tags/armistice.ics"' in tagged and 'href="/subscribe/tag/armistice/"' in tagged
    assert "Korean War Armistice Agreement" not in actor
    assert "from 26 July 2028 to 27 July 2028" in window


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"from": "2028-07-27", "to": "2028-07-01"}, "to"),
        ({"from": "2028-01-01", "to": "2029-01-02"}, "to"),
        ({"from": "27/07/2028"}, "from"),
        ({"tag": "no-such-tag"}, "tag"),
        ({"page": "0"}, "page"),
        ({"page": "١"}, "page"),
        ({"milestones": "maybe"}, "milestones"),
    ],
)
def test_bad_choices_get_a_400_naming_them(seeded, client, query, named):
    response = client.get("/anniversaries/", query)
    assert response.status_code == 400
    assert named in response.content.decode()


def test_anniversaries_are_paged_in_listing_order(client):
    for year in range(1900, 1960):
        EventFactory(date=f"{year}-08-01", title=f"August of {year}")
    with at(2026, 7, 20, 12):
        first = text(client.get("/anniversaries/"))
        second = text(client.get("/anniversaries/", {"page": "2"}))
    assert "60 anniversaries" in first and "page 1 of 2" in first
    assert "August of 1900" in first and "August of 1950" not in first
    assert "August of 1950" in second and 'href="?page=1" rel="prev"' in second


def test_the_anniversaries_page_costs_the_same_queries_for_few_or_many(client):
    def queries(**query):
        with CaptureQueriesContext(connection) as captured, at(2026, 7, 20, 12):
            text(client.get("/anniversaries/", query))
        return len(captured)

    EventFactory(date="1950-08-01")
    queries(to="2026-08-01")  # what is worked out once per version of the records
    few = queries(to="2026-08-02")
    for year in range(1900, 1950):
        EventFactory(date=f"{year}-08-02")
    assert queries(to="2026-08-03") == few <= 10


# --- Timelines -------------------------------------------------------------------------


def test_the_timelines_index_shows_span_count_and_description(
    seeded, client, django_user_model, django_capture_on_commit_callbacks
):
    owner = django_user_model.objects.create_user("owner")
    Timeline.objects.create(
        title="Private notes", slug="private", owner=owner, visibility="private"
    )
    # A summary never worked out is asked of a worker (run here when the answer is sent).
    with django_capture_on_commit_callbacks(execute=True):
        assert "Counting its events…" in text(client.get("/timelines/"))
    page = text(client.get("/timelines/"))
    card = page.split("Korean War armistice and its anniversaries")[1].split("</li>")[0]
    assert "9 events · 1950 – 2023" in card and "From the outbreak of the Korean War" in card
    assert "Private notes" not in page
    client.force_login(owner)
    assert "Private notes" in text(client.get("/timelines/"))


def test_the_timelines_index_costs_the_same_queries_for_one_or_many(
    seeded, client, django_capture_on_commit_callbacks
):
    def queries():
        with django_capture_on_commit_callbacks(execute=True):
            text(client.get("/timelines/"))  # each summary is worked out by a worker
        with CaptureQueriesContext(connection) as captured:
            text(client.get("/timelines/"))
        return len(captured)

    one = queries()
    owner = Timeline.objects.get().owner
    for n in range(20):
        timeline = Timeline.objects.create(title=f"T{n}", slug=f"t{n}", owner=owner)
        timeline.entries.create(event=Event.objects.first(), position=1)
    assert queries() == one <= 6


# --- The header -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "section_name"),
    [
        ("/timelines/", "Timelines"),
        ("/timelines/korean-war-armistice/", "Timelines"),
        ("/on-this-day/", "On this day"),
        ("/on-this-day/07-27/", "On this day"),
        ("/anniversaries/", "Anniversaries"),
        ("/analysis/proximity/", "Analysis"),
        ("/search/?q=armistice", "Search"),
    ],
)
def test_every_page_has_the_sections_and_marks_the_readers(seeded, client, path, section_name):
    page = text(client.get(path))
    nav = page.split('<nav class="sections"')[1].split("</nav>")[0]
    for name in ("Timelines", "On this day", "Anniversaries", "Analysis", "Search"):
        assert f">{name}</a>" in nav
    assert nav.count('aria-current="page"') == 1
    assert f'aria-current="page">{section_name}</a>' in nav


def test_the_home_page_links_each_section_to_its_page(seeded, client):
    Tag.objects.create(slug="extra", name="Extra")
    with at(2023, 7, 27, 3):
        page = text(client.get("/"))
    assert 'href="/on-this-day/07-27/"' in page
    assert 'href="/anniversaries/?milestones=on"' in page
    assert 'href="/timelines/"' in page


def test_a_window_fuller_than_the_pages_reach_says_more_than(client, monkeypatch):
    from pages import days

    monkeypatch.setattr(days, "ANNIVERSARY_PAGE", 2)
    monkeypatch.setattr(days, "COUNTED_PAGES", 2)
    monkeypatch.setattr(days, "MAX_ANNIVERSARY_PAGES", 3)
    for year in range(1900, 1906):
        EventFactory(date=f"{year}-08-01")
    with at(2026, 7, 20, 12):
        page = text(client.get("/anniversaries/"))
        last = text(client.get("/anniversaries/", {"page": "3"}))
    assert "More than 4 anniversaries" in page and "page 1 of 3" in page
    assert 'rel="next"' not in last and "1905" in last
    assert client.get("/anniversaries/", {"page": "4"}).status_code == 400
