"""Production settings, health endpoints and the Content Security Policy."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.celery_app import app as celery_app
from tests.servers import PrivateRedis

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "production-like-secret-key-for-checks-only-0123456789",
    "ALLOWED_HOSTS": "annals.example.org", "CSRF_TRUSTED_ORIGINS": "https://annals.example.org",
}


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DEBUG", "SECRET_KEY", "ANNALS_HTTPS", "DATABASE_URL")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, text=True,
                          capture_output=True, env={**clean, **env}, timeout=120)


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    env={**PRODUCTION, "ANNALS_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_secret_stops_start_up_with_a_clear_message(tmp_path):
    result = manage("check", env={"ANNALS_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is not true." in \
        result.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(PRODUCTION["SECRET_KEY"] + "\n")
    env = {**PRODUCTION, "ANNALS_VAR_DIR": str(tmp_path), "SECRET_KEY_FILE": str(secret)}
    del env["SECRET_KEY"]
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "ok"


@pytest.mark.django_db
def test_readiness_names_an_unreachable_broker(client):
    redis = PrivateRedis().start()
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = redis.url
    celery_app._pool = None
    try:
        assert client.get("/readyz").json()["broker"] == "ok"
        redis.stop()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["broker"].startswith("unreachable")
        assert response.json()["database"] == "ok"
    finally:
        celery_app.conf.broker_url = previous
        celery_app._pool = None


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/timelines/korean-war-armistice/",
                                 "/events/korean-war-armistice-agreement/",
                                 "/timelines/korean-war-armistice/interactive/",
                                 "/api/docs/", "/admin/login/", "/search/?q=x"])
def test_pages_carry_a_csp_and_no_inline_script(seeded, client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split(
        "script-src")[1].split(";")[0]
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", response.content.decode())
    assert inline == []
