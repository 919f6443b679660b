"""The README's first command, end to end: scripts/run starts the web server, a Celery
worker and beat, with migrations, seed data and an admin login, and stops cleanly."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Output:
    """Collects a process's output lines on a thread, for waiting on what it prints."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line)

    def wait_for(self, pattern: str, timeout: float = 120) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if match := re.search(pattern, line):
                    return match
            time.sleep(0.2)
        raise AssertionError(f"{pattern!r} never appeared in:\n{''.join(self.lines[-60:])}")


@pytest.fixture(params=["embedded", pytest.param("services", marks=pytest.mark.uses_services)])
def run_env(request, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY")
    }
    env["ANNALS_VAR_DIR"] = str(tmp_path / "var")
    if request.param == "embedded":
        yield env
        return
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the PostgreSQL + Redis variant runs in the PostgreSQL pass")
    import psycopg

    base = os.environ["DATABASE_URL"]
    name = f"annals_run_{uuid.uuid4().hex[:8]}"
    admin_url = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = base.rsplit("/", 1)[0] + f"/{name}"
    env["REDIS_URL"] = os.environ["REDIS_URL"]
    yield env
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_run_starts_web_worker_and_beat_with_seed_data(run_env):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "run"), "--port", str(port)],
        cwd=ROOT,
        env=run_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = Output(process.stdout)
    try:
        login = output.wait_for(r"Admin login: (\S+)\s+user: (\S+)\s+password: (\S+)")
        assert login[2] == "admin" and len(login[3]) >= 12
        output.wait_for(r"celery@\S+ ready\.")
        output.wait_for(r"beat: Starting")
        output.wait_for(r"Annals is running at")
        assert "Korean War armistice and its anniversaries" in _get(f"http://127.0.0.1:{port}/")
        page = _get(f"http://127.0.0.1:{port}/events/korean-war-armistice-agreement/")
        assert "27 July 1953, 10:00 Pyongyang time" in page

        # A task sent through the broker is executed by the worker.
        subprocess.run(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "call",
                "events.tasks.clear_expired_sessions",
            ],
            cwd=ROOT,
            env={**run_env, "DEBUG": "true"},
            check=True,
            capture_output=True,
        )
        output.wait_for(r"Task events\.tasks\.clear_expired_sessions\[\S+\] succeeded")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0


def _get(url: str, attempts: int = 50) -> str:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")
