"""A webhook delivery is bounded: one deadline in all, a cap on the answer read, time
limits on the tasks, and no address that carries a private IPv4 one."""

import ipaddress
import time

import pytest

from tests.servers import HostileReceiver
from timeline.reminders import tasks
from timeline.reminders.webhooks import (
    UnsafeWebhookURL,
    embedded_ipv4,
    is_public,
    post,
    resolve_public,
)


@pytest.fixture
def private_allowed(settings):
    settings.ANNALS_WEBHOOK_ALLOW_PRIVATE = True
    settings.ANNALS_WEBHOOK_TIMEOUT = 1


def post_to(mode: str, **options):
    """A delivery to a misbehaving receiver: (its result, seconds taken, bytes it sent)."""
    receiver = HostileReceiver(mode, **options)
    try:
        started = time.monotonic()
        result = post(receiver.url, b"{}", {})
        return result, time.monotonic() - started, receiver.sent
    finally:
        receiver.stop()


def test_a_receiver_that_drips_bytes_is_cut_off_at_the_deadline(private_allowed):
    # Each byte comes well inside a read timeout: only a total deadline stops it.
    result, seconds, sent = post_to("drip", interval=0.1)
    assert not result.ok
    assert "no answer within 1s" in result.error
    assert sent >= 5  # it was dripping, not silent
    assert seconds < 3  # the 1 s deadline, not the 1,000 s the drip would take


def test_an_endless_answer_is_read_only_up_to_the_cap(private_allowed, settings):
    settings.ANNALS_WEBHOOK_MAX_RESPONSE_BYTES = 100_000
    settings.ANNALS_WEBHOOK_TIMEOUT = 30
    result, seconds, _ = post_to("flood")
    assert result.ok and result.status_code == 200
    assert seconds < 30  # it stopped reading at the cap, not at the deadline


@pytest.fixture
def private_refused(settings):
    settings.ANNALS_WEBHOOK_ALLOW_PRIVATE = False


@pytest.mark.parametrize(
    "address, carried",
    [
        ("64:ff9b::7f00:1", "127.0.0.1"),  # NAT64 well-known prefix
        ("64:ff9b::a9fe:a9fe", "169.254.169.254"),  # NAT64 to the metadata address
        ("2002:c0a8:0101::1", "192.168.1.1"),  # 6to4
        ("::ffff:10.0.0.1", "10.0.0.1"),  # IPv4-mapped
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "10.0.0.1"),  # Teredo (client obfuscated)
    ],
)
def test_ipv6_forms_that_carry_a_private_ipv4_are_refused(private_refused, address, carried):
    parsed = ipaddress.ip_address(address)
    assert ipaddress.ip_address(carried) in embedded_ipv4(parsed) or parsed.ipv4_mapped
    assert not is_public(parsed)
    with pytest.raises(UnsafeWebhookURL, match="a private address"):
        resolve_public(f"http://[{address}]/hook")


@pytest.mark.parametrize("address", ["::7f00:1", "::a00:1", "64:ff9b:1::a00:1"])
def test_ipv4_compatible_and_local_nat64_addresses_are_refused(private_refused, address):
    with pytest.raises(UnsafeWebhookURL, match="a private address"):
        resolve_public(f"http://[{address}]/hook")


def test_public_addresses_in_those_forms_are_still_allowed(private_refused):
    # NAT64 and 6to4 of a public IPv4 address reach a public host.
    assert is_public(ipaddress.ip_address("64:ff9b::808:808"))
    assert is_public(ipaddress.ip_address("2606:4700:4700::1111"))
    assert resolve_public("http://8.8.8.8/hook")[1] == "8.8.8.8"


def test_the_sending_tasks_have_soft_and_hard_time_limits(settings):
    for task in (tasks.send_webhook, tasks.send_emails, tasks.send_confirmation):
        assert 0 < task.soft_time_limit < task.time_limit
    assert tasks.send_webhook.soft_time_limit > settings.ANNALS_WEBHOOK_TIMEOUT


@pytest.mark.parametrize("address", ["::ffff:0:7f00:1", "::ffff:0:a00:1", "fec0::1", "fec0:1::a"])
def test_siit_and_site_local_addresses_are_refused(private_refused, address):
    assert not is_public(ipaddress.ip_address(address))
    with pytest.raises(UnsafeWebhookURL, match="a private address"):
        resolve_public(f"http://[{address}]/hook")


def test_a_refusal_never_says_where_a_name_points(private_refused, monkeypatch):
    import socket

    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.20.30.40", 80))],
    )
    with pytest.raises(UnsafeWebhookURL) as refused:
        resolve_public("http://intranet.example/hook")
    assert "10.20.30.40" not in str(refused.value) and "a private address" in str(refused.value)


def test_a_name_that_resolves_slowly_is_cut_off_by_the_delivery_deadline(
    private_allowed, monkeypatch, settings
):
    import socket

    def slow(*args, **kwargs):  # a resolver that answers after 10 s
        time.sleep(10)
        return []

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    settings.ANNALS_WEBHOOK_TIMEOUT = 1
    started = time.monotonic()
    result = post("http://slow-dns.example/hook", b"{}", {})
    assert not result.ok and "did not resolve in time" in result.error
    assert time.monotonic() - started < 2.5
