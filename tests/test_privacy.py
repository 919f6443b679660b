"""Private stays private: drafts never show through a published event, editors see only
the timelines they may, and the readiness probe names no host or error text."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from events.models import Event, EventRelation
from events.roles import ensure_editors_group
from tests.factories import EventFactory
from timeline.models import Timeline

pytestmark = pytest.mark.django_db

SECRET = "Secret summit plan"


@pytest.fixture
def draft_related(seeded):
    armistice = Event.objects.get(slug="korean-war-armistice-agreement")
    draft = EventFactory(title=SECRET, slug="secret-summit-plan", date="2024-03-01", status="draft")
    EventRelation.objects.create(from_event=draft, to_event=armistice, kind="commemorates")
    EventRelation.objects.create(from_event=armistice, to_event=draft, kind="related")
    return armistice, draft


def leaks(text: str) -> bool:
    return SECRET in text or "secret-summit-plan" in text or "2024-03-01" in text


def test_a_draft_does_not_show_through_a_published_event(draft_related, editor):
    api = APIClient()
    detail = api.get("/api/events/korean-war-armistice-agreement/")
    assert detail.status_code == 200 and not leaks(detail.content.decode())
    listed = api.get("/api/events/", {"q": "Armistice Agreement"})
    assert "korean-war-armistice-agreement" in listed.content.decode()
    assert not leaks(listed.content.decode())
    page = Client().get("/events/korean-war-armistice-agreement/")
    assert page.status_code == 200 and not leaks(page.content.decode())
    for path in (
        "/events/korean-war-armistice-agreement.ics",
        "/api/timelines/korean-war-armistice/timelinejs/",
        "/api/on-this-day/07-27/",
    ):
        assert not leaks(Client().get(path).content.decode()), path

    # Editors, who may change events, do see it.
    api.force_authenticate(editor)
    detail = api.get("/api/events/korean-war-armistice-agreement/").json()
    assert {r["event"]["slug"] for r in detail["relations"]} >= {"secret-summit-plan"}
    listed = api.get("/api/events/", {"q": "Armistice Agreement"}).content.decode()
    assert "secret-summit-plan" in listed


@pytest.fixture
def timelines(seeded, django_user_model):
    def staff(name, **extra):
        user = django_user_model.objects.create_user(name, password="pw", is_staff=True, **extra)
        user.groups.add(ensure_editors_group())
        return user

    edith, olga = staff("edith"), staff("olga")
    boss = django_user_model.objects.create_superuser("boss", password="pw")
    Timeline.objects.create(
        title="Edith's notes", slug="ediths-notes", owner=edith, visibility="private"
    )
    Timeline.objects.create(
        title="Olga's notes", slug="olgas-notes", owner=olga, visibility="private"
    )
    return edith, olga, boss


def test_editors_see_public_timelines_and_their_own_private_ones(timelines):
    edith = timelines[0]
    client = Client()
    client.force_login(edith)
    listing = client.get("/admin/timeline/timeline/").content.decode()
    assert "Edith&#x27;s notes" in listing and "Korean War armistice" in listing
    assert "Olga" not in listing
    olgas = Timeline.objects.get(slug="olgas-notes")
    response = client.get(f"/admin/timeline/timeline/{olgas.pk}/change/")
    assert response.status_code == 302  # "doesn't exist", back to the list
    client.post(f"/admin/timeline/timeline/{olgas.pk}/delete/", {"post": "yes"})
    assert Timeline.objects.filter(pk=olgas.pk).exists()


def test_only_a_superuser_hands_a_timeline_to_another_owner(timelines):
    edith, olga, boss = timelines
    mine = Timeline.objects.get(slug="ediths-notes")
    form = {
        "title": "Edith's notes",
        "slug": "ediths-notes",
        "description": "",
        "visibility": "private",
        "owner": olga.pk,
        "entries-TOTAL_FORMS": "0",
        "entries-INITIAL_FORMS": "0",
    }
    client = Client()
    client.force_login(edith)
    page = client.get(f"/admin/timeline/timeline/{mine.pk}/change/").content.decode()
    assert 'name="owner"' not in page  # shown, not editable
    client.post(f"/admin/timeline/timeline/{mine.pk}/change/", form)
    mine.refresh_from_db()
    assert mine.owner == edith
    # A new timeline is the editor's own, whatever the form says.
    client.post("/admin/timeline/timeline/add/", {**form, "slug": "new-notes"})
    assert Timeline.objects.get(slug="new-notes").owner == edith

    client.force_login(boss)
    response = client.post(f"/admin/timeline/timeline/{mine.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    mine.refresh_from_db()
    assert mine.owner == olga
