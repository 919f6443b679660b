"""Every URL pattern in the resolver, with every method, anonymously and as an editor: a
view answers only the methods it means to (others get 405 with Allow, OPTIONS a cheap
answer), and never a 500. A page, file, feed or export does its work for GET and HEAD
only, and HEAD sends no body."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.seed_cache import load_seeds

pytestmark = [pytest.mark.django_db]

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
# What fills each route's parameters: records of the seed data.
SAMPLES = {
    "slug": {
        "event": "korean-war-armistice-agreement",
        "timeline": "korean-war-armistice",
        "actor": "sergei-shoigu",
        "place": "pyongyang",
        "tag": "korean-war",
        "default": "korean-war-armistice",
    },
    "month_day": "07-27",
    "target": "event",
    "token": "not-a-token",
    "pk": "1",
    "id": "1",
    "format": "json",
    "app_label": "events",
    "model_name": "event",
    "object_id": "1",
    "content_type_id": "1",
    "url": "x",
}


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def _path(route: str, name: str | None) -> str | None:
    """A concrete path for a route: its parameters filled from SAMPLES."""
    route = route.replace("^", "").replace("$", "").replace("\\Z", "")
    route = route.replace("\\.", ".").replace("/?", "/")

    def fill(match: re.Match) -> str:
        key = match.group(1).split(":")[-1]
        value = SAMPLES.get(key, "x")
        if isinstance(value, dict):
            kind = next((k for k in value if k in (name or "") or k in route), "default")
            value = value[kind]
        return str(value)

    path = re.sub(r"<([^>]+)>", fill, route)
    path = re.sub(r"\(\?P<([^>]+)>[^)]*\)", fill, path)
    if any(ch in path for ch in "()[]?*+\\"):
        return None  # a regex route we cannot fill (the admin's catch-alls)
    return "/" + path


def routes() -> list[tuple[str, str, URLPattern]]:
    found = []
    for route, pattern in _patterns(get_resolver()):
        path = _path(route, pattern.name)
        if path is not None:
            found.append((path, pattern.name or "", pattern))
    return found


def declared_methods(pattern: URLPattern) -> set[str] | None:
    """The methods a view says it answers, where it says so (ours and DRF's)."""
    view = pattern.callback
    if hasattr(view, "allowed_methods"):
        return set(view.allowed_methods)
    if (cls := getattr(view, "cls", None)) is not None:
        actions = getattr(view, "actions", None)
        if actions:
            return {m.upper() for m in actions} | {"HEAD", "OPTIONS"}
        # Django's View answers HEAD with get() where there is no head().
        found = {m.upper() for m in cls.http_method_names if hasattr(cls, m)} | {"OPTIONS"}
        return found | {"HEAD"} if "GET" in found else found
    return None


PUBLIC_PREFIXES = ("/admin/",)


def test_the_walk_covers_every_public_page_kind():
    paths = {path for path, _, _ in routes()}
    for expected in (
        "/",
        "/exports/events.csv",
        "/anniversaries.ics",
        "/feeds/events.atom",
        "/search/",
        "/api/events/",
        "/timelines/korean-war-armistice/",
        "/subscribe/all/",
    ):
        assert expected in paths, expected


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "editor"])
def test_every_url_with_every_method(signed_in, editor):
    load_seeds()
    client = Client()
    if signed_in:
        client.force_login(editor)
    problems = []
    for path, _name, pattern in routes():
        declared = declared_methods(pattern)
        for method in METHODS:
            response = client.generic(method, path)
            code = response.status_code
            if code >= 500:
                problems.append(f"{method} {path}: {code}")
                continue
            if code == 405:
                allow = response.get("Allow", "")
                if not allow or method in [m.strip() for m in allow.split(",")]:
                    problems.append(f"{method} {path}: 405 with Allow {allow!r}")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if method == "OPTIONS" and len(body) > 20_000:
                problems.append(f"OPTIONS {path}: a body of {len(body)} bytes")
            if method == "HEAD" and body:
                problems.append(f"HEAD {path}: a body of {len(body)} bytes")
            if (
                declared is not None
                and method not in declared
                and method != "OPTIONS"
                and 200 <= code < 300
            ):
                problems.append(f"{method} {path}: {code}, but it answers {sorted(declared)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "path",
    [
        "/exports/events.csv",
        "/exports/events.jsonl",
        "/anniversaries.ics",
        "/timelines/korean-war-armistice.ics",
        "/search/?q=war",
        "/feeds/anniversaries.atom",
        "/",
        "/timelines/korean-war-armistice/",
        "/healthz",
    ],
)
def test_pages_and_files_refuse_other_methods_before_any_work(
    seeded, path, django_assert_num_queries
):
    client = Client()
    for method in ("POST", "PUT", "PATCH", "DELETE", "TRACE"):
        with django_assert_num_queries(0):
            response = client.generic(method, path)
        assert response.status_code == 405, (method, path)
        assert "GET" in response["Allow"] and "HEAD" in response["Allow"]
    with django_assert_num_queries(0):
        options = client.options(path)
    assert options.status_code == 200 and options.content == b""
    assert options["Allow"] == "GET, HEAD, OPTIONS"


def test_head_of_an_export_reads_no_rows(seeded, django_assert_max_num_queries):
    client = Client()
    with django_assert_max_num_queries(1):  # the throttle's user lookup at most
        response = client.head("/exports/events.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content) == b""


def test_every_method_is_counted_by_the_export_throttle(seeded, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "export", "2/hour")
    client = Client()
    codes = [client.generic(m, "/exports/events.csv").status_code for m in ("GET", "HEAD")]
    assert codes == [200, 200]
    assert client.get("/exports/events.csv").status_code == 429
    # What does no work is neither counted nor refused.
    assert client.options("/exports/events.csv").status_code == 200
    assert client.post("/exports/events.csv").status_code == 405
