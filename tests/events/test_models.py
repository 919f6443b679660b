"""events/models.py: derived date columns, validation, search in any script, history."""

import pytest
from django.core.exceptions import ValidationError

from events.models import Actor, Event, EventRelation, Source, actors_matching
from tests.factories import (
    ActorFactory,
    ActorNameFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_saving_derives_precision_flags_and_bounds_from_the_date():
    event = EventFactory(date="2020-01%")
    event.refresh_from_db()
    assert (event.precision, event.approximate, event.uncertain) == ("month", True, True)
    assert (event.earliest, event.latest) == ("2020-01-01", "2020-01-31")
    assert event.date_display == "c. January 2020?"


def test_changing_the_date_refreshes_the_derived_columns():
    event = EventFactory(date="1953-07-27")
    event.date = "-0043-03-15"
    event.save()
    event.refresh_from_db()
    assert event.earliest == "-0043-03-15" and event.start_year == -43
    assert event.date_display == "15 March 44 BC"


def test_bce_events_sort_before_ce_events_in_the_database():
    caesar = EventFactory(date="-0043-03-15")
    armistice = EventFactory(date="1953-07-27")
    marathon = EventFactory(date="-0489-09")
    year_one = EventFactory(date="0001")
    assert list(Event.objects.chronological()) == [marathon, caesar, year_one, armistice]


@pytest.mark.parametrize("bad", ["1953-02-30", "1953-13-01", "July 1953", ""])
def test_an_invalid_date_is_refused_naming_the_field(bad):
    event = Event(title="Armistice", slug="armistice", date=bad)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "date" in error.value.message_dict
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/report.pdf"]
)
def test_source_urls_must_be_http_or_https(url):
    source = Source(title="Report", url=url, archive_url=url)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert set(error.value.message_dict) >= {"url", "archive_url"}
    assert "http:// or https://" in " ".join(error.value.message_dict["url"])


def test_an_unknown_time_zone_is_refused():
    event = Event(title="Landing", slug="landing", date="1969-07-20", timezone="Mars/Olympus")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "not an IANA time zone" in error.value.message_dict["timezone"][0]


def test_a_time_needs_a_day_and_a_time_zone():
    from datetime import time

    vague = Event(title="x", slug="x", date="1953-07", time=time(10))
    with pytest.raises(ValidationError) as error:
        vague.full_clean()
    assert set(error.value.message_dict) == {"time", "timezone"}

    placed = Event(
        title="y",
        slug="y",
        date="1953-07-27",
        time=time(10),
        place=PlaceFactory(timezone="Asia/Pyongyang"),
    )
    placed.full_clean()
    assert placed.effective_timezone == "Asia/Pyongyang"


def test_body_markdown_is_rendered_and_sanitised():
    event = EventFactory(
        body="**Signed** <script>alert(1)</script> <img src=x onerror=alert(1)> "
        "[x](javascript:alert(1)) [d](data:text/html,x) "
        "[ok](https://example.org)"
    )
    html = event.body_html
    assert "<strong>Signed</strong>" in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert "javascript:" not in html and "data:" not in html
    assert 'href="https://example.org"' in html


@pytest.mark.parametrize("query", ["Шойгу", "ШОЙГУ", "шойгу", "쇼이구", "sergei", "SHOYGU"])
def test_actors_are_found_by_any_of_their_names(query):
    shoigu = ActorFactory(name="Sergei Shoigu")
    ActorNameFactory(actor=shoigu, name="Сергей Шойгу", language="ru")
    ActorNameFactory(actor=shoigu, name="세르게이 쇼이구", language="ko")
    ActorNameFactory(actor=shoigu, name="Sergey Shoygu", language="en")
    ActorFactory(name="Li Hongzhong")
    assert list(Actor.objects.filter(actors_matching(query)).distinct()) == [shoigu]


def test_commemoration_knows_the_years_between():
    armistice = EventFactory(date="1953-07-27")
    victory_day = EventFactory(date="2023-07-27")
    ides = EventFactory(date="-0043-03-15")
    reenactment = EventFactory(date="2026-03-15")
    assert (
        EventRelation.objects.create(
            from_event=victory_day, to_event=armistice, kind="commemorates"
        ).years_between
        == 70
    )
    assert (
        EventRelation.objects.create(
            from_event=reenactment, to_event=ides, kind="commemorates"
        ).years_between
        == 2069
    )
    assert (
        EventRelation(from_event=victory_day, to_event=armistice, kind="related").years_between
        is None
    )


def test_an_event_cannot_relate_to_itself():
    event = EventFactory()
    relation = EventRelation(from_event=event, to_event=event, kind="related")
    with pytest.raises(ValidationError, match="cannot be related to itself"):
        relation.full_clean()


def test_changes_to_events_and_sources_are_recorded_in_history():
    event = EventFactory(title="Armistice", date="1953-07")
    event.date = "1953-07-27"
    event.save()
    source = SourceFactory()
    source.title = "Renamed"
    source.save()
    dates = [record.date for record in event.history.order_by("history_date")]
    assert dates == ["1953-07", "1953-07-27"]
    assert [h.history_type for h in source.history.order_by("history_date")] == ["+", "~"]
    latest, previous = event.history.all()[:2]
    changes = latest.diff_against(previous).changes
    assert ("date", "1953-07", "1953-07-27") in [(c.field, c.old, c.new) for c in changes]
