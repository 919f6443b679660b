"""manage.py import_wikidata: a dump of our own (tests/fixtures/wikidata-dump.json, in
Wikidata's format: a JSON array, one entity per line), plain, gzipped, bzipped and as
JSON Lines."""

import bz2
import gzip
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from events.models import Event, Source

pytestmark = pytest.mark.django_db

DUMP = Path(__file__).parent.parent / "fixtures" / "wikidata-dump.json"

EXPECTED = {  # QID: (date, calendar, earliest, latest)
    "Q9000001": ("1953-07-27", "gregorian", "1953-07-27", "1953-07-27"),
    "Q9000002": ("1917-10-25", "julian", "1917-11-07", "1917-11-07"),
    "Q9000003": ("-0043-03-15", "julian", "-0043-03-13", "-0043-03-13"),
    "Q9000004": ("1950-06-25/1953-07-27", "gregorian", "1950-06-25", "1953-07-27"),
    "Q9000005": ("2020-01", "gregorian", "2020-01-01", "2020-01-31"),
    "Q9000006": ("195X", "gregorian", "1950-01-01", "1959-12-31"),
    "Q9000007": ("19XX", "gregorian", "1900-01-01", "1999-12-31"),
    "Q9000008": ("1700-02-29", "julian", "1700-03-11", "1700-03-11"),
    "Q9000009": ("1902-02-02", "gregorian", "1902-02-02", "1902-02-02"),
    # No English label, a Korean one: imported, titled in Korean (test_wikidata_languages).
    "Q9000014": ("1948-09-09", "gregorian", "1948-09-09", "1948-09-09"),
}
SKIPPED = {
    "Q9000010": "no date",
    "Q9000011": "no date",
    "Q9000012": "no date",
    "Q9000013": "neither Gregorian nor Julian",
    "Q9000015": "coarser than a century",
}


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_wikidata", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_entities_with_dates_become_events_as_wikidata_writes_them():
    out, err = run(DUMP)
    assert "10 entities with dates: 10 created, 0 updated, 0 unchanged, 0 bad" in out
    assert "5 entities skipped" in out
    imported = {
        e.external_id: (e.date, e.calendar, e.earliest, e.latest) for e in Event.objects.all()
    }
    assert imported == EXPECTED
    for qid, reason in SKIPPED.items():
        assert any(qid in line and reason in line for line in err.splitlines()), (qid, err)


def test_label_description_and_sources():
    run(DUMP)
    armistice = Event.objects.get(external_id="Q9000001")
    assert armistice.title == "Korean Armistice Agreement"
    assert armistice.summary == "armistice that ended the fighting of the Korean War"
    assert armistice.status == Event.Status.PUBLISHED
    urls = sorted(c.source.url for c in armistice.citations.all())
    assert urls == [
        "https://en.wikipedia.org/wiki/Korean_Armistice_Agreement",
        "https://www.wikidata.org/wiki/Q9000001",
    ]
    assert Event.objects.get(external_id="Q9000005").citations.count() == 1  # no article
    # Shown honestly: "25 October 1917 O.S. (7 November 1917 N.S.)".
    assert "7 November 1917 N.S." in Event.objects.get(external_id="Q9000002").date_display


def test_a_second_run_changes_nothing_and_says_so():
    run(DUMP)
    sources = Source.objects.count()
    out, _ = run(DUMP)
    assert "0 created, 0 updated, 10 unchanged" in out
    assert "Nothing changed" in out
    assert Event.objects.count() == 10 and Source.objects.count() == sources


@pytest.mark.parametrize("packing", ["gz", "bz2", "jsonl"])
def test_compressed_dumps_and_json_lines_read_the_same(tmp_path, packing):
    text = DUMP.read_text(encoding="utf-8")
    if packing == "gz":
        path = tmp_path / "dump.json.gz"
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    elif packing == "bz2":
        path = tmp_path / "dump.json.bz2"
        with bz2.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path = tmp_path / "dump.jsonl"
        lines = [line.rstrip(",") for line in text.splitlines() if line not in ("[", "]")]
        assert all(json.loads(line) for line in lines)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, _ = run(path)
    assert "10 created" in out
    assert {e.external_id for e in Event.objects.all()} == set(EXPECTED)


def test_a_broken_line_is_named_and_the_rest_imported(tmp_path):
    path = tmp_path / "dump.json"
    lines = DUMP.read_text(encoding="utf-8").splitlines()
    lines.insert(2, '{"id": "Q1", "labels": ')  # cut off mid-entity
    path.write_text("\n".join(lines), encoding="utf-8")
    _, err = run(path)
    assert "line 3" in err and "not JSON" in err
    assert Event.objects.count() == 10


def test_a_truncated_archive_is_a_clear_error(tmp_path):
    path = tmp_path / "dump.json.gz"
    whole = tmp_path / "whole.json.gz"
    with gzip.open(whole, "wt", encoding="utf-8") as handle:
        handle.write(DUMP.read_text(encoding="utf-8") * 20)
    path.write_bytes(whole.read_bytes()[:-200])
    with pytest.raises(CommandError, match="Cannot read"):
        run(path)
    assert not Event.objects.exists()  # all or nothing: the import is one transaction


def test_dry_run_writes_nothing(tmp_path):
    shutil.copy(DUMP, tmp_path / "dump.json")
    out, _ = run(tmp_path / "dump.json", "--dry-run")
    assert "Dry run" in out and not Event.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No file"):
        run(tmp_path / "nothing.json")


def _entity(qid: str, **parts) -> dict:
    good = json.loads(DUMP.read_text(encoding="utf-8").splitlines()[1].rstrip(","))
    return {**good, "id": qid, **parts}


MALFORMED = {
    "labels given as a list": _entity("Q8000001", labels=[{"en": "x"}]),
    "claims that are not objects": _entity("Q8000002", claims=["P585"]),
    "a statement that is a string": _entity("Q8000003", claims={"P585": ["not a statement"]}),
    "a snak without a value": _entity(
        "Q8000004",
        claims={"P585": [{"mainsnak": {"snaktype": "value"}, "rank": "normal"}]},
    ),
    "a time that is a number": _entity(
        "Q8000005",
        claims={
            "P585": [
                {
                    "mainsnak": {
                        "snaktype": "value",
                        "datavalue": {
                            "value": {
                                "time": 1953,
                                "precision": 11,
                                "calendarmodel": "http://www.wikidata.org/entity/Q1985727",
                            }
                        },
                    },
                    "rank": "normal",
                }
            ]
        },
    ),
    "a calendar model that is a list": _entity(
        "Q8000006",
        claims={
            "P585": [
                {
                    "mainsnak": {
                        "snaktype": "value",
                        "datavalue": {
                            "value": {"time": "+1953-07-27T00:00:00Z", "calendarmodel": []}
                        },
                    },
                    "rank": "normal",
                }
            ]
        },
    ),
    "sitelinks that are a string": _entity("Q8000007", sitelinks="enwiki"),
}


def test_a_malformed_entity_is_skipped_with_its_reason_and_never_stops_the_rest(tmp_path):
    lines = DUMP.read_text(encoding="utf-8").splitlines()
    deep = '{"id": "Q8000008", "claims": ' + "[" * 5000 + "]" * 5000 + "}"
    nested = {"id": "Q8000009", "labels": {"en": {"value": "Deep"}}}
    for _ in range(40):
        nested = {"claims": nested}
    extra = [json.dumps(e) + "," for e in MALFORMED.values()] + [
        deep + ",",
        json.dumps({**nested, "id": "Q8000009"}) + ",",
        json.dumps(_entity("Q8000010", labels={"en": {"value": "T" * 400}})) + ",",
        json.dumps(_entity("Q8000011", sitelinks={"enwiki": {"title": "A" * 600}})) + ",",
    ]
    path = tmp_path / "dump.json"
    path.write_text("\n".join([lines[0], *extra, *lines[1:]]) + "\n", encoding="utf-8")
    out, err = run(path)
    # Every good entity still imported; the labels-as-list and sitelinks-as-string ones
    # keep what can be read (the date), the rest are named with their reason.
    assert set(EXPECTED) <= set(Event.objects.values_list("external_id", flat=True))
    assert "Q8000008" not in err or "nested deeper" in err
    assert "nested deeper than 32 levels" in err
    assert "Q8000002" in err and "no date" in err
    assert "Q8000006" in err and "neither Gregorian nor Julian" in err
    assert "Q8000005" in err and "not +YYYY-MM-DD" in err
    # Fields longer than their column are row errors, naming the field.
    assert "title" in err and "300" in err
    assert "citations: source title" in err  # the article's name, as the source's title
    assert not Event.objects.filter(external_id__in=["Q8000010", "Q8000011"]).exists()
    assert "0 bad" not in out


def test_an_enormous_line_inside_a_gz_is_skipped_without_reading_it_whole(tmp_path, monkeypatch):
    from events.exchange import wikidata

    monkeypatch.setattr(wikidata, "MAX_LINE_CHARS", 10_000)
    path = tmp_path / "dump.json.gz"
    lines = DUMP.read_text(encoding="utf-8").splitlines()
    huge = '{"id": "Q8000012", "labels": {"en": {"value": "' + "x" * 50_000 + '"}}},'
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join([lines[0], huge, *lines[1:]]) + "\n")
    out, err = run(path)
    assert "line 2" in err and "longer than 10,000 characters" in err
    assert "10 created" in out
