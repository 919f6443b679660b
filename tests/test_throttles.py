"""Subscribing and signing in are rate-limited, on the web and in the API alike."""

import pytest
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from timeline.models import Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(monkeypatch):
    def set_rates(**rates):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                            {"anon": "1000/minute", "user": "1000/minute", **rates})
    return set_rates


def subscribe(client, n):
    return client.post("/subscribe/all/", {
        "email": f"reader{n}@example.org", "lead": "7,0", "timezone": "UTC",
        "send_time": "08:00"})


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
    codes = [api.post("/api/subscriptions/", body, format="json").status_code
             for _ in range(3)]
    assert codes == [201, 201, 429]


def test_admin_sign_in_is_limited_per_address_and_per_account(editor, rates):
    rates(login="3/minute", subscribe="1000/minute")
    wrong = {"username": "edith", "password": "guess"}
    client = Client()
    assert [client.post("/admin/login/", wrong).status_code for _ in range(3)] == [200] * 3
    # The right password no longer helps from here until the minute is over.
    right = {"username": "edith", "password": "correct horse battery"}
    refused = client.post("/admin/login/", right)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert "_auth_user_id" not in client.session

    # Guesses spread over many addresses still stop at the account's own count...
    assert Client(REMOTE_ADDR="198.51.100.7").post("/admin/login/", right).status_code == 429
    # ...while other people sign in as usual.
    other = {"username": "someone", "password": "whatever"}
    assert Client(REMOTE_ADDR="198.51.100.8").post("/admin/login/", other).status_code == 200
