"""seeds/: the 2023 report as data, loaded idempotently, with a dry run."""

import pytest
from django.core.management import call_command

from events.models import Actor, Citation, Event, EventRelation, Source
from seeds.loading import load_seed_file
from timeline.models import Timeline

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_seeds", *args, stdout=out)
    return out.getvalue()


def test_dry_run_reports_what_it_would_create_and_writes_nothing():
    output = run("--dry-run")
    assert "events: 9 would create" in output
    assert "Dry run: nothing was written." in output
    assert not Event.objects.exists() and not Source.objects.exists()


def test_loading_twice_changes_nothing():
    first = run()
    assert "Seed data loaded." in first
    history_before = Event.history.count()
    second = run()
    assert "Seed data already up to date; nothing changed." in second
    assert " 0 created, 0 updated" in second and "1 created" not in second
    assert Event.history.count() == history_before
    assert Event.objects.count() == 9


def test_a_changed_seed_record_is_updated_in_place():
    load_seed_file()
    Event.objects.filter(slug="korean-war").update(title="Edited locally")
    report = load_seed_file()
    assert report.updated["events"] == 1
    assert Event.objects.get(slug="korean-war").title == "Korean War"


def test_the_armistice_as_the_report_and_sources_give_it(seeded):
    armistice = Event.objects.get(slug="korean-war-armistice-agreement")
    assert armistice.date_display == "27 July 1953"
    assert armistice.time.isoformat() == "10:00:00"
    assert armistice.effective_timezone == "Asia/Pyongyang"
    assert armistice.place.name == "Panmunjom"
    assert armistice.status == Event.Status.PUBLISHED
    assert {c.source.publisher for c in armistice.citations.all()} >= {
        "Wikipedia",
        "Voice of America",
    }


def test_the_celebrations_commemorate_the_armistice_seventy_years_on(seeded):
    relation = EventRelation.objects.get(from_event__slug="victory-day-2023", kind="commemorates")
    assert relation.to_event.slug == "korean-war-armistice-agreement"
    assert relation.years_between == 70


def test_dates_are_honest(seeded):
    shown = {e.slug: e.date_display for e in Event.objects.all()}
    assert shown["korean-war"] == "25 June 1950 – 27 July 1953"
    assert shown["north-korea-closes-borders"] == "early 2020"
    assert shown["li-hongzhong-visits-pyongyang"] == "July 2023"
    assert shown["north-korean-missile-tests-2023"] == "c. July 2023"
    assert Event.objects.get(slug="north-korea-closes-borders").approximate


def test_the_report_cites_voa_and_every_event_is_cited(seeded):
    report = Source.objects.get(title__startswith="Russian Minister in North Korea")
    assert report.published_display == "26 July 2023"
    assert [s.publisher for s in report.cites.all()] == ["Voice of America"]
    assert not Event.objects.filter(citations__isnull=True).exists()
    assert Citation.objects.filter(source=report).exclude(quote="").count() >= 8


def test_actors_carry_names_in_korean_russian_and_chinese(seeded):
    names = {a.slug: {n.language for n in a.names.all()} for a in Actor.objects.all()}
    for slug in ("kim-jong-un", "sergei-shoigu", "li-hongzhong"):
        assert {"ko", "ru", "zh-Hans"} <= names[slug]


def test_one_public_timeline_holds_the_events(seeded):
    timeline = Timeline.objects.get()
    assert timeline.title == "Korean War armistice and its anniversaries"
    assert timeline.visibility == Timeline.Visibility.PUBLIC
    assert timeline.events.count() == 9
    assert not timeline.owner.has_usable_password() and not timeline.owner.is_active
