"""Who may write what, and who may see private timelines: anonymous, a signed-in reader,
an editor, the owner, and another user, over every write endpoint."""

import pytest
from rest_framework.test import APIClient

from events.roles import ensure_editors_group
from timeline.models import Timeline

# Who may do what is decided in Python and plain ORM filters, the same on every
# database: run once (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.any_database]


@pytest.fixture
def people(django_user_model, seeded):
    reader = django_user_model.objects.create_user("reader")
    editor = django_user_model.objects.create_user("editor")
    editor.groups.add(ensure_editors_group())
    owner = django_user_model.objects.create_user("owner")
    owner.groups.add(ensure_editors_group())
    other = django_user_model.objects.create_user("other")
    Timeline.objects.create(title="Private", slug="private", owner=owner, visibility="private")
    return {"anonymous": None, "reader": reader, "editor": editor, "owner": owner, "other": other}


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


WRITES = [
    # (method, url, body) — each expected outcome per person below
    ("post", "/api/events/", {"title": "New", "date": "1953"}),
    ("patch", "/api/events/korean-war/", {"summary": "Edited"}),
    ("delete", "/api/events/korean-war/", None),
    ("post", "/api/tags/", {"slug": "new-tag", "name": "New tag"}),
    ("patch", "/api/places/pyongyang/", {"country": "DPRK"}),
    ("post", "/api/actors/", {"slug": "new-actor", "name": "New", "kind": "person"}),
    ("post", "/api/sources/", {"title": "New source", "kind": "news"}),
    ("post", "/api/timelines/", {"title": "Mine", "visibility": "public"}),
    ("patch", "/api/timelines/private/", {"title": "Taken"}),
    ("delete", "/api/timelines/korean-war-armistice/", None),
]
EXPECTED = {
    #            anonymous reader editor owner other
    "post /api/events/": (401, 403, 201, 201, 403),
    "patch /api/events/korean-war/": (401, 403, 200, 200, 403),
    "delete /api/events/korean-war/": (401, 403, 403, 403, 403),
    "post /api/tags/": (401, 403, 201, 201, 403),
    "patch /api/places/pyongyang/": (401, 403, 200, 200, 403),
    "post /api/actors/": (401, 403, 201, 201, 403),
    "post /api/sources/": (401, 403, 201, 201, 403),
    "post /api/timelines/": (401, 403, 201, 201, 403),
    "patch /api/timelines/private/": (401, 404, 404, 200, 404),
    "delete /api/timelines/korean-war-armistice/": (401, 403, 403, 403, 403),
}
PEOPLE = ["anonymous", "reader", "editor", "owner", "other"]


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(("method", "url", "body"), WRITES, ids=[f"{m} {u}" for m, u, _ in WRITES])
def test_authorisation_matrix(people, who, method, url, body):
    if url.endswith("/timelines/") and who in ("editor", "owner"):
        body = {**body, "title": f"Mine of {who}"}
    if url == "/api/tags/" and who == "owner":
        body = {**body, "slug": "owners-tag"}
    if url == "/api/actors/" and who == "owner":
        body = {**body, "slug": "owners-actor"}
    response = getattr(client_for(people[who]), method)(url, body, format="json")
    expected = EXPECTED[f"{method} {url}"][PEOPLE.index(who)]
    assert response.status_code == expected, (who, response.content[:200])


@pytest.mark.parametrize("who", PEOPLE)
def test_a_private_timeline_appears_nowhere_but_to_its_owner(people, who, client):
    api = client_for(people[who])
    visible = who == "owner"
    listed = [t["slug"] for t in api.get("/api/timelines/").json()["results"]]
    assert ("private" in listed) is visible
    assert (api.get("/api/timelines/private/").status_code == 200) is visible
    assert (api.get("/api/timelines/private/timelinejs/").status_code == 200) is visible
    if people[who] is not None:
        client.force_login(people[who])
    assert (client.get("/timelines/private/").status_code == 200) is visible
    assert (client.get("/timelines/private.ics").status_code == 200) is visible
    assert (
        "Private" in client.get("/").content.decode().split('id="timelines"')[1]
    ) is False  # the home page lists public timelines only
