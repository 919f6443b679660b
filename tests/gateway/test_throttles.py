"""Subscribing and signing in are rate-limited, on the web and in the API alike."""

import pytest
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from timeline.reminders.models import Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(monkeypatch):
    def set_rates(**rates):
        monkeypatch.setattr(
            SimpleRateThrottle,
            "THROTTLE_RATES",
            {
                "anon": "1000/minute",
                "user": "1000/minute",
                "export": "1000/minute",
                "calendar": "1000/minute",
                "search": "1000/minute",
                "login-address": "1000/minute",
                "confirmation": "1000/minute",
                **rates,
            },
        )

    return set_rates


def subscribe(client, n):
    return client.post(
        "/subscribe/all/",
        {"email": f"reader{n}@example.org", "lead": "7,0", "timezone": "UTC", "send_time": "08:00"},
    )


def test_the_subscribe_form_stops_after_its_rate(seeded, rates):
    rates(subscribe="2/hour", login="1000/minute")
    client = Client()
    assert [subscribe(client, n).status_code for n in range(2)] == [200, 200]
    refused = subscribe(client, 2)
    assert refused.status_code == 429
    assert 3000 < int(refused["Retry-After"]) <= 3600
    assert "Too many attempts" in refused.content.decode()
    assert Subscription.objects.count() == 2  # the refused one left nothing behind
    # Another address is another client; reading the form is never limited.
    assert subscribe(Client(REMOTE_ADDR="203.0.113.9"), 3).status_code == 200
    assert client.get("/subscribe/all/").status_code == 200


def test_the_subscriptions_api_stops_after_its_rate(seeded, rates):
    rates(subscribe="2/hour")
    api = APIClient()
    body = {"target": {"type": "all"}, "email": "api@example.org", "lead_days": [7]}
    codes = [api.post("/api/subscriptions/", body, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]


def test_failed_sign_ins_are_limited_per_address_and_account(editor, rates):
    rates(login="3/minute", subscribe="1000/minute")
    wrong = {"username": "edith", "password": "guess"}
    client = Client()
    assert [client.post("/admin/login/", wrong).status_code for _ in range(3)] == [200] * 3
    # The right password no longer helps from here until the minute is over.
    right = {"username": "edith", "password": "correct horse battery"}
    refused = client.post("/admin/login/", right)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert "_auth_user_id" not in client.session
    # Other accounts from the same address are still let through (up to login-address).
    other = {"username": "someone", "password": "whatever"}
    assert client.post("/admin/login/", other).status_code == 200


def test_nobody_elsewhere_can_lock_an_account_out(editor, rates):
    rates(login="3/minute", subscribe="1000/minute")
    wrong = {"username": "edith", "password": "guess"}
    for n in range(10):  # a stranger's guesses, from ten addresses
        Client(REMOTE_ADDR=f"198.51.100.{n}").post("/admin/login/", wrong)
    right = {"username": "edith", "password": "correct horse battery"}
    signed_in = Client(REMOTE_ADDR="192.0.2.44")
    assert signed_in.post("/admin/login/", right).status_code == 302
    assert "_auth_user_id" in signed_in.session


def test_successful_sign_ins_do_not_count(editor, rates):
    rates(login="2/minute", subscribe="1000/minute")
    right = {"username": "edith", "password": "correct horse battery"}
    assert [Client().post("/admin/login/", right).status_code for _ in range(5)] == [302] * 5


def test_failures_from_one_address_over_many_accounts_stop_there(editor, rates):
    rates(**{"login": "1000/minute", "login-address": "4/hour", "subscribe": "1000/minute"})
    client = Client()
    codes = [
        client.post("/admin/login/", {"username": f"user{n}", "password": "x"}).status_code
        for n in range(6)
    ]
    assert codes == [200] * 4 + [429] * 2
    right = {"username": "edith", "password": "correct horse battery"}
    assert Client(REMOTE_ADDR="192.0.2.45").post("/admin/login/", right).status_code == 302


def test_x_forwarded_for_is_ignored_unless_proxies_are_trusted(seeded, rates, settings):
    rates(subscribe="3/hour", login="1000/minute")
    client = Client()
    codes = [
        client.post(
            "/subscribe/all/",
            {
                "email": f"reader{n}@example.org",
                "lead": "7,0",
                "timezone": "UTC",
                "send_time": "08:00",
            },
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(15)
    ]
    assert codes == [200] * 3 + [429] * 12  # one client, whatever the header says
    api = APIClient()
    body = {"target": {"type": "all"}, "email": "api@example.org", "lead_days": [7]}
    assert (
        api.post(
            "/api/subscriptions/", body, format="json", HTTP_X_FORWARDED_FOR="203.0.113.50"
        ).status_code
        == 429
    )

    # Behind one trusted proxy, the address it saw (the last hop) is the client.
    settings.ANNALS_TRUSTED_PROXIES = 1
    proxied = Client(REMOTE_ADDR="10.0.0.2")
    first = proxied.post(
        "/subscribe/all/",
        {"email": "p@example.org", "lead": "7,0", "timezone": "UTC", "send_time": "08:00"},
        HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.77",
    )
    assert first.status_code == 200


def test_login_throttle_ignores_forwarded_headers_and_folds_names(editor, rates):
    rates(login="3/minute", subscribe="1000/minute")
    client = Client()
    spellings = ["edith", "EDITH", " Edith ", "ｅｄｉｔｈ"]  # the last in full-width letters
    codes = [
        client.post(
            "/admin/login/",
            {"username": name, "password": "guess"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n, name in enumerate(spellings)
    ]
    assert codes == [200, 200, 200, 429]


def test_ipv6_clients_are_counted_by_their_64(seeded, rates):
    from django.test import RequestFactory

    from gateway.throttling import client_key

    factory = RequestFactory()
    one = client_key(factory.get("/", REMOTE_ADDR="2001:db8:1:2::1"))
    other = client_key(factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9"))
    elsewhere = client_key(factory.get("/", REMOTE_ADDR="2001:db8:1:3::1"))
    assert one == other == "2001:db8:1:2::/64" and elsewhere != one
    assert client_key(factory.get("/", REMOTE_ADDR="::ffff:192.0.2.1")) == "192.0.2.1"


def test_anonymous_api_requests_are_throttled(monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    api = APIClient()
    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    codes = [api.get("/api/tags/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
