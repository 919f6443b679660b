"""Webhooks: Standard Webhooks signatures, and posting that cannot be turned against us.

SSRF guard: a webhook URL must resolve only to public addresses. The check runs when a
subscription is saved and again at every send; the request then goes to the very address
that was checked (DNS pinned, so a name cannot be re-pointed in between), redirects are
never followed, and timeouts are short. We found no maintained library for this
(advocate stopped in 2020 and wraps requests only), so it is httpx plus these few lines.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx
from django.conf import settings

# Cloud metadata endpoints that are not covered by "not global" (most are link-local).
_METADATA = {ipaddress.ip_address("fd00:ec2::254")}


class UnsafeWebhookURL(ValueError):
    """A webhook URL we will not call, with the reason in words."""


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value: v1,<base64 HMAC-SHA256 of id.timestamp.body>."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def resolve_public(url: str, *, allow_private: bool | None = None) -> tuple[str, str]:
    """Check `url` and return (hostname, the address to connect to), or raise
    UnsafeWebhookURL. Names resolving to loopback, private, link-local, reserved or
    metadata addresses are refused unless ANNALS_WEBHOOK_ALLOW_PRIVATE is set."""
    if allow_private is None:
        allow_private = settings.ANNALS_WEBHOOK_ALLOW_PRIVATE
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeWebhookURL("Webhook URLs must start with http:// or https://.")
    if not parts.hostname:
        raise UnsafeWebhookURL("The webhook URL has no host name.")
    if parts.username or parts.password:
        raise UnsafeWebhookURL("Webhook URLs must not carry a user name or password.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise UnsafeWebhookURL(f"The host {parts.hostname!r} cannot be resolved.") from exc
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if address.version == 6 and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not allow_private and (not address.is_global or address in _METADATA
                                  or address.is_multicast):
            raise UnsafeWebhookURL(
                f"{parts.hostname!r} resolves to {address}, which is not a public address; "
                "webhooks may only call public hosts."
            )
        addresses.append(address)
    return parts.hostname, str(addresses[0])


@dataclass
class PostResult:
    ok: bool
    status_code: int | None
    latency_ms: int
    error: str


def post(url: str, body: bytes, headers: dict[str, str]) -> PostResult:
    """POST to a checked, pinned address; never follows redirects."""
    started = time.monotonic()

    def result(ok, status=None, error=""):
        return PostResult(ok, status, int((time.monotonic() - started) * 1000), error)

    try:
        hostname, address = resolve_public(url)
    except UnsafeWebhookURL as exc:
        return result(False, error=str(exc))
    parts = urlsplit(url)
    host_for_url = f"[{address}]" if ":" in address else address
    netloc = f"{host_for_url}:{parts.port}" if parts.port else host_for_url
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = parts.netloc.rsplit("@", 1)[-1]
    timeout = httpx.Timeout(settings.ANNALS_WEBHOOK_TIMEOUT)
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
            response = client.post(
                pinned, content=body,
                headers={**headers, "Host": host_header, "Content-Type": "application/json",
                         "User-Agent": "Annals-Webhooks/1.0"},
                extensions={"sni_hostname": hostname} if parts.scheme == "https" else {},
            )
    except httpx.TimeoutException:
        return result(False, error=f"timed out after {settings.ANNALS_WEBHOOK_TIMEOUT}s")
    except httpx.HTTPError as exc:
        return result(False, error=f"{type(exc).__name__}: {exc}")
    if response.is_redirect:
        return result(False, response.status_code,
                      f"answered {response.status_code} redirect; redirects are not followed")
    if response.is_success:
        return result(True, response.status_code)
    return result(False, response.status_code, f"answered {response.status_code}")
