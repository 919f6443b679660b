"""Reader pages, server side: what they show, what they hide, and what they cost."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event, Tag
from tests.factories import EventFactory
from tests.html import elements, text
from timeline.models import Timeline, TimelineEntry

pytestmark = pytest.mark.django_db


def test_home_shows_on_this_day_in_the_readers_time_zone(seeded, client):
    # 20:00 UTC on 26 July is 27 July in Pyongyang: the armistice is "on this day" there.
    with time_machine.travel(datetime(2023, 7, 26, 20, 0, tzinfo=UTC), tick=False):
        client.cookies["tz"] = "Asia/Pyongyang"
        pyongyang = text(client.get("/"))
        client.cookies["tz"] = "America/New_York"
        new_york = text(client.get("/"))
    assert '<h2 id="on-this-day">On this day, 27 July</h2>' in pyongyang
    today = pyongyang.split('id="on-this-day"')[1].split('id="milestones"')[0]
    assert "Korean War Armistice Agreement" in today and "70 years ago" in today
    assert 'href="/on-this-day/07-27/"' in today
    assert "27 July" not in new_york.split('id="on-this-day"')[1].split('id="milestones"')[0]


def test_home_lists_this_weeks_milestones_and_the_timelines(seeded, client):
    with time_machine.travel(datetime(2028, 7, 24, 12, 0, tzinfo=UTC), tick=False):
        page = text(client.get("/"))
    milestones = page.split('id="milestones"')[1].split('id="timelines"')[0]
    assert "75th anniversary" in milestones and "Korean War Armistice Agreement" in milestones
    assert "in 3 days" in milestones
    assert 'href="/anniversaries/?milestones=on"' in milestones
    timelines = page.split('id="timelines"')[1]
    assert "Korean War armistice and its anniversaries" in timelines
    assert 'href="/timelines/"' in timelines
    with time_machine.travel(datetime(2028, 6, 1, 12, 0, tzinfo=UTC), tick=False):
        early = text(client.get("/"))
    assert "75th anniversary" not in early.split('id="milestones"')[1].split('id="timelines"')[0]


def test_event_page_shows_the_honest_moment_sources_relations_and_countdown(seeded, client):
    with time_machine.travel(datetime(2026, 11, 27, 12, 0, tzinfo=UTC), tick=False):
        page = text(client.get("/events/korean-war-armistice-agreement/"))
    assert "27 July 1953, 10:00 Pyongyang time" in page
    assert "<strong>75th anniversary</strong>" in page
    assert "27 July 2028</time>, in 1 year 8 months" in page
    assert 'href="https://en.wikipedia.org/wiki/Korean_Armistice_Agreement"' in page
    assert "Commemorated by" in page and "70th anniversary" in page
    assert '<span lang="ko">조선인민군</span>' in page
    assert 'href="/events/korean-war-armistice-agreement.ics"' in page
    celebration = text(client.get("/events/victory-day-2023/"))
    assert "70th anniversary of <a" in celebration


def test_an_event_names_its_next_milestone_once_and_links_its_timelines(seeded, client):
    with time_machine.travel(datetime(2026, 11, 27, 12, 0, tzinfo=UTC), tick=False):
        page = text(client.get("/events/korean-war-armistice-agreement/"))
    panel = page.split('id="next"')[1].split("</section>")[0]
    assert panel.count("75th anniversary") == 1  # the milestone, not again in the list
    assert "74th anniversary" in panel and "76th anniversary" in panel
    timelines = page.split('id="in-timelines"')[1].split("</section>")[0]
    assert 'href="/timelines/korean-war-armistice/"' in timelines


def test_drafts_and_reviews_are_never_shown(seeded, client):
    EventFactory(slug="secret", title="Secret draft", status=Event.Status.DRAFT)
    EventFactory(slug="reviewing", title="Under review", status=Event.Status.REVIEW)
    assert client.get("/events/secret/").status_code == 404
    assert client.get("/events/reviewing/").status_code == 404
    assert "Secret draft" not in text(client.get("/search/", {"q": "Secret"}))
    timeline = Timeline.objects.get()
    TimelineEntry.objects.create(timeline=timeline, event=Event.objects.get(slug="secret"))
    assert "Secret draft" not in text(client.get(f"/timelines/{timeline.slug}/"))


def test_private_timelines_are_shown_to_their_owner_only(client, django_user_model):
    owner = django_user_model.objects.create_user("owner")
    timeline = Timeline.objects.create(
        title="Family", slug="family", owner=owner, visibility=Timeline.Visibility.PRIVATE
    )
    assert client.get("/timelines/family/").status_code == 404
    assert client.get("/timelines/family/interactive/").status_code == 404
    assert client.get("/api/timelines/family/timelinejs/").status_code == 404
    assert "Family" not in text(client.get("/"))
    client.force_login(owner)
    assert client.get("/timelines/family/").status_code == 200
    assert timeline.title in text(client.get("/timelines/family/"))


def test_timeline_zoom_groups_by_century_decade_and_year(seeded, client):
    by_century = text(client.get("/timelines/korean-war-armistice/", {"zoom": "century"}))
    assert ">1900s</h2>" in by_century and ">2000s</h2>" in by_century
    by_decade = text(client.get("/timelines/korean-war-armistice/", {"zoom": "decade"}))
    assert ">1950s</h2>" in by_decade and ">2020s</h2>" in by_decade
    by_year = text(client.get("/timelines/korean-war-armistice/", {"zoom": "year"}))
    assert ">1953</h2>" in by_year and ">2023</h2>" in by_year
    assert by_year.count("<rect ") == 4  # the density strip: 1950, 1953, 2020, 2023


def test_timeline_filters(seeded, client):
    page = text(client.get("/timelines/korean-war-armistice/", {"actor": "li-hongzhong"}))
    assert "Li Hongzhong leads" in page and "Korean War Armistice Agreement</a>" not in page
    refused = client.get("/timelines/korean-war-armistice/", {"kind": "<script>"})
    assert refused.status_code == 400
    assert "<script>" not in refused.content.decode().split("<main")[1]
    ignored = text(client.get("/timelines/korean-war-armistice/", {"kind": "signing-off"}))
    assert "Li Hongzhong leads" in ignored  # a kind the timeline does not offer: all shown


def big_timeline(n: int) -> Timeline:
    owner_model = Timeline._meta.get_field("owner").related_model
    owner = owner_model.objects.create(username=f"curator{n}")
    timeline = Timeline.objects.create(title="Big", slug=f"big-{n}", owner=owner)
    events = []
    for i in range(n):
        event = Event(
            title=f"Event {i}",
            slug=f"e{n}-{i}",
            status="published",
            date=f"{-2000 + (i * 4001 // n):+05d}-0{1 + i % 9}-1{i % 9}".replace("+", ""),
            kind="other",
        )
        event.apply_date()
        events.append(event)
    Event.objects.bulk_create(events, batch_size=1000)
    TimelineEntry.objects.bulk_create(
        TimelineEntry(timeline=timeline, event=e)
        for e in Event.objects.filter(slug__startswith=f"e{n}-")
    )
    return timeline


def test_a_10000_event_timeline_answers_in_constant_queries_and_few_dom_nodes(client):
    small, large = big_timeline(40), big_timeline(10_000)

    def render(timeline, *, fresh=True):
        if fresh:
            caches["shared"].clear()  # as after a change to the records
        with CaptureQueriesContext(connection) as queries:
            page = text(client.get(f"/timelines/{timeline.slug}/"))
        return len(queries), page

    # Each timeline's summary is worked out once, when first seen (or, after a change, by
    # a worker): from then on a page costs the same queries at any size.
    render(small), render(large)
    small_queries, _ = render(small)
    large_queries, page = render(large)
    assert large_queries == small_queries
    assert elements(page) < 1500
    assert "Load more events" in page
    more = client.get(
        f"/timelines/{large.slug}/",
        {"after": page.split("after=")[1].split('"')[0], "fragment": "1"},
    )
    assert more.status_code == 200 and "<h2" in more.content.decode()
    # Seen again before any change: one query (the timeline, for who may see it).
    again_queries, again = render(large, fresh=False)
    assert again_queries == 1
    assert (
        again.split("<main")[1].split('name="csrfmiddlewaretoken"')[0]
        == page.split("<main")[1].split('name="csrfmiddlewaretoken"')[0]
    )


def test_a_timeline_page_shows_each_change_at_once(client, django_capture_on_commit_callbacks):
    timeline = big_timeline(3)
    first = text(client.get(f"/timelines/{timeline.slug}/"))
    assert "3 events" in first and "Added later" not in first
    with django_capture_on_commit_callbacks(execute=True):
        added = EventFactory(title="Added later", date="1999-09-09", kind="election")
        TimelineEntry.objects.create(timeline=timeline, event=added)
    second = text(client.get(f"/timelines/{timeline.slug}/"))
    assert "4 events" in second and "Added later" in second
    assert '<option value="election"' in second  # the filter choices too
    with django_capture_on_commit_callbacks(execute=True):
        added.title = "Renamed"
        added.save()
    assert "Renamed" in text(client.get(f"/timelines/{timeline.slug}/"))
    with django_capture_on_commit_callbacks(execute=True):
        added.tags.add(tag := Tag.objects.create(name="Elections", slug="elections"))
    assert '<option value="elections">Elections</option>' in text(
        client.get(f"/timelines/{timeline.slug}/")
    )
    with django_capture_on_commit_callbacks(execute=True):
        tag.name = "Votes"  # shown by every timeline that has it
        tag.save()
    assert '<option value="elections">Votes</option>' in text(
        client.get(f"/timelines/{timeline.slug}/")
    )
    with django_capture_on_commit_callbacks(execute=True):
        added.status = Event.Status.DRAFT
        added.save()
    assert "3 events" in text(client.get(f"/timelines/{timeline.slug}/"))


def test_an_edit_elsewhere_leaves_a_timeline_page_warm(client, django_capture_on_commit_callbacks):
    timeline, other = big_timeline(3), big_timeline(4)
    text(client.get(f"/timelines/{timeline.slug}/"))
    assert "Edited elsewhere" not in text(client.get(f"/timelines/{other.slug}/"))
    elsewhere = other.entries.first().event
    with django_capture_on_commit_callbacks(execute=True):
        elsewhere.title = "Edited elsewhere"
        elsewhere.save()
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(f"/timelines/{timeline.slug}/"))
    assert len(queries) == 1 and "3 events" in page  # the timeline, for who may see it
    assert "Edited elsewhere" in text(client.get(f"/timelines/{other.slug}/"))


def test_density_strip_jumps_to_a_period(seeded, client):
    page = text(client.get("/timelines/korean-war-armistice/", {"zoom": "year", "from": "2020"}))
    assert ">2020</h2>" in page and ">1953</h2>" not in page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/actors/sergei-shoigu/",
            ['<span lang="ru">Сергей Шойгу</span>', "Sergei Shoigu arrives in Pyongyang"],
        ),
        ("/places/pyongyang/", ["Asia/Pyongyang", "Victory Day"]),
        ("/tags/covid-19/", ["North Korea closes its borders against COVID-19"]),
        ("/search/?q=김정은", ["Kim Jong Un", "Night military parade"]),
        ("/search/?q=Voice+of+America", ["Top Russian, Chinese Officials"]),
    ],
)
def test_actor_place_tag_and_search_pages(seeded, client, url, expected):
    page = text(client.get(url))
    for snippet in expected:
        assert snippet in page


def test_the_subscribe_form_explains_errors_and_sends_a_confirmation(
    seeded, client, smtp, django_capture_on_commit_callbacks
):
    url = "/subscribe/event/korean-war-armistice-agreement/"
    bad = client.post(
        url, {"email": "nope", "lead": "7,0", "timezone": "Mars/Olympus", "send_time": "09:00"}
    )
    assert bad.status_code == 400
    assert "Enter a valid email address." in bad.content.decode()
    assert smtp.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        good = client.post(
            url,
            {
                "email": "reader@example.org",
                "lead": "7,0",
                "timezone": "Asia/Seoul",
                "send_time": "08:00",
            },
        )
    assert "Check your inbox" in text(good)
    [message] = smtp.messages
    assert message["To"] == "reader@example.org" and "Confirm" in message["Subject"]
