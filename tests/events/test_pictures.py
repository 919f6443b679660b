"""An event's picture: uploaded in the admin with its alt text, credit and source, checked
for type, size and dimensions by Pillow, kept under the media root with a thumbnail, and
shown on the event's page, in lists, in the API and in TimelineJS."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from events.models import Event
from tests.factories import EventFactory
from tests.html import text

pytestmark = pytest.mark.django_db


def picture(size=(1200, 800), fmt="PNG", name="parade.png") -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", size, (138, 43, 14)).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANNALS_SERVE_MEDIA = True
    return settings.MEDIA_ROOT


def admin_form(client, event: Event, **fields) -> dict:
    """What the admin's change form posts: the event's fields and empty inlines."""
    page = text(client.get(reverse("admin:events_event_change", args=[event.pk])))
    data = {
        name: value
        for name, value in re.findall(
            r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)" value="(\d*)"', page
        )
    }
    for name in re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page):
        data[f"{name}-TOTAL_FORMS"] = "0"
        data[f"{name}-INITIAL_FORMS"] = "0"
    data |= {
        "title": event.title,
        "slug": event.slug,
        "status": event.status,
        "kind": event.kind,
        "date": event.date,
        "calendar": event.calendar,
        "observed": event.observed,
        **fields,
    }
    return data


def test_an_editor_uploads_a_picture_that_shows_everywhere(seeded, editor_client):
    event = Event.objects.get(slug="night-parade-hwasong-18")
    data = admin_form(
        editor_client,
        event,
        image=picture(),
        image_alt="Missiles on trucks in a night parade",
        image_credit="Example Agency, CC BY 4.0",
        image_source_url="https://example.org/parade",
    )
    response = editor_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.image.name.startswith("events/") and event.image_thumbnail
    with Image.open(event.image_thumbnail.path) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 480
    # The page shows it with its alt text and credit; the file is served.
    page = text(editor_client.get(event.get_absolute_url()))
    assert f'<img src="{event.image.url}" alt="Missiles on trucks in a night parade">' in page
    assert "Example Agency, CC BY 4.0" in page and 'href="https://example.org/parade"' in page
    assert editor_client.get(event.image.url).status_code == 200
    # Lists show the thumbnail; the API and TimelineJS give both, absolute.
    day = text(editor_client.get("/on-this-day/07-27/"))
    assert f'src="{event.image_thumbnail.url}"' in day
    api = APIClient().get(f"/api/events/{event.slug}/").json()["picture"]
    assert api["alt"] == "Missiles on trucks in a night parade"
    assert api["thumbnail_url"].endswith(event.image_thumbnail.url)
    listed = APIClient().get("/api/events/", {"q": "parade"}).json()["results"]
    assert [e["picture"] for e in listed if e["slug"] == event.slug] == [api]
    slides = APIClient().get("/api/timelines/korean-war-armistice/timelinejs/").json()
    [slide] = [s for s in slides["events"] if s["unique_id"] == event.slug]
    assert slide["media"]["url"] == api["url"] and slide["media"]["credit"].startswith("Example")


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (
            SimpleUploadedFile("x.png", b"GIF89a not really", content_type="image/png"),
            "valid image",
        ),
        (
            SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg"),
            "valid image",
        ),
        ("small", "each side must be between 100 and 8000"),
        ("long", "each side must be between 100 and 8000"),
        ("bmp", "not BMP"),
    ],
)
def test_what_is_not_a_fit_picture_is_refused_naming_the_field(editor_client, upload, words):
    event = EventFactory()
    if upload == "small":
        upload = picture((80, 60))
    elif upload == "long":
        upload = picture((8200, 120))
    elif upload == "bmp":
        upload = picture(fmt="BMP", name="x.bmp")
    data = admin_form(editor_client, event, image=upload, image_alt="a", image_credit="b")
    response = editor_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert words in " ".join(errors["image"])
    event.refresh_from_db()
    assert not event.image


def test_a_picture_too_large_is_refused_before_it_is_decoded(editor_client, settings):
    settings.ANNALS_IMAGE_MAX_BYTES = 10_000
    event = EventFactory()
    data = admin_form(
        editor_client,
        event,
        image=picture((2000, 2000), "BMP", "x.bmp"),
        image_alt="a",
        image_credit="b",
    )
    response = editor_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    [problem] = response.context["adminform"].form.errors["image"]
    assert problem.startswith("The file is") and problem.endswith("may be at most 10 KB.")


def test_a_picture_needs_its_alt_text_and_credit(editor_client):
    event = EventFactory()
    data = admin_form(editor_client, event, image=picture())
    response = editor_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    errors = response.context["adminform"].form.errors
    assert "alt text" in errors["image_alt"][0] and "credit" in errors["image_credit"][0]


def test_media_is_served_by_the_app_only_when_asked(client, settings, media):
    (media / "events").mkdir(parents=True)
    (media / "events" / "a.jpg").write_bytes(b"x")
    assert client.get("/media/events/a.jpg").status_code == 200
    assert client.get("/media/../settings.py").status_code in (400, 404)
    assert client.get("/media/%2e%2e/%2e%2e/etc/passwd").status_code in (400, 404)
    settings.ANNALS_SERVE_MEDIA = False
    assert client.get("/media/events/a.jpg").status_code == 404
