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
    "ALLOWED_HOSTS": "annals.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://annals.example.org",
}


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "ANNALS_HTTPS", "DATABASE_URL")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        text=True,
        capture_output=True,
        env={**clean, **env},
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, "ANNALS_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_secret_stops_start_up_with_a_clear_message(tmp_path):
    result = manage("check", env={"ANNALS_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is not true." in result.stderr


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("change-me-to-a-long-random-string", "is the placeholder from the examples"),
        ("django-insecure-" + "k" * 50, "is a development key"),
        ("short-but-secret", "is too short: 16 characters, at least 50"),
        ("a" * 60, "is too short"),  # long, but one character over and over
    ],
)
def test_a_weak_secret_stops_production_start_up(tmp_path, key, words):
    result = manage("check", env={**PRODUCTION, "ANNALS_VAR_DIR": str(tmp_path), "SECRET_KEY": key})
    assert result.returncode != 0
    assert words in result.stderr and "secrets.token_urlsafe" in result.stderr
    # Development (DEBUG) takes any key: nothing is signed for anyone there.
    debug = {**PRODUCTION, "ANNALS_VAR_DIR": str(tmp_path), "SECRET_KEY": key, "DEBUG": "true"}
    assert manage("check", env=debug).returncode == 0


def test_hsts_preload_and_subdomains_are_opt_in(tmp_path):
    show = (
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    env = {**PRODUCTION, "ANNALS_VAR_DIR": str(tmp_path)}
    assert manage("shell", "--no-imports", "-c", show, env=env).stdout.split() == [
        "31536000",
        "False",
        "False",
    ]
    asked = {**env, "ANNALS_HSTS_PRELOAD": "true", "ANNALS_HSTS_INCLUDE_SUBDOMAINS": "true"}
    assert manage("shell", "--no-imports", "-c", show, env=asked).stdout.split() == [
        "31536000",
        "True",
        "True",
    ]


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("ANNALS_FEB29_POLICY", "feb30", "ANNALS_FEB29_POLICY='feb30': use feb28 or mar1."),
        ("ANNALS_MILESTONES", "10,twenty", "ANNALS_MILESTONES='10,twenty': use whole numbers"),
    ],
)
def test_a_mistyped_anniversary_policy_stops_start_up(tmp_path, name, value, words):
    """Not at the first reader's request: the process does not start."""
    result = manage("check", env={**PRODUCTION, "ANNALS_VAR_DIR": str(tmp_path), name: value})
    assert result.returncode != 0
    assert words in result.stderr
    assert manage("check", env={**PRODUCTION, "ANNALS_VAR_DIR": str(tmp_path)}).returncode == 0


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
def test_probes_answer_on_the_containers_own_address_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["annals.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="10.0.3.7:8000")
        assert response.status_code == 200, path
    # Everything else still insists on a known host and HTTPS.
    assert client.get("/", HTTP_HOST="10.0.3.7:8000").status_code == 400
    assert client.get("/", HTTP_HOST="annals.example.org").status_code == 301


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
        # It names the part, and nothing of the network behind it.
        assert response.json() == {"status": "not ready", "database": "ok", "broker": "unreachable"}
        assert str(redis.port) not in response.content.decode()
    finally:
        celery_app.conf.broker_url = previous
        celery_app._pool = None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/timelines/korean-war-armistice/",
        "/events/korean-war-armistice-agreement/",
        "/timelines/korean-war-armistice/interactive/",
        "/api/docs/",
        "/admin/login/",
        "/search/?q=x",
    ],
)
def test_pages_carry_a_csp_and_no_inline_script(seeded, client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", response.content.decode())
    assert inline == []


def compose_file() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_follows_the_compose_specification():
    """No Docker engine here: the file is checked against the Compose Specification's JSON
    schema (the copy vendored by check-jsonschema), as `docker compose config` would."""
    import json
    from importlib.resources import files

    import jsonschema

    schema = json.loads(
        files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json").read_text()
    )
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(compose_file())
    ]
    assert errors == []

    broken = compose_file()
    broken["services"]["web"]["depends_on"] = {"db": {"condition": "when-it-feels-like-it"}}
    assert list(validator.iter_errors(broken)), "the schema check must be able to fail"


def test_compose_runs_one_beat_scalable_workers_and_checks_health():
    services = compose_file()["services"]
    assert set(services) == {
        "db",
        "redis",
        "migrate",
        "web",
        "proxy",
        "worker",
        "webhook-worker",
        "beat",
    }
    # Exactly one beat; workers scale (no fixed name, no published port).
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "container_name" not in services["worker"] and "ports" not in services["worker"]
    for name in ("db", "redis", "web", "worker", "webhook-worker"):
        assert "healthcheck" in services[name], name
    for name in ("web", "worker", "webhook-worker", "beat"):
        service = services[name]
        assert service["environment"]["DATABASE_URL"].endswith("@db:5432/annals")
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    # Every command names a real entry point of this project.
    assert services["web"]["command"][:2] == ["gunicorn", "config.wsgi"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    # Every queue the tasks are routed to has a worker.
    from django.conf import settings

    queues = {
        flag.split("=", 1)[1]
        for name in ("worker", "webhook-worker")
        for flag in services[name]["command"]
        if flag.startswith("--queues=")
    }
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {"celery"} <= queues


def test_the_web_app_is_reached_only_through_the_proxy():
    services = compose_file()["services"]
    assert "ports" not in services["web"]  # gunicorn is not published
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    conf, media = proxy["volumes"]
    source, target, _ = conf.split(":")
    assert (ROOT / source.removeprefix("./")).is_file()
    assert target == "/etc/nginx/templates/default.conf.template"
    # Pictures: the web app writes them to a volume the proxy reads and serves.
    assert media == f"media:{proxy['environment']['ANNALS_MEDIA_DIR']}:ro"
    assert "media:/app/media" in services["web"]["volumes"]
    assert services["web"]["environment"]["ANNALS_MEDIA_ROOT"] == "/app/media"
    assert proxy["environment"]["ANNALS_UPSTREAM"] == "web:8000"
    # gunicorn's workers are threaded, so no single request pins a whole worker.
    command = services["web"]["command"]
    assert command[command.index("--worker-class") + 1] == "gthread"
    # Each app service trusts exactly the one proxy in front of it.
    assert services["web"]["environment"]["ANNALS_TRUSTED_PROXIES"] == "1"
    template = (ROOT / "config/nginx/annals.conf.template").read_text()
    for directive in (
        "client_header_timeout",
        "client_body_timeout",
        "keepalive_timeout",
        "client_max_body_size",
        "send_timeout",
        "proxy_read_timeout",
    ):
        assert directive in template, directive
    # Data survives a restart.
    assert set(compose_file()["volumes"]) == {"db-data", "redis-data", "media"}
    example = (ROOT / ".env.example").read_text()
    assert "SECRET_KEY=" in example and "ALLOWED_HOSTS=" in example


def test_every_setting_the_code_reads_is_in_the_readme_table():
    import re

    read = set()
    for path in (ROOT / "config").glob("*.py"):
        read |= set(re.findall(r'env_(?:str|int|bool|list)\("([A-Z0-9_]+)"', path.read_text()))
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    assert read, "the settings are read through config/env.py"
    assert read - documented == set()


def test_the_docs_name_only_files_that_exist():
    """A path the README, SECURITY.md or bench's figures name in backticks is one a
    newcomer can open (they moved with the code once; this keeps them moving). URLs,
    which start with a slash, are not files."""
    named = set()
    for doc in ("README.md", "SECURITY.md", "bench/README.md"):
        text = (ROOT / doc).read_text()
        named |= {(doc, path) for path in re.findall(r"`(\w[\w./-]*/[\w.-]+\.\w+)`", text)}
    assert len(named) > 40
    missing = sorted(f"{doc}: {path}" for doc, path in named if not (ROOT / path).exists())
    assert missing == []


def test_every_manage_command_the_readme_shows_exists():
    """The README writes commands as ./scripts/manage <command> (the venv and the app's
    own defaults, no SECRET_KEY needed): each names a command the project has."""
    from django.core.management import get_commands

    shown = set(re.findall(r"\./scripts/manage (\w+)", (ROOT / "README.md").read_text()))
    assert {"load_map_history", "load_seeds", "drf_create_token"} <= shown
    assert shown - set(get_commands()) == set()
    assert not re.search(
        r"(?<!scripts/)manage\.py (load|import|plan|drf)", (ROOT / "README.md").read_text()
    )
