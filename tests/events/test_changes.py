"""events/changes.py: which writes move which versions on, and only once committed."""

import pytest

from events.changes import RECORDS, events_changed, version
from events.models import Citation, Participation
from tests.factories import ActorFactory, EventFactory, SourceFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    received = []

    def listener(sender, event_ids, **_):
        received.append(set(event_ids))

    events_changed.connect(listener, dispatch_uid="test-listener")
    yield received
    events_changed.disconnect(dispatch_uid="test-listener")


def test_writes_about_events_name_those_events_once_committed(
    sent, django_capture_on_commit_callbacks
):
    event, other = EventFactory(), EventFactory()
    with django_capture_on_commit_callbacks() as pending:
        Participation.objects.create(event=event, actor=ActorFactory())
    assert sent == []  # nothing before the commit
    for callback in pending:
        callback()
    assert sent == [{event.pk}]
    with django_capture_on_commit_callbacks(execute=True):
        Citation.objects.create(event=other, source=SourceFactory())
        event.tags.add(TagFactory())
    assert sent[1:] == [{other.pk}, {event.pk}]


def test_renaming_what_many_events_show_moves_the_records_version(
    django_capture_on_commit_callbacks,
):
    tag = TagFactory()
    before = version(RECORDS)
    with django_capture_on_commit_callbacks(execute=True):
        tag.name = "Renamed"
        tag.save()
    assert version(RECORDS) == before + 1
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(title="An edit to one event")
    assert version(RECORDS) == before + 1  # events move their timelines', not this
