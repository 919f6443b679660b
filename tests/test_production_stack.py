"""The processes of docker-compose.yml, run without Docker: PostgreSQL, Redis, gunicorn,
a Celery worker (prefork, as in production) and beat. The stack serves pages with their
static files, reports itself ready, and delivers a due reminder with nobody pushing it.

Runs in the PostgreSQL pass: the processes read the test database, so the test commits.
"""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from django.db import connection

from events.models import Event
from seeds.loading import load_seed_file
from tests.factories import due_now
from tests.servers import (
    ROOT,
    CeleryWorker,
    Nginx,
    PrivateRedis,
    Program,
    free_port,
    http_ok,
    nginx_binary,
    wait_until,
)
from timeline.reminders.models import Delivery

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="the production stack runs in the PostgreSQL pass",
    ),
    pytest.mark.skipif(
        nginx_binary() is None and os.environ.get("CI", "") not in ("1", "true", "yes"),
        reason="nginx is not installed (./scripts/test installs it where it may)",
    ),
]


@pytest.fixture
def stack_env(smtp, tmp_path):
    redis = PrivateRedis().start()
    db = connection.settings_dict
    static_root = tmp_path / "static"
    env = {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis.url,
        "CACHE_URL": redis.url.replace("/0", "/1"),
        "SECRET_KEY": "stack-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "false",
        "ANNALS_HTTPS": "false",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "ANNALS_VAR_DIR": str(tmp_path / "var"),
        "ANNALS_STATIC_ROOT": str(static_root),
        "ANNALS_MEDIA_ROOT": str(tmp_path / "media"),
        "ANNALS_PLANNER_EVERY_SECONDS": "1",
        # One proxy in front, as in docker-compose.yml.
        "ANNALS_TRUSTED_PROXIES": "1",
    }
    # As the Dockerfile does at build time.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env={**os.environ, **env},
        cwd=ROOT,
        check=True,
    )
    yield env
    redis.stop()


def test_web_worker_and_beat_serve_pages_and_deliver_a_reminder(stack_env, smtp, tmp_path):
    load_seed_file()
    [subscription] = due_now()
    due_event = Event.objects.order_by("-pk").first()

    port, proxy_port = free_port(), free_port()
    base = f"http://127.0.0.1:{proxy_port}"  # every request goes through the proxy

    web = Program(
        # As docker-compose.yml runs it (threads: a worker is never pinned by one request).
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--worker-class",
            "gthread",
            "--threads",
            "2",
        ],
        stack_env,
        tmp_path / "web.log",
        ready=lambda: http_ok(f"http://127.0.0.1:{port}/healthz"),
    ).start()
    media = tmp_path / "media"
    (media / "events").mkdir(parents=True)
    (media / "events" / "drawing.jpg").write_bytes(b"\xff\xd8\xff\xe0 a picture")
    proxy = Nginx(f"127.0.0.1:{port}", proxy_port, tmp_path / "nginx", media=media).start()
    worker = CeleryWorker(stack_env, tmp_path / "worker.log", options=("--concurrency=2",)).start()
    beat = Program(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "--loglevel=INFO",
            "--schedule",
            str(tmp_path / "beat-schedule"),
        ],
        stack_env,
        tmp_path / "beat.log",
        ready=lambda: "beat: Starting" in beat.output,
    )
    beat.start()
    try:
        home = httpx.get(f"{base}/")
        assert home.status_code == 200
        assert "Korean War armistice and its anniversaries" in home.text
        assert "Content-Security-Policy" in home.headers
        css = httpx.get(f"{base}/static/annals/annals.css")
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        event_page = httpx.get(f"{base}/events/korean-war-armistice-agreement/")
        assert event_page.status_code == 200 and "27 July 1953" in event_page.text
        ready = httpx.get(f"{base}/readyz").json()
        assert ready == {"status": "ready", "database": "ok", "broker": "ok"}
        # Through the proxy, which names no version.
        assert httpx.get(f"{base}/healthz").headers.get("server") == "nginx"
        # Uploaded pictures come from the media volume, served by the proxy itself (the
        # app serves none: ANNALS_SERVE_MEDIA is off), and never list their folder.
        picture = httpx.get(f"{base}/media/events/drawing.jpg")
        assert picture.status_code == 200 and picture.headers["x-content-type-options"] == "nosniff"
        assert picture.content.endswith(b"a picture")
        assert httpx.get(f"{base}/media/events/").status_code in (403, 404)
        assert httpx.get(f"{base}/media/../manage.py").status_code in (400, 404)

        # Slow clients wait on the proxy, not on gunicorn's two threads: four that send
        # half a request and stop do not keep a reader from the home page.
        stalled = [_half_request(proxy_port) for _ in range(4)]
        started = time.monotonic()
        assert httpx.get(f"{base}/", timeout=10).status_code == 200
        assert time.monotonic() - started < 5
        for sock in stalled:
            sock.close()
        # Bodies: the proxy refuses what no page accepts; the app caps the API's JSON.
        huge = httpx.post(f"{base}/api/events/", content=b"x" * 22_000_000, timeout=30)
        assert huge.status_code == 413
        big = httpx.post(
            f"{base}/api/subscriptions/",
            content=b"[" + b"1," * 600_000 + b"1]",
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        assert big.status_code == 413  # refused by the proxy, as by the app without one

        # Nobody calls the planner: beat schedules it, the worker sends.
        wait_until(
            lambda: smtp.messages,
            60,
            message=f"no reminder arrived.\nbeat:\n{beat.output[-2000:]}\n"
            f"worker:\n{worker.log_path.read_text()[-2000:]}",
        )
        [message] = smtp.messages
        assert message["To"] == subscription.email
        assert due_event.title in message.get_body(("plain",)).get_content()
        delivery = Delivery.objects.get(subscription=subscription)
        assert delivery.status == "sent"
    finally:
        beat.stop()
        worker.stop()
        proxy.stop()
        web.stop()


def _half_request(port: int):
    """A client that sends part of its headers and then nothing."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    return sock
