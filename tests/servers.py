"""Real servers for tests, all on 127.0.0.1: an SMTP sink (aiosmtpd), an HTTP receiver for
webhooks, a private redis-server, a Celery worker process, and any other program."""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float = 30, interval: float = 0.1, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(interval)
    raise AssertionError(message or f"condition not met within {timeout}s")


class _CountingSMTP(SMTP):
    def __init__(self, *args, sink: SMTPSink, **kwargs):
        super().__init__(*args, **kwargs)
        sink.connections += 1


class SMTPSink:
    """An SMTP server that keeps what it receives. `hold` makes DATA wait (to catch a
    worker mid-send)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.raw: list[bytes] = []
        self._parsed: list[Message] = []
        self.connections = 0
        self.hold = threading.Event()
        self.hold.set()
        self.holding = threading.Event()
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):
        if not self.hold.is_set():
            self.holding.set()
            while not self.hold.is_set():
                import asyncio

                await asyncio.sleep(0.05)
        self.raw.append(envelope.original_content)  # parsed when read: keeps the sink fast
        return "250 OK"

    @property
    def messages(self) -> list[Message]:
        for raw in self.raw[len(self._parsed) :]:
            self._parsed.append(email.message_from_bytes(raw, policy=email.policy.default))
        return self._parsed

    def start(self) -> SMTPSink:
        import logging

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter
        sink = self

        class Factory(Controller):
            def factory(self):
                return _CountingSMTP(self.handler, sink=sink)

        class Handler:
            # Not the sink itself: aiosmtpd looks over every attribute of its handler on
            # each connection, which would parse every message received so far (the
            # `messages` property): most of the sink's time, and a fan-out's bottleneck.
            handle_DATA = self.handle_DATA

        self._controller = Factory(Handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        self.connections = 0  # start() itself connects once to check the server is up
        return self

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address in m["To"]]


class WebhookReceiver:
    """An HTTP server that records requests and answers as told: a status, a delay, or
    a redirect."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.status = 200
        self.delay = 0.0
        self.location = ""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(
                    {"headers": dict(self.headers), "body": body, "path": self.path}
                )
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks/annals"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class PrivateRedis:
    """A redis-server of the test's own, on another port, that the test may stop."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen | None = None

    def start(self) -> PrivateRedis:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self._process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: _answers(self.port), 10, message="private redis did not start")
        return self

    def stop(self) -> None:
        if self._process:
            self._process.terminate()
            self._process.wait(10)
            self._process = None
        wait_until(lambda: not _answers(self.port), 10)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Program:
    """Any long-running command of this project (gunicorn, celery beat), its output kept in
    `log`; `ready` says when it has started."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path, ready) -> None:
        self.argv, self.env, self.log_path, self.ready = argv, {**os.environ, **env}, log, ready
        self._process: subprocess.Popen | None = None

    @property
    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def start(self, timeout: float = 60) -> Program:
        self._log = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        self._process = subprocess.Popen(
            self.argv, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        try:
            wait_until(lambda: self._process.poll() is None and self.ready(), timeout)
        except AssertionError:
            self.stop()
            raise AssertionError(f"{self.argv[:4]} did not start:\n{self.output[-3000:]}") from None
        return self

    def kill(self) -> None:
        """SIGKILL: no goodbye, no acknowledgement."""
        if self._process:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(10)
            self._process = None
            self._log.close()

    def stop(self) -> None:
        if self._process:
            self._process.terminate()
            try:
                self._process.wait(20)
            except subprocess.TimeoutExpired:
                self._process.kill()
            self._process = None
            self._log.close()


class CeleryWorker(Program):
    """A real `celery worker` process with the given environment; its output is kept."""

    def __init__(
        self, env: dict[str, str], log: Path, options: tuple[str, ...] = ("--pool=solo",)
    ) -> None:
        super().__init__(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                # Every queue, as ./scripts/run's worker (compose runs one per queue).
                "--queues=celery,webhooks",
                *options,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env,
            log,
            ready=lambda: "ready." in self.output,
        )


def http_ok(url: str) -> bool:
    """Whether `url` answers 200 now (a server that is still starting does not)."""
    import httpx

    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


class HostileReceiver:
    """An HTTP peer that misbehaves on purpose, on a raw socket: "drip" answers a byte
    every `interval` seconds and never finishes; "flood" sends an endless body; "silent"
    reads the request and never answers. `connections` counts who called."""

    def __init__(self, mode: str, interval: float = 0.2) -> None:
        self.mode, self.interval = mode, interval
        self.sent = 0
        self.connections = 0
        self._stop = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self._server.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        self.connections += 1
        with conn:
            conn.recv(65536)
            try:
                if self.mode == "silent":
                    self._stop.wait()
                elif self.mode == "drip":
                    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10000:
                        if self._stop.is_set():
                            return
                        conn.sendall(bytes([byte]))
                        self.sent += 1
                        time.sleep(self.interval)
                else:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
                    chunk = b"x" * 65536
                    while not self._stop.is_set():
                        conn.sendall(chunk)
                        self.sent += len(chunk)
            except OSError:
                return

    def stop(self) -> None:
        self._stop.set()
        self._server.close()


def nginx_binary() -> str | None:
    import shutil

    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )


class Nginx(Program):
    """nginx in front of `upstream` (host:port), with the server block docker-compose.yml
    runs (config/nginx/annals.conf.template), listening on `port`. Its files live in
    `folder`."""

    def __init__(self, upstream: str, port: int, folder: Path, media: Path | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        template = (ROOT / "config" / "nginx" / "annals.conf.template").read_text()
        server = (
            template.replace("${ANNALS_UPSTREAM}", upstream)
            .replace("${ANNALS_PROXY_PORT}", f"127.0.0.1:{port}")
            .replace("${ANNALS_MEDIA_DIR}", str(media or folder / "media"))
        )
        # As root, nginx's workers would run as nobody, who may not enter pytest's folders.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {folder}/nginx.pid;\n"
            f"error_log {folder}/error.log warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            f"  access_log {folder}/access.log;\n"
            f"  client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;\n"
            f"  fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi;\n"
            f"  scgi_temp_path {folder}/scgi;\n"
            f"{server}\n}}\n"
        )
        self.port = port
        super().__init__(
            [
                nginx_binary() or "nginx",
                "-p",
                str(folder),
                "-c",
                str(folder / "nginx.conf"),
                "-g",
                "daemon off;",
            ],
            {},
            folder / "nginx.out",
            ready=lambda: http_ok(f"http://127.0.0.1:{port}/healthz"),
        )
