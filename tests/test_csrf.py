"""Every form that changes something carries a CSRF token and is refused without one.

The forms are found by crawling the pages people use (public pages, subscription links,
the admin's login, index, every list, add and change page and its custom views) rather
than listed by hand, so a new form is covered the day it appears.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from timeline.reminders.links import make_token
from timeline.reminders.subscriptions import subscription_create

# Middleware and forms, the same on every database: run once (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.any_database]

# RFC 8058 one-click unsubscribe: mail clients POST with no token; the signed link is the
# authority, and the only thing it can do is stop that one subscription.
CSRF_EXEMPT = {"/subscriptions/unsubscribe/"}


class Forms(HTMLParser):
    """The POST forms of a page: action and the fields a browser would send."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select", "button"):
            name = attrs.get("name")
            if name and attrs.get("type") not in ("file", "submit", "checkbox", "radio"):
                self._form["fields"][name] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def post_forms(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Forms()
    parser.feed(response.content.decode())
    return [(urljoin(url, form["action"]) or url, form["fields"]) for form in parser.forms]


def admin_pages(user):
    request = RequestFactory().get("/")
    request.user = user
    pages = [
        reverse("admin:index"),
        reverse("admin:events_event_import"),
        reverse("admin:events_source_draft"),
    ]
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            pages.append(reverse("admin:{}_{}_add".format(*info)))
        if (obj := model._default_manager.first()) is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    return pages


@pytest.fixture
def subscription(seeded):
    return subscription_create(target="all", email="reader@example.org", lead_days=[7]).subscription


def public_pages(subscription):
    return [
        reverse("home"),
        reverse("subscribe-all"),
        reverse("subscribe", args=["timeline", "korean-war-armistice"]),
        reverse("subscription-manage", args=[make_token(subscription, "manage")]),
        reverse("subscription-unsubscribe", args=[make_token(subscription, "unsubscribe")]),
        reverse("search") + "?q=armistice",
    ]


def check_forms(plain: Client, strict: Client, pages: list[str]) -> int:
    seen = 0
    for page in pages:
        for action, fields in post_forms(plain, page):
            seen += 1
            exempt = any(action.startswith(prefix) for prefix in CSRF_EXEMPT)
            assert exempt or "csrfmiddlewaretoken" in fields, f"{page}: form to {action}"
            fields.pop("csrfmiddlewaretoken", None)
            refused = strict.post(action, fields)
            if exempt:
                assert refused.status_code != 403, action
            else:
                assert refused.status_code == 403, f"{action} accepted a POST with no token"
                assert b"CSRF" in refused.content
    return seen


def test_every_public_form_needs_a_csrf_token(seeded, subscription):
    seen = check_forms(Client(), Client(enforce_csrf_checks=True), public_pages(subscription))
    assert seen >= 5  # subscribe ×2, manage, unsubscribe, and the home page's subscribe


def test_every_admin_form_needs_a_csrf_token(seeded, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-boss-1")
    plain, strict = Client(), Client(enforce_csrf_checks=True)
    assert check_forms(plain, strict, [reverse("admin:login")]) == 1
    plain.force_login(boss)
    strict.force_login(boss)
    seen = check_forms(plain, strict, admin_pages(boss))
    # Every list (actions), add and change form, the two custom views, and log out.
    assert seen >= 3 * len(admin.site._registry)


def test_a_signed_in_session_cannot_write_to_the_api_without_a_token(editor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    response = strict.post("/api/tags/", {"slug": "forged", "name": "Forged"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]

    strict.get(reverse("subscribe-all"))  # a page with a form sets the CSRF cookie
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        "/api/tags/", {"slug": "honest", "name": "Honest"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201
