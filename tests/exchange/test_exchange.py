"""CSV and JSON Lines exports, and import_events: streaming, upserts, errors, dry runs."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events.models import Citation, Event, Participation

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_events", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return sorted(
        (
            e.external_id,
            e.slug,
            e.title,
            e.date,
            str(e.time),
            e.kind,
            e.status,
            getattr(e.place, "slug", None),
            tuple(sorted(t.slug for t in e.tags.all())),
            tuple(sorted((p.actor.slug, p.role) for p in e.participations.all())),
            tuple(sorted((c.source.title, c.quote, c.locator) for c in e.citations.all())),
        )
        for e in Event.objects.select_related("place").prefetch_related(
            "tags", "participations__actor", "citations__source"
        )
    )


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_imports_back_unchanged(seeded, client, tmp_path, fmt):
    exported = b"".join(client.get(f"/exports/events.{fmt}").streaming_content)
    path = tmp_path / f"events.{fmt}"
    path.write_bytes(exported)
    before = snapshot()
    out, _err = run(path, "--format", fmt)
    assert "9 rows: 9 created" not in out  # they exist already ...
    assert "0 created, 9 updated" in out  # ... and gain their stable external ids
    assert snapshot() != before
    again, _ = run(path, "--format", fmt)
    assert "0 created, 0 updated, 9 unchanged, 0 bad" in again
    # Into an empty database, the export recreates the same records.
    imported = snapshot()
    Citation.objects.all().delete()
    Participation.objects.all().delete()
    Event.objects.all().delete()
    fresh, _ = run(path, "--format", fmt)
    assert "9 created" in fresh
    assert snapshot() == imported


def test_bad_rows_are_reported_with_line_field_and_problem(tmp_path):
    path = tmp_path / "events.jsonl"
    rows = [
        {"external_id": "a", "title": "Armistice", "date": "1953-07-27"},
        {"external_id": "b", "title": "Bad day", "date": "1953-02-30"},
        {"external_id": "c", "title": "", "date": "1953"},
        "not an object",
        {"external_id": "e", "title": "Zone", "date": "1953", "timezone": "Mars/Olympus"},
        {
            "external_id": "f",
            "title": "Source",
            "date": "1953",
            "citations": [{"source": {"title": "x", "url": "javascript:alert(1)"}}],
        },
    ]
    path.write_text(
        "\n".join(json.dumps(r) for r in rows)
        + "\n{broken\n"
        # Not strings where strings belong: still the field and the problem.
        + json.dumps(
            {"external_id": "g", "title": "List zone", "date": "1953", "timezone": ["Asia/Seoul"]}
        )
        + "\n"
        + json.dumps(
            {
                "external_id": "h",
                "title": "Dict URL",
                "date": "1953",
                "citations": [{"source": {"title": "x", "url": {"href": "https://x.org"}}}],
            }
        )
        + "\n"
    )
    out, err = run(path)
    assert "9 rows: 1 created, 0 updated, 0 unchanged, 8 bad" in out
    assert "line 8: timezone: \"['Asia/Seoul']\" is not an IANA time zone" in err
    assert "line 9: citations: source URL" in err
    assert "line 2: date: '1953-02-30': February 1953 has 28 days" in err
    assert "line 3: title: required" in err
    assert "line 4: (row): each line must be a JSON object" in err
    assert "line 5: timezone: 'Mars/Olympus' is not an IANA time zone" in err
    assert "line 6: citations: source URL" in err
    assert "line 7: (row): not JSON" in err
    assert list(Event.objects.values_list("external_id", flat=True)) == ["a"]


def test_strict_imports_nothing_when_a_row_is_bad(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("external_id,title,date\na,Armistice,1953-07-27\nb,Bad,1953-13-01\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        run(path, "--strict")
    assert not Event.objects.exists()


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("external_id,title,date\na,Armistice,1953-07-27\n")
    out, _ = run(path, "--dry-run")
    assert "1 created" in out and "Dry run" in out
    assert not Event.objects.exists()


def test_a_csv_without_title_or_date_columns_is_refused(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("name,when\nArmistice,1953\n")
    _out, err = run(path)
    assert "line 1: date, title: column missing" in err


def test_a_timelinejs_file_imports_with_bce_and_intervals(client, seeded, tmp_path):
    data = client.get("/api/timelines/korean-war-armistice/timelinejs/").json()
    data["events"].append(
        {
            "unique_id": "ides",
            "start_date": {"year": -43, "month": 3, "day": 15},
            "text": {"headline": "Ides of <b>March</b>"},
        }
    )
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(data))
    out, _ = run(path, "--format", "timelinejs")
    assert "10 rows" in out and "0 bad" in out
    ides = Event.objects.get(external_id="ides")
    assert ides.date == "-0043-03-15" and ides.title == "Ides of March"
    assert Event.objects.get(external_id="korean-war").date == "1950-06-25/1953-07-27"


def test_imports_record_one_history_version_per_change(db, tmp_path):
    from events.exchange.importing import import_rows
    from events.exchange.reading import read_rows

    path = tmp_path / "rows.jsonl"
    row = {
        "external_id": "x:1",
        "title": "Armistice signed",
        "date": "1953-07-27",
        "tags": ["korea"],
    }
    path.write_text(json.dumps(row) + "\n")
    import_rows(read_rows(path, "jsonl"))
    event = Event.objects.get(external_id="x:1")
    [created] = event.history.all()
    assert (created.history_type, created.history_change_reason) == ("+", "import")
    assert (created.title, created.date, created.sort_day) == (
        "Armistice signed",
        "1953-07-27",
        event.sort_day,
    )

    path.write_text(json.dumps({**row, "title": "Korean War armistice signed"}) + "\n")
    import_rows(read_rows(path, "jsonl"))
    latest, first = event.history.order_by("-history_id")
    assert (latest.history_type, latest.title) == ("~", "Korean War armistice signed")
    assert first.history_id == created.history_id

    import_rows(read_rows(path, "jsonl"))  # unchanged: no new version
    assert event.history.count() == 2


def test_csv_cells_that_would_run_as_formulas_are_neutralised_and_import_back(
    seeded, client, tmp_path
):
    import csv as csvlib

    from tests.factories import EventFactory

    titles = [
        '=HYPERLINK("http://evil.example","click")',
        "+1+2",
        "-2+3",
        "@SUM(A1)",
        "\tTabbed",
        "\rReturn",
        "'=already quoted",
        "It's fine",
        "-0043 as a title",
    ]
    for n, title in enumerate(titles):
        EventFactory(slug=f"formula-{n}", title=title, summary=f"=cmd|' /C calc'!A{n}")
    exported = b"".join(client.get("/exports/events.csv").streaming_content).decode()
    rows = list(csvlib.DictReader(exported.splitlines(keepends=True)))
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r", value  # nothing a sheet runs
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["formula-0"]["title"] == "'" + titles[0]
    assert by_slug["formula-6"]["title"] == "''=already quoted"
    assert by_slug["formula-7"]["title"] == "It's fine"
    assert by_slug["korean-war-armistice-agreement"]["date"] == "1953-07-27"
    # Negative years are written safely too, and read back as they were.
    path = tmp_path / "events.csv"
    path.write_text(exported)
    Event.objects.filter(slug__startswith="formula-").delete()
    out, err = run(path)
    assert "0 bad" in out, err
    # (The import trims titles, as it always has: the tab and return go.)
    assert [Event.objects.get(slug=f"formula-{n}").title for n in range(len(titles))] == [
        title.strip() for title in titles
    ]
    assert Event.objects.get(slug="formula-3").summary == "=cmd|' /C calc'!A3"


def test_exports_match_the_records_and_are_limited_per_anonymous_client(
    seeded, client, monkeypatch
):
    from rest_framework.throttling import SimpleRateThrottle

    jsonl = b"".join(client.get("/exports/events.jsonl").streaming_content).decode()
    rows = [json.loads(line) for line in jsonl.splitlines()]
    assert [r["slug"] for r in rows] == list(
        Event.objects.published().order_by("sort_day", "pk").values_list("slug", flat=True)
    )
    armistice = next(r for r in rows if r["slug"] == "korean-war-armistice-agreement")
    assert armistice["place"] == "panmunjom" and armistice["time"] == "10:00"
    assert armistice["citations"][0]["source"]["title"]
    assert {a["slug"] for a in armistice["actors"]} >= {"united-nations-command"}

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "export", "2/hour")
    # The JSON Lines export above counted: one more of either, then no more this hour.
    assert [client.get("/exports/events.csv").status_code for _ in range(2)] == [200, 429]
    assert client.get("/exports/events.jsonl").status_code == 429


def test_the_exports_json_is_what_json_dumps_writes():
    from events.exchange.export import json_text

    for value in (
        [],
        ["korean-war", "armistice"],
        [{"name": '쇼이구 "S"', "n": 1.5, "none": None, "ok": True}],
        {"nested": [{"a": "\u2028\n\t"}]},
    ):
        assert json_text(value) == json.dumps(value, ensure_ascii=False)
    with pytest.raises(TypeError):
        json_text([object()])
