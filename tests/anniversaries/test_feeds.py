"""Atom feeds, read back with the standard library's XML parser."""

from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
import time_machine

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return [
        (e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href"))
        for e in root.iter(f"{ATOM}entry")
    ]


def test_upcoming_anniversaries_feed(seeded, client):
    with time_machine.travel(datetime(2028, 7, 20, 12, tzinfo=UTC), tick=False):
        found = entries(client, "/feeds/anniversaries.atom")
    assert (
        "27 July 2028: 75th anniversary of Korean War Armistice Agreement (milestone)",
        "http://127.0.0.1:8000/events/korean-war-armistice-agreement/",
    ) in found


def test_newly_published_events_feed_newest_first_and_inert(client):
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        EventFactory(title="Older", slug="older")
    with time_machine.travel(datetime(2026, 2, 1, tzinfo=UTC), tick=False):
        EventFactory(title="<script>alert(1)</script>", slug="newer")
    EventFactory(title="Draft", slug="draft", status="draft")
    response = client.get("/feeds/events.atom")
    assert b"<script>" not in response.content  # escaped as text, never markup
    titles = [title for title, _ in entries(client, "/feeds/events.atom")]
    assert titles == ["<script>alert(1)</script> (27 July 1953)", "Older (27 July 1953)"]
