"""Webhooks: Standard Webhooks signatures, and posting that cannot be turned against us.

SSRF guard: a webhook URL must resolve only to public addresses. The check runs when a
subscription is saved and again at every send; the request then goes to the very address
that was checked (DNS pinned, so a name cannot be re-pointed in between), redirects are
never followed. An IPv6 address that carries an IPv4 one (NAT64, 6to4, Teredo,
IPv4-compatible or -mapped) is judged by the IPv4 address too. We found no maintained
library for this (advocate stopped in 2020 and wraps requests only), so it is httpcore
(httpx's transport) plus these few lines.

Bounded: one delivery takes at most ANNALS_WEBHOOK_TIMEOUT seconds in all (every socket
operation gets only what is left of that deadline, so a receiver that drips a byte at a
time is cut off too), and at most ANNALS_WEBHOOK_MAX_RESPONSE_BYTES of the answer's body
are read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpcore
from django.conf import settings

# Cloud metadata endpoints that are not covered by "not global" (most are link-local).
_METADATA = {ipaddress.ip_address("fd00:ec2::254")}
# RFC 6052 NAT64 prefixes: the well-known one carries the IPv4 address in its last 32
# bits; the local-use /48 is private to a network, so it is refused whole.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d (RFC 4291)
# Prefixes that are not public hosts though Python's is_global may say so: SIIT's
# IPv4-translated addresses (RFC 2765, ::ffff:0:a.b.c.d), which a translator turns into
# an IPv4 destination of any kind, and the deprecated site-local fec0::/10 (RFC 3879).
_NOT_PUBLIC = (ipaddress.ip_network("::ffff:0:0:0/96"), ipaddress.ip_network("fec0::/10"))
# The longest a name may take to resolve when no delivery deadline bounds it (on save).
RESOLVE_SECONDS = 5


class UnsafeWebhookURL(ValueError):
    """A webhook URL we will not call, with the reason in words."""


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value: v1,<base64 HMAC-SHA256 of id.timestamp.body>."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def _lookup(host: str, port: int, seconds: float) -> list:
    """getaddrinfo within `seconds`: the system resolver has its own, longer timeouts, and
    a delivery's deadline must bound the lookup too. A lookup still running past the
    deadline is left to finish on its own thread; its answer is not used."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="webhook-dns")
    try:
        found = pool.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
        return found.result(timeout=max(seconds, 0.001))
    except FutureTimeout:
        raise UnsafeWebhookURL(f"The host {host!r} did not resolve in time.") from None
    finally:
        pool.shutdown(wait=False)


def resolve_public(url: str, seconds: float = RESOLVE_SECONDS) -> tuple[str, str]:
    """Check `url` and return (hostname, the address to connect to), or raise
    UnsafeWebhookURL. Names resolving to loopback, private, link-local, reserved or
    metadata addresses are refused unless ANNALS_WEBHOOK_ALLOW_PRIVATE is set. The refusal
    never says which address a name resolved to: it would map the network behind us."""
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
        infos = _lookup(parts.hostname, port, seconds)
    except UnsafeWebhookURL:
        raise
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise UnsafeWebhookURL(f"The host {parts.hostname!r} cannot be resolved.") from exc
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if address.version == 6 and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not allow_private and not is_public(address):
            raise UnsafeWebhookURL(
                f"{parts.hostname!r} resolves to a private address (not a public one); "
                "webhooks may only call public hosts."
            )
        addresses.append(address)
    return parts.hostname, str(addresses[0])


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries, by every transition scheme a router
    may honour: a packet to one of these can reach the IPv4 host inside."""
    found = [v4 for v4 in (address.ipv4_mapped, address.sixtofour) if v4 is not None]
    if address.teredo:
        found += list(address.teredo)
    if address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 0xFFFF):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether a webhook may call this address: global, not metadata, not multicast, and
    carrying no IPv4 address that is anything else."""
    if not address.is_global or address in _METADATA or address.is_multicast:
        return False
    if any(address in network for network in _NOT_PUBLIC if network.version == address.version):
        return False
    if address.version == 6:
        if address in _NAT64_LOCAL or address in _IPV4_COMPATIBLE:
            return False
        return all(is_public(v4) for v4 in embedded_ipv4(address))
    return True


@dataclass
class PostResult:
    ok: bool
    status_code: int | None
    latency_ms: int
    error: str


class _Deadline(httpcore.NetworkBackend):
    """Sockets whose every operation gets only what is left of one deadline: httpx and
    httpcore time each read on its own, so without this a receiver that sends a byte
    just inside the read timeout could hold a worker for ever."""

    def __init__(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds
        self._inner = httpcore.SyncBackend()

    def left(self, timeout: float | None) -> float:
        left = self.until - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the delivery's deadline has passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self._inner.connect_tcp(
            host, port, self.left(timeout), local_address, socket_options
        )
        return _DeadlineStream(stream, self)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("webhooks do not call Unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, max(self.until - time.monotonic(), 0)))


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner, self._deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        stream = self._inner.start_tls(ssl_context, server_hostname, self._deadline.left(timeout))
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


def post(url: str, body: bytes, headers: dict[str, str]) -> PostResult:
    """POST to a checked, pinned address within one deadline; never follows redirects,
    reads at most ANNALS_WEBHOOK_MAX_RESPONSE_BYTES of the answer."""
    started = time.monotonic()
    seconds = settings.ANNALS_WEBHOOK_TIMEOUT
    deadline = _Deadline(seconds)

    def result(ok, status=None, error=""):
        return PostResult(ok, status, int((time.monotonic() - started) * 1000), error)

    try:
        hostname, address = resolve_public(url, deadline.until - time.monotonic())
    except UnsafeWebhookURL as exc:
        return result(False, error=str(exc))
    parts = urlsplit(url)
    host_for_url = f"[{address}]" if ":" in address else address
    netloc = f"{host_for_url}:{parts.port}" if parts.port else host_for_url
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = parts.netloc.rsplit("@", 1)[-1]
    extensions: dict = {"timeout": dict.fromkeys(("connect", "read", "write", "pool"), seconds)}
    if parts.scheme == "https":
        extensions["sni_hostname"] = hostname
    limit = settings.ANNALS_WEBHOOK_MAX_RESPONSE_BYTES
    try:
        with (
            httpcore.ConnectionPool(network_backend=deadline, max_connections=1, retries=0) as pool,
            pool.stream(
                "POST",
                pinned,
                content=body,
                extensions=extensions,
                headers=[
                    *{
                        **headers,
                        "Host": host_header,
                        "Content-Type": "application/json",
                        "User-Agent": "Annals-Webhooks/1.0",
                        "Content-Length": str(len(body)),
                    }.items()
                ],
            ) as response,
        ):
            status, read = response.status, 0
            for chunk in response.iter_stream():  # read, then drop: only the status counts
                read += len(chunk)
                if read >= limit:
                    break
    except httpcore.TimeoutException:
        return result(False, error=f"timed out: no answer within {seconds}s")
    except httpcore.UnsupportedProtocol as exc:
        return result(False, error=f"{type(exc).__name__}: {exc}")
    except (httpcore.NetworkError, httpcore.ProtocolError, OSError) as exc:
        return result(False, error=f"{type(exc).__name__}: {exc}")
    if 300 <= status < 400:
        return result(False, status, f"answered {status} redirect; redirects are not followed")
    if 200 <= status < 300:
        return result(True, status)
    return result(False, status, f"answered {status}")
