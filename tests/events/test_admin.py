"""The editors' admin: search in any script, filters, the event form with its inlines,
date explanations, history, and what the Editors group may do."""

import pytest
from django.urls import reverse

from events.models import Actor, Citation, Event, Participation, Place, Source

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:events_event_changelist")
ADD = reverse("admin:events_event_add")


def titles(response):
    return [event.title for event in response.context["cl"].result_list]


def event_form(**overrides):
    """POST data for the event add form, with one row in each inline."""
    actor = Actor.objects.get(slug="sergei-shoigu")
    source = Source.objects.get(title__startswith="Russian Minister")
    armistice = Event.objects.get(slug="korean-war-armistice-agreement")
    data = {
        "title": "Shoigu lays a wreath",
        "slug": "shoigu-wreath",
        "status": "draft",
        "kind": "visit",
        "date": "2023-07-26",
        "calendar": "gregorian",  # the select's default, as a browser posts it
        "observed": "as-written",
        "time": "",
        "timezone": "",
        "place": "",
        "summary": "",
        "body": "",
        "participations-TOTAL_FORMS": "1",
        "participations-INITIAL_FORMS": "0",
        "participations-0-actor": str(actor.pk),
        "participations-0-role": "visitor",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-0-source": str(source.pk),
        "citations-0-quote": "laid a wreath",
        "citations-0-locator": "para. 4",
        "relations_out-TOTAL_FORMS": "1",
        "relations_out-INITIAL_FORMS": "0",
        "relations_out-0-to_event": str(armistice.pk),
        "relations_out-0-kind": "related",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Шойгу", "Sergei Shoigu arrives in Pyongyang"),
        ("ШОЙГУ", "Sergei Shoigu arrives in Pyongyang"),
        ("李鸿忠", "Li Hongzhong leads a Chinese delegation to Pyongyang"),
        ("김정은", "Night military parade shows the Hwasong-18 ICBM"),
        ("Korean Armistice Agreement", "Korean War Armistice Agreement"),  # a source title
        ("night parade", "Night military parade shows the Hwasong-18 ICBM"),
    ],
)
def test_event_search_finds_titles_actor_names_in_any_script_and_source_titles(
    seeded, editor_client, query, expected
):
    response = editor_client.get(CHANGELIST, {"q": query})
    assert response.status_code == 200
    assert expected in titles(response)
    assert len(titles(response)) == len(set(titles(response)))


def test_event_filters(seeded, editor_client):
    war = editor_client.get(CHANGELIST, {"kind__exact": "war"})
    assert titles(war) == ["Korean War"]
    approximate_month = editor_client.get(CHANGELIST, {"precision__exact": "month"})
    assert "Li Hongzhong leads a Chinese delegation to Pyongyang" in titles(approximate_month)
    century = editor_client.get(CHANGELIST, {"century": "1900"})
    assert set(titles(century)) == {"Korean War", "Korean War Armistice Agreement"}
    decade = editor_client.get(CHANGELIST, {"century": "2000", "decade": "2020"})
    assert "North Korea closes its borders against COVID-19" in titles(decade)
    assert "Korean War" not in titles(decade)
    drafts = editor_client.get(CHANGELIST, {"status__exact": "draft"})
    assert titles(drafts) == []


def test_adding_an_event_with_inlines_saves_all_and_says_how_the_date_was_read(
    seeded, editor_client
):
    response = editor_client.post(ADD, event_form(), follow=True)
    assert response.status_code == 200
    event = Event.objects.get(slug="shoigu-wreath")
    assert event.participations.get().actor.slug == "sergei-shoigu"
    assert event.citations.get().quote == "laid a wreath"
    assert event.relations_out.get().to_event.slug == "korean-war-armistice-agreement"
    assert "Date understood as: 26 July 2023 — day precision." in response.content.decode()


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("1953-02-30", "February 1953 has 28 days, so there is no day 30"),
        ("1953-13-01", "there is no month 13"),
        ("July 1953", "write 1953-07 for July 1953"),
        ("", "This field is required"),
    ],
)
def test_an_invalid_date_is_explained_and_nothing_is_half_saved(
    seeded, editor_client, date, message
):
    counts = (Event.objects.count(), Participation.objects.count(), Citation.objects.count())
    response = editor_client.post(ADD, event_form(date=date))
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["date"][0]
    assert (
        Event.objects.count(),
        Participation.objects.count(),
        Citation.objects.count(),
    ) == counts


def test_change_form_shows_how_the_date_was_understood(seeded, editor_client):
    event = Event.objects.get(slug="korean-war")
    response = editor_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert "25 June 1950 – 27 July 1953 — interval, day precision" in response.content.decode()


def test_history_shows_who_changed_what(seeded, editor_client, editor):
    event = Event.objects.get(slug="li-hongzhong-visits-pyongyang")
    form = event_form(
        title=event.title,
        slug=event.slug,
        date="2023-07-26",
        status="published",
        **{
            "participations-TOTAL_FORMS": "0",
            "citations-TOTAL_FORMS": "0",
            "relations_out-TOTAL_FORMS": "0",
        },
    )
    response = editor_client.post(reverse("admin:events_event_change", args=[event.pk]), form)
    assert response.status_code == 302
    record = event.history.first()
    assert record.history_user == editor and record.date == "2023-07-26"
    page = editor_client.get(reverse("admin:events_event_history", args=[event.pk]))
    assert page.status_code == 200 and "edith" in page.content.decode()


def test_editors_may_add_and_change_but_not_delete_or_manage_users(seeded, editor_client):
    event = Event.objects.get(slug="korean-war")
    assert editor_client.get(ADD).status_code == 200
    assert (
        editor_client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200
    )
    assert (
        editor_client.get(reverse("admin:events_event_delete", args=[event.pk])).status_code == 403
    )
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_actor_autocomplete_matches_names_in_any_script(seeded, editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "events",
            "model_name": "participation",
            "field_name": "actor",
            "term": "쇼이구",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Sergei Shoigu"]


def test_bad_urls_and_time_zones_are_refused_in_the_admin(editor_client):
    response = editor_client.post(
        reverse("admin:events_source_add"),
        {
            "title": "Report",
            "url": "javascript:alert(1)",
            "archive_url": "ftp://x.org/a",
            "kind": "news",
            "published": "2023-02-30",
        },
    )
    errors = response.context["adminform"].form.errors
    assert {"url", "archive_url", "published"} <= set(errors)
    assert not Source.objects.exists()
    response = editor_client.post(
        reverse("admin:events_place_add"),
        {
            "name": "Olympus Mons",
            "slug": "olympus-mons",
            "timezone": "Mars/Olympus",
        },
    )
    assert "not an IANA time zone" in response.context["adminform"].form.errors["timezone"][0]
    assert not Place.objects.exists()


def test_editors_import_a_csv_in_the_admin(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:events_event_import")
    assert "Import CSV" in editor_client.get(CHANGELIST).content.decode()
    upload = SimpleUploadedFile(
        "events.csv",
        (
            b"external_id,title,date,kind\n"
            b"x-1,Armistice signed,1953-07-27,signing\n"
            b"x-2,Impossible day,1953-02-30,signing\n"
        ),
    )
    response = editor_client.post(url, {"file": upload})
    page = response.content.decode()
    assert "2 rows: 1 created, 0 updated, 0 unchanged, 1 bad" in page
    assert "line 3: date: &#x27;1953-02-30&#x27;: February 1953 has 28 days" in page
    assert Event.objects.get(external_id="x-1").date_display == "27 July 1953"


ROWS = [  # (title, slug, date, time, timezone, kind) and the field each one breaks
    (("T" * 301, "", "1953", "", "", "other"), "title"),
    (("Bad slug", "not a slug!", "1953", "", "", "other"), "slug"),
    (("Time, no day", "", "1953", "10:00", "Asia/Seoul", "other"), "time"),
    (("Time, no zone", "", "1953-07-27", "10:00", "", "other"), "timezone"),
    (("Zone", "", "1953", "", "Mars/Olympus", "other"), "timezone"),
    (("Kind", "", "1953", "", "", "party"), "kind"),
    (("Far", "", "Y20000", "", "", "other"), "date"),
]


def test_the_admin_upload_checks_rows_as_the_api_does(editor_client, editor):
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["title", "slug", "date", "time", "timezone", "kind"])
    for (title, slug, date, time, zone, kind), field in ROWS:
        writer.writerow([title, slug, date, time, zone, kind])
        body = {
            "title": title,
            "date": date,
            "kind": kind,
            "time": time or None,
            "timezone": zone,
            **({"slug": slug} if slug else {}),
        }
        refused = api.post("/api/events/", body, format="json")
        assert refused.status_code == 400 and field in refused.json(), (field, refused.json())
    response = editor_client.post(
        reverse("admin:events_event_import"),
        {"file": SimpleUploadedFile("rows.csv", buffer.getvalue().encode())},
    )
    page = response.content.decode()
    assert f"{len(ROWS)} rows: 0 created, 0 updated, 0 unchanged, {len(ROWS)} bad" in page
    for line, (_row, field) in enumerate(ROWS, start=2):
        assert f"line {line}: {field}: " in page, field
    assert not Event.objects.exists()


def test_the_admin_upload_has_a_size_limit(editor_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.ANNALS_IMPORT_MAX_BYTES = 1000
    big = b"title,date\n" + b"An event,1953\n" * 100
    response = editor_client.post(
        reverse("admin:events_event_import"), {"file": SimpleUploadedFile("big.csv", big)}
    )
    assert response.status_code == 200
    assert "an upload may be at most" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"title,date\nArmistice,1953-07-27\n\xff\xfe\x00garbage\n", "(file): not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "(file): not UTF-8 text"),
    ],
)
def test_a_file_that_is_not_csv_text_is_a_row_error_not_a_500(editor_client, content, problem):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = editor_client.post(
        reverse("admin:events_event_import"),
        {"file": SimpleUploadedFile("events.csv", content), "strict": "on"},
    )
    assert response.status_code == 200
    assert problem in response.content.decode()
    assert not Event.objects.exists()  # strict: a bad file imports nothing
