import os

# Settings read the environment at import; a bare `pytest` (outside scripts/test) gets
# the same safe defaults the test script sets.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ANNALS_HTTPS", "false")  # the test servers speak plain HTTP
os.environ.setdefault(
    "ANNALS_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test-sqlite")
)

import sys
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# The pages in Korean, Russian and Chinese need the compiled catalogues: a bare `pytest`
# compiles them as ./scripts/test and ./scripts/run do (nothing to do when up to date).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import bootstrap

bootstrap.compile_translations()
sys.path.pop(0)

# Speed is measured by bench/, not by timing tests: two passes of two processes each on
# two cores must not fail an example for taking more than hypothesis's 200 ms.
hypothesis_settings.register_profile("annals", deadline=None)
hypothesis_settings.load_profile("annals")

# Fixtures through which a test reaches the database (pytest-django's, and ours on them).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def reaches_a_database(item) -> bool:
    """Whether a test's outcome can depend on which database or cache it runs on."""
    if item.get_closest_marker("any_database"):
        return False
    return bool(
        item.get_closest_marker("django_db")
        or item.get_closest_marker("uses_services")
        or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    _unique_node_ids(items)
    _grouped_node_ids(config, items)
    _keep_what_this_pass_runs(config, items)


def _grouped_node_ids(config, items):
    """pytest-xdist's loadgroup sends the tests of one xdist_group to one worker by a
    suffix on their node id ("…::test_x@browser"), which it writes where pytest 8 kept
    the id (`_nodeid`); pytest 9 reads it from `_id`, so the suffix is written there
    too. Without it a group's tests are spread over both workers, and each loads the
    corpus or starts a browser of its own."""
    from _pytest.nodeid import coerce_node_id

    # Set in the workers by pytest-xdist when the run is --dist loadgroup.
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        names = sorted(
            {
                str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                for mark in item.iter_markers("xdist_group")
            }
        )
        if names and "@" not in item.nodeid.rpartition("]")[2]:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")


def _unique_node_ids(items):
    """Schemathesis names each operation's test (test_x[GET /api/actors/]) but gives
    them all one node id; pytest-xdist schedules by node id, and would run one of them.
    The id gets the operation too."""
    from _pytest.nodeid import coerce_node_id  # pytest 9 keeps the id here, not _nodeid

    for item in items:
        if "[" in item.name and "[" not in item.nodeid:
            item._id = coerce_node_id(f"{item.nodeid}[{item.name.split('[', 1)[1]}")
    # Any other plugin that repeats ids would make xdist drop tests silently: stop here.
    seen: set[str] = set()
    repeated = {item.nodeid for item in items if item.nodeid in seen or seen.add(item.nodeid)}
    if repeated:
        raise pytest.UsageError(f"Tests share node ids (xdist would run one): {repeated}")


def _keep_what_this_pass_runs(config, items):
    """The second pass (PostgreSQL + Redis, ANNALS_TEST_PASS=services) runs only the
    tests that reach a database or Redis: the others would do the same work again."""
    if os.environ.get("ANNALS_TEST_PASS") != "services":
        return
    kept = [item for item in items if reaches_a_database(item)]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Django's own advice for tests: a fast hasher for the users tests create (PBKDF2
    takes 0.6 s a password here, and most API tests sign someone in). Passwords are
    still checked; only the cost of each hash differs."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def seeded(db):
    """The seed data, loaded as `manage.py load_seeds` loads it (tests/seed_cache.py:
    loaded once per process, then copied back)."""
    from tests.seed_cache import load_seeds

    load_seeds()


@pytest.fixture
def editor(db, django_user_model):
    from events.roles import ensure_editors_group

    user = django_user_model.objects.create_user(
        "edith", password="correct horse battery", is_staff=True
    )
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def english_to_start_with():
    """Each test starts in English, the default: a request to a /ko/ page activates Korean
    in the thread that served it (Django's LocaleMiddleware never switches back), and a
    form or message built outside a request must not inherit it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def relaxed_throttles(monkeypatch):
    """Throttles are tested on purpose, with rates of the test's own, never tripped by
    accident: every test starts with an empty cache and generous rates."""
    from django.core.cache import caches
    from rest_framework.throttling import SimpleRateThrottle

    for cache in caches.all(initialized_only=False):
        cache.clear()
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {
            "anon": "10000/minute",
            "user": "10000/minute",
            "subscribe": "10000/minute",
            "login": "10000/minute",
            "login-address": "10000/minute",
            "confirmation": "10000/minute",
            "export": "10000/minute",
            "calendar": "10000/minute",
            "search": "10000/minute",
            "analysis": "10000/minute",
            "facets": "10000/minute",
        },
    )


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Tasks run inline unless a test drives a real worker (marked `worker`)."""
    from config.celery_app import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def smtp(settings):
    """A real SMTP server on localhost, and Django configured to send to it."""
    from tests.servers import SMTPSink

    sink = SMTPSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    yield sink
    sink.stop()


@pytest.fixture
def receiver(settings):
    """A real HTTP server on localhost receiving webhooks (allowed for the test)."""
    from tests.servers import WebhookReceiver

    server = WebhookReceiver()
    settings.ANNALS_WEBHOOK_ALLOW_PRIVATE = True
    settings.ANNALS_WEBHOOK_TIMEOUT = 1
    yield server
    server.stop()


@pytest.fixture
def keep_the_test_connection():
    """For requests sent straight to the WSGI app (schemathesis), not through Django's
    test client: do what the client does, and keep the test's database connection (and
    its transaction) open across them."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def shared_cache_sets(monkeypatch):
    """The keys set in the shared cache (pages, summaries, calendar files) during a test,
    in order: what a request made Annals keep."""
    from django.core.cache import caches

    shared = caches["shared"]
    keys: list[str] = []
    original = shared.set

    def recording(key, *args, **kwargs):
        keys.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(shared, "set", recording)
    return keys
