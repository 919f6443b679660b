"""Stored XSS payloads in every text field stay inert wherever they are shown."""

import re

import pytest

from events.models import Actor, ActorName, Citation, Event, Participation, Place, Source, Tag
from timeline.models import Timeline

# Escaping in templates and serializers, the same on every database: run once.
pytestmark = [pytest.mark.django_db, pytest.mark.any_database]
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"
LINKS = "[x](javascript:alert(3)) [y](data:text/html,<b>4</b>)"


@pytest.fixture
def hostile(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    place = Place.objects.create(name=f"Place {PAYLOAD}", slug="place", country=PAYLOAD)
    tag = Tag.objects.create(name=f"Tag {PAYLOAD}", slug="tag")
    actor = Actor.objects.create(
        name=f"Actor {PAYLOAD}", slug="actor", kind="person", description=PAYLOAD
    )
    ActorName.objects.create(actor=actor, name=f"Name {PAYLOAD}", language="en")
    source = Source.objects.create(
        title=f"Source {PAYLOAD}", publisher=PAYLOAD, url="https://news.example/a"
    )
    event = Event.objects.create(
        title=f"Event {PAYLOAD}",
        slug="event",
        date="1953-07-27",
        summary=PAYLOAD,
        body=f"{PAYLOAD} {LINKS}",
        place=place,
        status="published",
    )
    event.tags.add(tag)
    Participation.objects.create(event=event, actor=actor, role="host")
    Citation.objects.create(event=event, source=source, quote=PAYLOAD, locator=PAYLOAD)
    timeline = Timeline.objects.create(
        title=f"Timeline {PAYLOAD}", slug="hostile", description=PAYLOAD, owner=owner
    )
    timeline.entries.create(event=event)
    return event


def inert(text: str) -> None:
    assert "<script>alert" not in text
    assert not re.search(r"<img[^>]*onerror", text)
    assert "javascript:alert" not in text.replace("javascript:alert(3)) [y]", "")  # md text
    assert 'href="data:' not in text and 'href="javascript:' not in text


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/events/event/",
        "/timelines/hostile/",
        "/timelines/hostile/?fragment=1",
        "/actors/actor/",
        "/places/place/",
        "/tags/tag/",
        "/search/?q=Event",
        "/feeds/events.atom",
        "/subscribe/event/event/",
        # TimelineJS renders its strings as HTML, so they must arrive escaped.
        "/api/timelines/hostile/timelinejs/",
    ],
)
def test_payloads_render_inert(hostile, client, url):
    response = client.get(url)
    assert response.status_code == 200
    inert(response.content.decode())


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/exports/events.csv", "text/csv"),
        ("/exports/events.jsonl", "application/x-ndjson"),
        ("/api/events/event/", "application/json"),
        ("/events/event.ics", "text/calendar"),
    ],
)
def test_data_outputs_keep_the_text_but_are_never_html(hostile, client, url, content_type):
    # Exports hand the records over as data, byte for byte; browsers must not sniff them
    # into HTML.
    response = client.get(url)
    assert response["Content-Type"].startswith(content_type)
    assert response["X-Content-Type-Options"] == "nosniff"


def test_payloads_are_inert_in_the_admin(hostile, admin_client):
    for url in [
        "/admin/events/event/",
        f"/admin/events/event/{hostile.pk}/change/",
        "/admin/events/source/",
        "/admin/events/actor/",
        f"/admin/events/event/{hostile.pk}/history/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        inert(response.content.decode())


def test_payloads_are_inert_in_reminder_emails(hostile):
    from datetime import UTC, date, datetime

    from timeline.reminders.emails import reminder_message
    from timeline.reminders.models import Delivery, Subscription

    subscription = Subscription.objects.create(target="all", email="a@example.org", timezone="UTC")
    delivery = Delivery(
        subscription=subscription,
        event=hostile,
        occurs_on=date(2028, 7, 27),
        lead_days=0,
        bound="start",
        years=75,
        label="75th anniversary",
        milestone=True,
        due_at=datetime(2028, 7, 27, 9, tzinfo=UTC),
    )
    message = reminder_message(subscription, [delivery])
    [(html, _)] = message.alternatives
    inert(html)
