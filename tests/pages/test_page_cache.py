"""Cached timeline pages: the versions they are keyed by cannot be evicted, and a
visitor's made-up query parameters cannot multiply the entries."""

import pytest
from django.core.cache import caches

from events.changes import RECORDS, bump, version
from events.models import Event
from tests.html import text

pytestmark = pytest.mark.django_db


def test_versions_survive_the_cache_being_emptied(seeded):
    bump(RECORDS)
    before = version(RECORDS)
    caches["shared"].clear()  # everything a full cache could evict
    assert version(RECORDS) == before
    bump(RECORDS, RECORDS)
    assert version(RECORDS) == before + 1  # once per call, whatever it names twice


def test_a_page_is_never_older_than_the_records_after_an_eviction(
    seeded, client, django_capture_on_commit_callbacks
):
    path = "/timelines/korean-war-armistice/"
    assert "Armistice Agreement" in text(client.get(path))
    event = Event.objects.get(slug="korean-war-armistice-agreement")
    caches["shared"].clear()
    text(client.get(path))  # cached again, under the same versions
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Armistice signed at Panmunjom"
        event.save()
    assert "Armistice signed at Panmunjom" in text(client.get(path))


def test_unknown_or_invalid_parameters_make_no_cache_entries(seeded, client, shared_cache_sets):
    stored = shared_cache_sets
    path = "/timelines/korean-war-armistice/"
    first = client.get(path)
    assert first.status_code == 200 and stored  # the page and its summaries
    made = len(stored)
    for n in range(20):
        response = client.get(path, {f"junk{n}": n, "tag": f"no-such-tag-{n}"})
        assert response.status_code == 200
        assert f"junk{n}" not in response.content.decode()  # not echoed into links
    for bad in ({"zoom": "eon"}, {"after": "x1"}, {"from": "²"}, {"tag": "<b>"}):
        response = client.get(path, bad)
        assert response.status_code == 400, bad
        assert next(iter(bad)) in response.content.decode()  # the 400 names it
    assert len(stored) == made  # every one of them answered from the first entry
    # A real choice is an entry of its own, once.
    client.get(path, {"zoom": "decade"})
    client.get(path, {"zoom": "decade", "junk": "1"})
    assert len(stored) == made + 1


def test_a_stale_summary_is_shown_while_a_worker_refreshes_it(
    seeded, client, django_capture_on_commit_callbacks, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import EventFactory
    from timeline import summaries
    from timeline.models import Timeline, TimelineEntry

    path = "/timelines/korean-war-armistice/"
    import re

    before = text(client.get(path))
    count = re.search(r'<p class="meta">(\d+) events', before)[1]
    asked = []
    monkeypatch.setattr(summaries.refresh_task, "delay", lambda pk: asked.append(pk))
    timeline = Timeline.objects.get(slug="korean-war-armistice")
    with django_capture_on_commit_callbacks(execute=True):
        added = EventFactory(title="Added while nobody worked", date="1999-09-09")
        TimelineEntry.objects.create(timeline=timeline, event=added)
    assert asked  # the change asked a worker to work the summary out again
    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as queries,
    ):
        page = text(client.get(path))
    # The events are current; the count is the last worked out, read in a few queries.
    assert "Added while nobody worked" in page and f"{count} events" in page
    assert len(queries) < 10
    summaries.refresh_task.run(timeline.pk)  # the worker
    assert f"{int(count) + 1} events" in text(client.get(path))
