"""Search is an index lookup in any script: events.search cuts texts into words (pure),
and the database's own index (PostgreSQL GIN over a tsvector, SQLite FTS5) finds them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from events.models import Actor, ActorName, Event, Participation
from events.search import document, query_words
from tests.factories import EventFactory


def test_words_are_folded_and_cjk_runs_become_characters_and_pairs():
    doc = document(["ШОЙГУ arrives in Pyongyang", "李鸿忠 leads", "Ｆｕｌｌ"]).split()
    assert {"шойгу", "arrives", "pyongyang", "full"} <= set(doc)
    assert {"李", "鸿", "忠", "李鸿", "鸿忠"} <= set(doc)
    assert query_words("李鸿忠") == ["李鸿", "鸿忠"]
    assert query_words("李") == ["李"]
    assert query_words("  ") == []
    assert query_words("a, b; c!") == ["a", "b", "c"]


@given(st.text())
def test_any_text_gives_words_the_index_can_read(text):
    for word in query_words(text):
        assert word and all(ch.isalnum() for ch in word)
    assert "'" not in document([text]) and '"' not in document([text])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, slug",
    [
        ("Шойгу", "shoigu-visit"),
        ("шойгу", "shoigu-visit"),
        ("ШОЙГ", "shoigu-visit"),  # the start of a word
        ("李鸿忠", "li-visit"),
        ("鸿忠", "li-visit"),
        ("평양", "parade"),  # Korean attaches particles: 평양에서
        ("armist", "armistice"),
        ("ARMISTICE signed", "armistice"),
        ("Sergei", "shoigu-visit"),  # an actor's name
        ("세르게이", "shoigu-visit"),  # and its other names
    ],
)
def test_search_finds_words_in_any_script(query, slug):
    EventFactory(slug="armistice", title="Armistice signed at Panmunjom")
    EventFactory(slug="parade", title="Night parade", summary="평양에서 열병식")
    EventFactory(slug="li-visit", title="李鸿忠 arrives")
    visit = EventFactory(slug="shoigu-visit", title="Шойгу прибыл в Пхеньян")
    shoigu = Actor.objects.create(slug="sergei-shoigu", name="Sergei Shoigu", kind="person")
    ActorName.objects.create(actor=shoigu, name="세르게이 쇼이구", language="ko")
    Participation.objects.create(event=visit, actor=shoigu)
    found = set(Event.objects.matching(query).values_list("slug", flat=True))
    assert slug in found
    assert len(found) == 1


@pytest.mark.django_db
def test_renaming_an_actor_is_found_at_once():
    event = EventFactory(slug="visit", title="A visit")
    actor = Actor.objects.create(slug="x", name="Someone", kind="person")
    Participation.objects.create(event=event, actor=actor)
    assert not Event.objects.matching("Hongzhong").exists()
    actor.name = "Li Hongzhong"
    actor.save()
    assert list(Event.objects.matching("hongzhong")) == [event]
    Participation.objects.filter(event=event).delete()
    assert not Event.objects.matching("hongzhong").exists()


@pytest.mark.django_db
def test_a_search_reads_the_index_not_the_table():
    from events.models import search_ids

    EventFactory(title="Armistice")
    with CaptureQueriesContext(connection) as queries:
        assert search_ids("default", ["zzzz"], 10) == []
    [sql] = [q["sql"] for q in queries if "LIMIT" in q["sql"]]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(
            ("EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN ") + sql
        )
        plan = " ".join(str(row) for row in cursor.fetchall())
    if connection.vendor == "postgresql":
        assert "Bitmap Index Scan on events_event_search" in plan
    else:
        assert "events_search VIRTUAL TABLE" in plan


@pytest.mark.django_db
def test_a_broad_search_still_lists_the_oldest_first(monkeypatch):
    from events import models

    monkeypatch.setattr(models, "SEARCH_IDS", 3)  # more matches than the index is asked for
    for year in (1990, 1950, 1970, 1930, 2010):
        EventFactory(title=f"Battle of {year}", date=str(year))
    found = [e.title for e in Event.objects.matching("battle").order_by("sort_day")]
    assert found == [f"Battle of {y}" for y in (1930, 1950, 1970, 1990, 2010)]
